/**
 * KalliopePBX 4.x edge cases against a scripted fixture (issue 11): the signed header checked with
 * the published formula, the salt in JSON or XML, the PBX's refusals read loosely (clock, nonce,
 * credentials, permission), and what is latched and what is not.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ProtocolError, UnsupportedOperationError } from '../../../main/core/driver/errors';
import type { Driver, DriverConfig } from '../../../main/core/driver/types';
import {
  classifyRefusal,
  ClockSkewError,
  createKalliopeDriver,
  generationOf,
  parseFirmwareVersion,
  parseSalt,
} from '../../../main/drivers/kalliope';
import { reply, startFixture, type Fixture, type Recorded } from './pbx-fixture-server';

const PASSWORD = 'pa$$ {word}';
const SALT = '5f4dcc3b5aa765d61d8327deb882cf99';
const FW = '<firmware><primary>4.5.0</primary><secondary>4.4.0</secondary><running>primary</running></firmware>';
const kresp = (r: Recorded, inner: string): string =>
  `<?xml version="1.0"?>\n<kpbx_response><request_id>${r.query.get('request_id') ?? ''}</request_id>${inner}</kpbx_response>`;

let fx: Fixture | undefined;
let driver: Driver | undefined;
afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

type Handler = (r: Recorded, res: Parameters<Fixture['handler']>[1]) => void;

/** A 4.x fixture: the salt in JSON, the given handler for everything else. */
async function setup(handler: Handler, extra: Partial<DriverConfig> = {}) {
  fx = await startFixture((r, res) => {
    if (r.path === '/rest/salt/default') return reply(res, 200, JSON.stringify({ salt: SALT }), 'application/json');
    handler(r, res);
  });
  driver = createKalliopeDriver({ device: 'K4', kind: 'kalliope', url: fx.url, username: 'admin', password: PASSWORD, extension: '200', timeoutMs: 2000, ...extra });
  return { fx, driver };
}

const fields = (h: string): Record<string, string> => Object.fromEntries([...h.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
const okVersion: Handler = (r, res) => (r.path.endsWith('firmwareVersion') ? reply(res, 200, '{"version":"4.5.0-9001"}', 'application/json') : reply(res, 200, kresp(r, '<contacts/>')));

describe('the signed header', () => {
  it('is the published construction: Digest = base64(sha256(Nonce + sha256_hex(password{salt}) + Username + Domain + Created))', async () => {
    const { fx, driver } = await setup(okVersion);
    await driver.probe();
    const signed = fx.requests.find((r) => r.path === '/rest/dashboard/firmwareVersion')!;
    const h = String(signed.headers['x-authenticate']);
    expect(h.startsWith('RestApiUsernameToken ')).toBe(true);
    const f = fields(h);
    expect(f['Username']).toBe('admin');
    expect(f['Domain']).toBe('default');
    expect(f['Nonce']).toMatch(/^[0-9a-f]{8,}$/);
    expect(f['Created']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Math.abs(Date.parse(f['Created']!) - Date.now())).toBeLessThan(60_000);
    const digestPassword = createHash('sha256').update(`${PASSWORD}{${SALT}}`).digest('hex');
    const expected = createHash('sha256').update(`${f['Nonce']}${digestPassword}admin${'default'}${f['Created']}`).digest('base64');
    expect(f['Digest']).toBe(expected);
    expect(signed.headers.authorization).toBeUndefined();
    expect(signed.headers.accept).toMatch(/application\/json/);
    // the salt request carried no credentials and asked for JSON
    const salt = fx.requests.find((r) => r.path === '/rest/salt/default')!;
    expect(salt.headers.authorization).toBeUndefined();
    expect(salt.headers['x-authenticate']).toBeUndefined();
    expect(salt.headers.accept).toMatch(/application\/json/);
  });

  it('reads a salt sent as XML even when JSON was asked', async () => {
    fx = await startFixture((r, res) => {
      if (r.path === '/rest/salt/default') return reply(res, 200, `<?xml version="1.0"?><response><salt>${SALT}</salt></response>`, 'text/xml');
      okVersion(r, res);
    });
    driver = createKalliopeDriver({ device: 'K4', kind: 'kalliope', url: fx.url, username: 'admin', password: PASSWORD });
    await expect(driver.probe()).resolves.toMatchObject({ family: 'kalliope-4', generation: '4.x', firmware: '4.5.0-9001' });
  });
});

describe('refusals of a 4.x PBX', () => {
  it('"Nonce already used" is not a credential problem: ProtocolError, not latched, the next call signs afresh', async () => {
    let n = 0;
    const { fx, driver } = await setup((r, res) => {
      if (r.path.endsWith('firmwareVersion') && n++ === 0) return reply(res, 401, '{"code":401,"message":"Nonce already used"}', 'application/json');
      okVersion(r, res);
    });
    const e = await driver.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toMatch(/repeated request/);
    await expect(driver.probe()).resolves.toMatchObject({ family: 'kalliope-4' });
    const nonces = fx.requests.filter((r) => r.headers['x-authenticate']).map((r) => fields(String(r.headers['x-authenticate']))['Nonce']);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('a PBX Date header 8 minutes behind settles a plain "Invalid credentials" as a clock problem (latched)', async () => {
    const { fx, driver } = await setup((_r, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json', Date: new Date(Date.now() - 8 * 60_000).toUTCString() });
      res.end('{"code":401,"message":"Invalid credentials"}');
    });
    const e = await driver.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClockSkewError);
    expect((e as ClockSkewError).skewMs).toBeLessThan(-7 * 60_000);
    expect((e as Error).message).toMatch(/about 8 minutes \(this computer is ahead\)/);
    const n = fx.requests.length;
    await expect(driver.contacts!()).rejects.toBe(e);
    expect(fx.requests.length).toBe(n);
  });

  it('a refusal that names the timestamp is a clock problem even when the Date header agrees', async () => {
    const { driver } = await setup((_r, res) => reply(res, 401, 'Created timestamp out of the allowed window', 'text/plain'));
    const e = await driver.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClockSkewError);
    expect((e as Error).message).toMatch(/differ by more than 5 minutes/);
  });

  it('a plain 401 is a credential refusal; the message never holds the password, salt or digest', async () => {
    const { fx, driver } = await setup((_r, res) => reply(res, 401, '', 'text/plain'));
    const e = await driver.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect(e).not.toBeInstanceOf(ClockSkewError);
    const msg = (e as Error).message;
    const digest = fields(String(fx.requests.at(-1)!.headers['x-authenticate']))['Digest']!;
    for (const secret of [PASSWORD, SALT, digest]) expect(msg).not.toContain(secret);
    expect(JSON.stringify(e)).not.toContain(digest);
  });

  it('a 403 on the login proof is a permission problem of that user (latched AuthError)', async () => {
    const { fx, driver } = await setup((_r, res) => reply(res, 403, '{"code":403,"message":"Access denied"}', 'application/json'));
    const e = await driver.contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/may lack permission to use the REST API/);
    expect(fx.requests.map((r) => r.path)).toEqual(['/rest/salt/default', '/rest/dashboard/firmwareVersion']);
  });

  it('after the login is proven, 403, 405, 501 and a bare 404 on a route are "unavailable", never AuthError', async () => {
    for (const status of [403, 405, 501, 404]) {
      const d = (await setup((r, res) => (r.path.endsWith('firmwareVersion') ? okVersion(r, res) : reply(res, status, 'no', 'text/plain')))).driver;
      const e = await d.history!().catch((x: unknown) => x);
      expect(e, `HTTP ${status}`).toBeInstanceOf(UnsupportedOperationError);
      // not latched: the login still answers
      await expect(d.probe()).resolves.toMatchObject({ family: 'kalliope-4' });
      await d.close();
      await fx!.close();
      driver = undefined;
      fx = undefined;
    }
  });

  it('without /dashboard/firmwareVersion, probe proves the login and reads the version at /system/firmware', async () => {
    const { fx, driver } = await setup((r, res) => (r.path.endsWith('firmwareVersion') ? reply(res, 404, 'Not Found', 'text/plain') : reply(res, 200, kresp(r, FW))));
    await expect(driver.probe()).resolves.toMatchObject({ family: 'kalliope-4', generation: '4.x', firmware: '4.5.0' });
    expect(fx.requests.map((r) => r.path)).toEqual(['/rest/salt/default', '/rest/dashboard/firmwareVersion', '/rest/system/firmware']);
  });

  it('a salt endpoint answering 5xx decides nothing: ProtocolError, and the next call asks again', async () => {
    let n = 0;
    fx = await startFixture((r, res) => {
      if (r.path === '/rest/salt/default') return n++ === 0 ? reply(res, 503, 'busy', 'text/plain') : reply(res, 200, JSON.stringify({ salt: SALT }), 'application/json');
      okVersion(r, res);
    });
    driver = createKalliopeDriver({ device: 'K4', kind: 'kalliope', url: fx.url, username: 'admin', password: PASSWORD });
    await expect(driver.probe()).rejects.toBeInstanceOf(ProtocolError);
    await expect(driver.probe()).resolves.toMatchObject({ family: 'kalliope-4' });
  });

  it('a family of another kind is refused when the driver is made', () => {
    expect(() => createKalliopeDriver({ device: 'K4', kind: 'kalliope', url: 'http://127.0.0.1:9', username: 'admin', password: 'x', family: 'gs-sha256' })).toThrow(
      /not a KalliopePBX firmware family; use kalliope-3 or kalliope-4/,
    );
  });
});

describe('tolerant readers', () => {
  it('parseSalt: JSON, nested JSON, XML anywhere; nothing from a 3.x answer or a login page', () => {
    expect(parseSalt('{"salt":"abc123"}')).toBe('abc123');
    expect(parseSalt('{"data":{"salt":"abc123"}}')).toBe('abc123');
    expect(parseSalt('<?xml version="1.0"?><response><salt>abc123</salt></response>')).toBe('abc123');
    expect(parseSalt('<salt>abc123</salt>')).toBe('abc123');
    expect(parseSalt('<?xml version="1.0"?><kpbx_response><request_id>x</request_id></kpbx_response>')).toBeUndefined();
    expect(parseSalt('<html><body>Login</body></html>')).toBeUndefined();
    expect(parseSalt('{"salt":""}')).toBeUndefined();
    expect(parseSalt('{"salt":"has space"}')).toBeUndefined();
    expect(parseSalt('')).toBeUndefined();
  });

  it('parseFirmwareVersion: a JSON string, version keys at any of a few levels, XML, plain text', () => {
    expect(parseFirmwareVersion('"4.6.2-7511"')).toBe('4.6.2-7511');
    expect(parseFirmwareVersion('{"version":"4.6.2"}')).toBe('4.6.2');
    expect(parseFirmwareVersion('{"firmwareVersion":"4.9.9"}')).toBe('4.9.9');
    expect(parseFirmwareVersion('{"data":{"firmware":{"running":"4.8.1"}}}')).toBe('4.8.1');
    expect(parseFirmwareVersion('{"build":"77","version":"4.7.0"}')).toBe('4.7.0');
    expect(parseFirmwareVersion('<response><version>4.5.1</version></response>')).toBe('4.5.1');
    expect(parseFirmwareVersion('KalliopePBX 4.3.0')).toBe('4.3.0');
    expect(parseFirmwareVersion('{"ok":true}')).toBeUndefined();
    expect(generationOf('4.6.2-7511')).toBe('4.x');
    expect(generationOf('unknown')).toBeUndefined();
  });

  it('classifyRefusal: the Date header over 5 minutes wins; words about time; nonce reuse; else credentials', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(classifyRefusal('', 'Thu, 01 Jan 2026 12:06:00 GMT', now)).toEqual({ why: 'clock', skewMs: 360_000 });
    expect(classifyRefusal('{"message":"Invalid credentials"}', 'Thu, 01 Jan 2026 12:04:00 GMT', now)).toEqual({ why: 'credentials', skewMs: 240_000 });
    expect(classifyRefusal('{"error":"Future token detected"}', undefined, now).why).toBe('clock');
    expect(classifyRefusal('{"message":"Nonce already used"}', undefined, now).why).toBe('nonce');
    expect(classifyRefusal('Password expired', undefined, now).why).toBe('credentials');
    expect(classifyRefusal('<html>401</html>', 'garbage', now)).toEqual({ why: 'credentials' });
  });
});

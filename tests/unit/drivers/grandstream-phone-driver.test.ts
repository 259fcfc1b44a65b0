import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  DeviceRejectedError,
  LockedOutError,
  ProtocolError,
  TimeoutError,
  UnreachableError,
  UnsupportedFirmwareError,
} from '../../../main/core/driver/errors';
import type { DriverConfig } from '../../../main/core/driver/types';
import { createGrandstreamPhoneDriver, type GrandstreamPhoneDriver } from '../../../main/drivers/grandstream-phone';
import { json, send, startGsFixture, type GsFixture, type GsRecorded } from './grandstream-fixture';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

interface FakePhone {
  password: string;
  separator: string;
  /** Answer api-values.get with 404 (only api.values.get exists). */
  dotOnly: boolean;
  /** The next N authenticated calls answer 401 as if the session expired. */
  expireNext: number;
  /** Return the session in the body only (no cookie). */
  bodySid: boolean;
  failures: number;
  lockAfter: number;
  randoms: Set<string>;
  sessions: Set<string>;
  lines: unknown;
  /** Endpoints the logged-in account lacks the privilege for: unauthorized even with a valid session. */
  forbidden: Set<string>;
  override: ((r: GsRecorded) => { status?: number; body: string } | undefined) | undefined;
}

let fx: GsFixture | undefined;
let driver: GrandstreamPhoneDriver | undefined;

afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

function sessionOf(r: GsRecorded): string | undefined {
  const m = /session-identity=([^;]+)/.exec(r.headers.cookie ?? '');
  return m?.[1] ?? r.query.get('sid') ?? undefined;
}

async function fakePhone(patch: Partial<FakePhone> = {}): Promise<{ phone: FakePhone; fx: GsFixture }> {
  const phone: FakePhone = {
    password: 'secret',
    separator: ':',
    dotOnly: false,
    expireNext: 0,
    bodySid: false,
    failures: 0,
    lockAfter: 3,
    randoms: new Set(),
    sessions: new Set(),
    lines: [
      { line: 1, state: '0', acct: '', name: '', number: '', active: 0 },
      { line: 2, state: '2', acct: '0', name: 'Ann', number: '201', active: 0 },
    ],
    forbidden: new Set(),
    override: undefined,
    ...patch,
  };
  let n = 0;
  fx = await startGsFixture((r, res) => {
    const ep = r.path.replace(/^\/cgi-bin\//, '');
    const o = phone.override?.(r);
    if (o) return send(res, o.status ?? 200, o.body);
    if (ep === 'loginrealm') {
      const rnd = String(1000 + ++n);
      phone.randoms.add(rnd);
      return send(res, 200, rnd);
    }
    if (ep === 'login') {
      if (phone.failures >= phone.lockAfter) return json(res, { response: 'error', body: 'locked', retry_after: 120 });
      const user = r.query.get('Username') ?? '';
      const secret = r.query.get('Secret') ?? '';
      const ok = [...phone.randoms].find((rnd) => md5([user, rnd, phone.password].join(phone.separator)) === secret);
      if (!ok) {
        phone.failures++;
        return json(res, { response: 'error', body: 'unauthorized' });
      }
      phone.randoms.delete(ok);
      const sid = `s${phone.sessions.size + 1}`;
      phone.sessions.add(sid);
      return phone.bodySid
        ? json(res, { response: 'success', body: { sid } })
        : json(res, { response: 'success', body: { sid, role: 'admin' } }, 200, { 'Set-Cookie': [`session-identity=${sid}; Path=/; HttpOnly`, 'session-role=admin; Path=/'] });
    }
    const sid = sessionOf(r);
    const authed = sid !== undefined && phone.sessions.has(sid);
    if (ep === 'api-get_phone_status') {
      if (!authed || phone.expireNext > 0 || phone.forbidden.has(ep)) {
        if (phone.expireNext > 0) phone.expireNext--;
        return json(res, { response: 'success', body: 'unauthorized', misc: '1' });
      }
      return json(res, { response: 'success', body: 'ringing', misc: '1' });
    }
    if (!authed || phone.expireNext > 0 || phone.forbidden.has(ep)) {
      if (phone.expireNext > 0) phone.expireNext--;
      return json(res, { response: 'error', body: 'unauthorized' }, 401);
    }
    switch (ep) {
      case 'api-values.get':
        if (phone.dotOnly) return send(res, 404, '<html>404</html>', 'text/html');
        return json(res, { response: 'success', body: { phone_model: 'GXV3380', prog_version: '1.0.5.9', mac: '000b82112233' } });
      case 'api.values.get':
        return json(res, { response: 'success', body: { phone_model: 'GXV3370', prog_version: '1.0.3.56', mac: '00:0B:82:11:22:33' } });
      case 'api-get_line_status':
        return json(res, { response: 'success', body: phone.lines });
      case 'api-phone_operation':
        return json(res, { response: 'success', body: r.query.get('line') === '9' ? 'false' : 'true' });
      case 'api-make_call':
        return json(res, { response: 'error', body: 'no free line' });
      default:
        return send(res, 404, 'not found');
    }
  });
  return { phone, fx };
}

function config(url: string, patch: Partial<DriverConfig> = {}): DriverConfig {
  return { device: 'Desk phone', kind: 'grandstream-phone', url, username: 'admin', password: 'secret', timeoutMs: 2000, ...patch };
}

describe('Grandstream phone driver: sessions', () => {
  it('logs in once with MD5(user:random:password) and reuses the session', async () => {
    const { fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const lines = await driver.lines();
    expect(lines.map((l) => l.state)).toEqual(['idle', 'ringing']);
    await driver.lines();
    await driver.status();
    expect(fx.count('/login')).toBe(1);
    expect(fx.count('/loginrealm')).toBe(1);
    const call = fx.requests.find((r) => r.path.endsWith('api-get_line_status'));
    expect(call?.headers.cookie).toMatch(/session-identity=s1/);
    // The cookie carries the sid, so it is not repeated in the URL.
    expect(call?.query.get('sid')).toBeNull();
  });

  it('accepts a URL that already ends in /cgi-bin and a configured "." separator', async () => {
    const { fx } = await fakePhone({ separator: '.' });
    driver = createGrandstreamPhoneDriver(config(`${fx.url}/cgi-bin/`, { loginSeparator: '.' }));
    await expect(driver.lines()).resolves.toHaveLength(2);
    expect(fx.requests.every((r) => r.path.startsWith('/cgi-bin/') && !r.path.includes('cgi-bin/cgi-bin'))).toBe(true);
  });

  it('sends a body-only session id as ?sid=', async () => {
    const { fx } = await fakePhone({ bodySid: true });
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await driver.lines();
    const call = fx.requests.find((r) => r.path.endsWith('api-get_line_status'));
    expect(call?.query.get('sid')).toBe('s1');
  });

  it('re-logs in exactly once when a call reports the session expired (401), then retries', async () => {
    const { phone, fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await driver.lines();
    phone.expireNext = 1;
    await expect(driver.lines()).resolves.toHaveLength(2);
    expect(fx.count('/login')).toBe(2);
    expect(fx.count('api-get_line_status')).toBe(3);
  });

  it('re-logs in when phone status says "unauthorized" with HTTP 200', async () => {
    const { phone, fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await driver.lines();
    phone.expireNext = 1;
    await expect(driver.status()).resolves.toEqual({ state: 'ringing', clickToDial: true });
    expect(fx.count('/login')).toBe(2);
  });

  it('does not loop: refused again after the one re-login and the session gone is "session taken over", after exactly 2 logins', async () => {
    const { phone, fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await driver.lines();
    phone.expireNext = 5;
    const e = await driver.lines().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect(e).toMatchObject({ code: 'session-taken-over', endpoint: '/cgi-bin/api-get_line_status' });
    expect((e as Error).message).toMatch(/^Desk phone: .*another login as "admin"/);
    expect(fx.count('/login')).toBe(2);
    expect(fx.count('api-get_line_status')).toBe(3);
    // one look at the session (no login), and nothing is latched: the next call logs in again
    expect(fx.count('api-get_phone_status')).toBe(1);
    expect(driver.client.refusedEndpoint('api-get_line_status')).toBeUndefined();
    phone.expireNext = 0;
    await expect(driver.lines()).resolves.toHaveLength(2);
    expect(fx.count('/login')).toBe(3);
  });

  it('a session taken over right after our own login gets one fresh login and one retry (issue 13 item 5)', async () => {
    const { phone, fx } = await fakePhone();
    phone.expireNext = 1;
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await expect(driver.lines()).resolves.toHaveLength(2);
    expect(fx.count('/login')).toBe(2);
    expect(fx.count('api-get_line_status')).toBe(2);
    expect(driver.client.refusedEndpoint('api-get_line_status')).toBeUndefined();
  });

  it('an endpoint refused after a fresh login and one retry, with the session still good, is latched as a privilege problem', async () => {
    const { fx } = await fakePhone({ forbidden: new Set(['api-get_line_status']) });
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const first = await driver.lines().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AuthError);
    expect((first as AuthError).endpoint).toBe('/cgi-bin/api-get_line_status');
    expect((first as AuthError).message).toMatch(/lack the privilege/);
    expect(fx.count('/login')).toBe(2);
    expect(fx.count('api-get_line_status')).toBe(2);
    expect(fx.count('api-get_phone_status')).toBe(1);
    for (let i = 0; i < 3; i++) await expect(driver.lines()).rejects.toBe(first);
    expect(fx.count('api-get_line_status')).toBe(2);
    expect(fx.count('/login')).toBe(2);
    expect(driver.client.refusedEndpoint('api-get_line_status')).toBe(first);
    // the session is still good for everything else
    await expect(driver.probe()).resolves.toMatchObject({ model: 'GXV3380' });
    await expect(driver.status()).resolves.toMatchObject({ state: 'ringing' });
    expect(fx.count('/login')).toBe(2);
    const afterRelogin = fx.requests.slice(fx.requests.findLastIndex((r) => r.path.endsWith('/login')) + 1);
    expect(afterRelogin.length).toBeGreaterThan(3);
    expect(afterRelogin.every((r) => /session-identity=s2/.test(r.headers.cookie ?? ''))).toBe(true);
    expect(driver.client.refusedEndpoint('api-values.get')).toBeUndefined();
  });

  it('a refusal after the one re-login is latched too (the second call does not log in a third time)', async () => {
    const { phone, fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await driver.lines();
    phone.forbidden.add('api-get_line_status');
    const first = await driver.lines().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AuthError);
    expect(fx.count('/login')).toBe(2);
    await expect(driver.lines()).rejects.toBe(first);
    expect(fx.count('/login')).toBe(2);
    expect(fx.count('api-get_line_status')).toBe(3);
  });

  it('a refused phone status keeps answering "unauthorized" with the current session, without logging in again', async () => {
    const { phone, fx } = await fakePhone({ forbidden: new Set(['api-get_phone_status']) });
    driver = createGrandstreamPhoneDriver(config(fx.url));
    for (let i = 0; i < 4; i++) await expect(driver.status()).resolves.toEqual({ state: 'unauthorized', clickToDial: null });
    // one fresh login and one retry on the first call, then the current session only
    expect(fx.count('/login')).toBe(2);
    expect(fx.count('api-get_phone_status')).toBe(5);
    await expect(driver.lines()).resolves.toHaveLength(2);
    // privilege granted later: the status answers again and its latch is lifted
    phone.forbidden.clear();
    await expect(driver.status()).resolves.toEqual({ state: 'ringing', clickToDial: true });
    expect(driver.client.refusedEndpoint('api-get_phone_status')).toBeUndefined();
    expect(fx.count('/login')).toBe(2);
  });

  it('never retries a rejected password: later calls throw the same AuthError without traffic', async () => {
    const { phone, fx } = await fakePhone({ password: 'other' });
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const first = await driver.lines().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AuthError);
    expect((first as AuthError).message).toMatch(/Desk phone/);
    expect((first as AuthError).message).toMatch(/Correct the credentials/);
    expect((first as AuthError).endpoint).toBe('/cgi-bin/login');
    const sent = fx.requests.length;
    expect(sent).toBe(2); // loginrealm + login
    for (let i = 0; i < 4; i++) {
      const again = await driver.status().catch((e: unknown) => e);
      expect(again).toBe(first);
    }
    await expect(driver.probe()).rejects.toBe(first);
    expect(fx.requests.length).toBe(sent);
    expect(phone.failures).toBe(1);
  });

  it('reports a locked account as LockedOutError with the wait, and does not knock again meanwhile', async () => {
    const { fx } = await fakePhone({ failures: 3 });
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const e = await driver.lines().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LockedOutError);
    expect((e as LockedOutError).retryAfterMs).toBe(120_000);
    const sent = fx.requests.length;
    await expect(driver.lines()).rejects.toBeInstanceOf(LockedOutError);
    expect(fx.requests.length).toBe(sent);
  });

  it('maps a missing loginrealm to UnsupportedFirmwareError', async () => {
    const { phone, fx } = await fakePhone();
    phone.override = (r) => (r.path.endsWith('loginrealm') ? { status: 404, body: 'nope' } : undefined);
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await expect(driver.lines()).rejects.toBeInstanceOf(UnsupportedFirmwareError);
  });
});

describe('Grandstream phone driver: values and answers', () => {
  it('probes with api-values.get', async () => {
    const { fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const p = await driver.probe();
    expect(p).toEqual({
      kind: 'grandstream-phone',
      model: 'GXV3380',
      firmware: '1.0.5.9',
      mac: '00:0B:82:11:22:33',
      capabilities: ['dial', 'callControl', 'lines', 'contacts', 'contactsWrite', 'groups', 'reboot'],
    });
    expect(driver.client.valuesSpelling).toBe('api-values.get');
  });

  it('falls back to api.values.get on 404 and remembers it', async () => {
    const { fx } = await fakePhone({ dotOnly: true });
    driver = createGrandstreamPhoneDriver(config(fx.url));
    expect((await driver.probe()).model).toBe('GXV3370');
    expect(driver.client.valuesSpelling).toBe('api.values.get');
    await driver.probe();
    expect(fx.count('api-values.get')).toBe(1);
    expect(fx.count('api.values.get')).toBe(2);
  });

  it('turns a device error answer into DeviceRejectedError with its message', async () => {
    const { fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const e = await driver.dial({ number: '201' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).message).toMatch(/no free line/);
    expect((e as DeviceRejectedError).endpoint).toBe('/cgi-bin/api-make_call');
  });

  it('validates a dial number before any traffic', async () => {
    const { fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await expect(driver.dial({ number: 'drop table' })).rejects.toBeInstanceOf(RangeError);
    expect(fx.requests).toHaveLength(0);
  });

  it('sends the line as both line and arg, asks the read-only numbering hint once, and reports a command without effect', async () => {
    const { fx } = await fakePhone();
    // line 2 rings; this fake answers every operation "true" but never changes a line
    driver = createGrandstreamPhoneDriver(config(fx.url), { verifyDelaysMs: [0, 5] });
    const e = await driver.callControl('accept', 2).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect(e).toMatchObject({ code: 'no-effect', endpoint: '/cgi-bin/api-phone_operation' });
    expect((e as Error).message).toMatch(/^Desk phone: Accept on line 2 had no effect: the line is still ringing \(the phone answered "true"\)/);
    const ops = fx.requests.filter((r) => r.path.endsWith('api-phone_operation'));
    // one-based guess first (line 3, what a zero-based phone would hit, does not exist), then the zero-based one (line 1 is idle)
    expect(ops.map((r) => [r.query.get('cmd'), r.query.get('line'), r.query.get('arg')])).toEqual([
      ['acceptcall', '2', '2'],
      ['acceptcall', '1', '1'],
    ]);
    const hints = fx.requests.filter((r) => r.path.endsWith('api-get_line_status') && r.query.get('line') !== null);
    expect(hints.map((r) => r.query.get('line'))).toEqual(['1']);
    expect(driver.lineNumbering).toBeUndefined();
    await driver.callControl('accept', 2).catch(() => undefined);
    expect(fx.requests.filter((r) => r.path.endsWith('api-get_line_status') && r.query.get('line') !== null)).toHaveLength(1);
  });

  it('refuses a line the phone does not have, and actions that do not fit the line, without sending anything', async () => {
    const { fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await expect(driver.callControl('accept', 9)).rejects.toMatchObject({ code: 'no-such-line', message: expect.stringMatching(/no line 9 \(its lines: 1–2\)/) as unknown });
    await expect(driver.callControl('accept', 1)).rejects.toMatchObject({ code: 'wrong-state', message: 'Desk phone: Accept on line 1 was not sent: it is not ringing (it is idle).' });
    await expect(driver.callControl('end', 2)).rejects.toMatchObject({ code: 'wrong-state', message: expect.stringMatching(/reject it instead/) as unknown });
    await expect(driver.callControl('hold', 2)).rejects.toMatchObject({ code: 'wrong-state' });
    await expect(driver.callControl('resume', 1)).rejects.toMatchObject({ code: 'wrong-state' });
    await expect(driver.callControl('end', 0)).rejects.toBeInstanceOf(RangeError);
    await expect(driver.callControl('end', 1.5)).rejects.toBeInstanceOf(RangeError);
    await expect(driver.callControl('transfer' as never, 1)).rejects.toThrow(/not supported/);
    expect(fx.count('api-phone_operation')).toBe(0);
  });

  it('lines() returns the identical frozen array while the answer bytes are unchanged, and does not parse them again', async () => {
    const { phone, fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const a = await driver.lines();
    const b = await driver.lines();
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a[0])).toBe(true);
    phone.lines = [
      { line: 1, state: '4', acct: '0', name: 'Ann', number: '201', active: 1 },
      { line: 2, state: '0', acct: '', name: '', number: '', active: 0 },
    ];
    const c = await driver.lines();
    expect(c).not.toBe(a);
    expect(c.map((l) => l.state)).toEqual(['connected', 'idle']);
    expect(await driver.lines()).toBe(c);
    // a bad answer in between throws and leaves nothing stale behind
    const good = phone.lines;
    phone.lines = 'all good';
    await expect(driver.lines()).rejects.toBeInstanceOf(ProtocolError);
    phone.lines = good;
    expect(await driver.lines()).toBe(c);
    // the unchanged path reads nothing: the reader runs once for two identical answers
    let reads = 0;
    const read = (body: unknown): unknown => {
      reads++;
      return body;
    };
    const p1 = await driver.client.poll('api-get_line_status', undefined, read);
    const p2 = await driver.client.poll('api-get_line_status', p1, read);
    expect(p2).toBe(p1);
    expect(reads).toBe(1);
    expect(fx.count('/login')).toBe(1);
  });

  it('maps a phone status word outside the manual to other, keeping the word (issue 13 item 2)', async () => {
    const { phone, fx } = await fakePhone();
    phone.override = (r) => (r.path.endsWith('api-get_phone_status') && sessionOf(r) ? { body: '{"response":"success","body":"dnd","misc":"0"}' } : undefined);
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await driver.lines();
    await expect(driver.status()).resolves.toEqual({ state: 'other', clickToDial: false, reported: 'dnd' });
  });

  it("probes with the manuals' value names first, the others in a second request, and survives a refusal of those (issue 13 item 2)", async () => {
    const { phone, fx } = await fakePhone();
    phone.override = (r) => {
      if (!r.path.endsWith('api-values.get')) return undefined;
      const names = (r.query.get('request') ?? '').split(':');
      if (names.includes('phone_model')) return { body: '{"response":"error","body":"invalid request"}' };
      return { body: '{"response":"success","body":{"prog_version":"","68":"1.0.3.30","vendor_name":"Grandstream"}}' };
    };
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await expect(driver.probe()).resolves.toMatchObject({ model: 'Grandstream phone', firmware: '1.0.3.30' });
    const asked = fx.requests.filter((r) => r.path.endsWith('api-values.get')).map((r) => r.query.get('request'));
    expect(asked).toEqual(['68:vendor_name:vendor_fullname:hw_rev', 'phone_model:prog_version:mac']);
  });

  it('an empty user name logs in as gmiadmin, the manuals\' default web-service user (issue 13 item 4)', async () => {
    const { fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url, { username: '' }));
    await driver.lines();
    expect(fx.requests.find((r) => r.path.endsWith('/login'))?.query.get('Username')).toBe('gmiadmin');
    await driver.close();
    driver = createGrandstreamPhoneDriver(config(fx.url, { username: '', password: 'wrong' }));
    await expect(driver.lines()).rejects.toThrow(/rejected user "gmiadmin"/);
  });

  it('dial takes the account number users see (1-based) and sends the 0-based index (issue 13 item 4)', async () => {
    const { phone, fx } = await fakePhone();
    phone.override = (r) => (r.path.endsWith('api-make_call') && sessionOf(r) ? { body: '{"response":"success","body":""}' } : undefined);
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await driver.dial({ number: '201', account: 1 });
    await driver.dial({ number: '202', account: 3 });
    await driver.dial({ number: '203' });
    const calls = fx.requests.filter((r) => r.path.endsWith('api-make_call'));
    expect(calls.map((r) => [r.query.get('phonenumber'), r.query.get('account')])).toEqual([
      ['201', '0'],
      ['202', '2'],
      ['203', '0'],
    ]);
    for (const bad of [0, 17, 1.5, -1]) await expect(driver.dial({ number: '201', account: bad })).rejects.toThrow(/not a phone account number \(1-16/);
    expect(fx.count('api-make_call')).toBe(3);
  });

  it('turns unreadable and unknown shapes into ProtocolError naming the endpoint, without crashing', async () => {
    const { phone, fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    const good = phone.lines;
    phone.lines = 'all good';
    const e1 = await driver.lines().catch((x: unknown) => x);
    expect(e1).toBeInstanceOf(ProtocolError);
    expect((e1 as ProtocolError).endpoint).toBe('/cgi-bin/api-get_line_status');
    phone.override = (r) => (r.path.endsWith('api-get_line_status') ? { body: '<html><body>Hello</body></html>' } : undefined);
    await expect(driver.lines()).rejects.toBeInstanceOf(ProtocolError);
    phone.override = (r) => (r.path.endsWith('api-get_line_status') ? { status: 500, body: 'Internal Server Error' } : undefined);
    await expect(driver.lines()).rejects.toThrow(/HTTP 500/);
    phone.override = undefined;
    phone.lines = good;
    await expect(driver.lines()).resolves.toHaveLength(2);
  });

  it('maps an unknown endpoint (404) to ProtocolError', async () => {
    const { fx } = await fakePhone();
    driver = createGrandstreamPhoneDriver(config(fx.url));
    await expect(driver.groups()).rejects.toThrow(/HTTP 404/);
  });

  it('maps a refused connection to UnreachableError and a silent server to TimeoutError', async () => {
    const { fx } = await fakePhone();
    const url = fx.url;
    await fx.close();
    driver = createGrandstreamPhoneDriver(config(url));
    await expect(driver.lines()).rejects.toBeInstanceOf(UnreachableError);
    await driver.close();
    const silent = await startGsFixture(() => undefined);
    try {
      driver = createGrandstreamPhoneDriver(config(silent.url, { timeoutMs: 200 }));
      await expect(driver.lines()).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      await driver.close();
      await silent.close();
    }
  });
});

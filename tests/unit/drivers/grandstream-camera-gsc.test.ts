/**
 * GSC36xx camera pieces against a recording fixture: the XML reader, a firmware that answers none of
 * the seed's goform modules, login answers outside the manual, and what the requests carry.
 */
import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ProtocolError } from '../../../main/core/driver/errors';
import { createGrandstreamCameraDriver, parseGscXml, xmlField, type GrandstreamCameraDriver } from '../../../main/drivers/grandstream-camera';
import { send, startGsFixture, type GsFixture, type GsRecorded } from './grandstream-fixture';

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
const xml = (body: string): string => `<?xml version="1.0" encoding="UTF-8" ?>\n<Configuration>\n${body}\n</Configuration>\n`;

let fx: GsFixture | undefined;
let driver: GrandstreamCameraDriver | undefined;
afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

interface Opts {
  /** The login answer of step 2 (default: ResCode 0 and a session cookie when the authcode is right). */
  step2?: (r: GsRecorded) => { status: number; body: string; cookie?: string };
}

/** A GSC36xx that knows only /goform/login, /goform/config and the snapshots. */
async function start(opts: Opts = {}): Promise<GsFixture> {
  const f = await startGsFixture((r, res) => {
    if (r.path === '/goform/login') {
      if (!r.query.has('authcode')) return send(res, 200, xml('<ResCode>0</ResCode><ChallengeCode>c0ffee</ChallengeCode><LoginType>0</LoginType><RetMsg>OK</RetMsg>'), 'text/xml');
      const a = opts.step2?.(r) ?? (r.query.get('authcode') === md5('c0ffee:GSC36XXlZpRsFzCbM:Pw1') ? { status: 200, body: xml('<ResCode>0</ResCode><RetMsg>OK</RetMsg>'), cookie: 'session=abc123;path=/;' } : { status: 200, body: xml('<ResCode>1</ResCode><RetMsg>Authentication error</RetMsg>') });
      return send(res, a.status, a.body, 'text/xml', a.cookie ? { 'Set-Cookie': [a.cookie, 'uname=admin;path=/;', 'level=1;path=/;'] } : {});
    }
    if (!String(r.headers.cookie ?? '').includes('session=abc123')) return send(res, 401, 'Unauthorized');
    if (r.path === '/snapshot/view0.jpg') return send(res, 200, Buffer.from(jpeg.encode({ width: 4, height: 4, data: Buffer.alloc(64, 90) }, 80).data), 'image/jpeg');
    if (r.path === '/goform/config' && r.query.get('cmd') === 'reboot') return send(res, 200, xml('<ResCode>0</ResCode><RetMsg>OK</RetMsg>'), 'text/xml');
    if (r.path === '/goform/config' && r.query.get('cmd') === 'set') return send(res, 200, 'SUCCESSFUL\r\n');
    return send(res, 404, 'Not Found');
  });
  fx = f;
  return f;
}

function make(f: GsFixture, password = 'Pw1'): GrandstreamCameraDriver {
  driver = createGrandstreamCameraDriver({ device: 'Door', kind: 'grandstream-camera', url: f.url, username: 'admin', password, timeoutMs: 2000 });
  return driver;
}

describe('GSC36xx XML reader', () => {
  it('reads <Configuration> children, tolerates a BOM, case and entities; refuses other text', () => {
    expect(parseGscXml('\uFEFF<configuration><ResCode>0</ResCode><P10040>A &amp; B</P10040></configuration>')).toEqual({ ResCode: '0', P10040: 'A & B' });
    expect(parseGscXml(xml(''))).toEqual({});
    expect(parseGscXml('productmode=GXV3610\r\n')).toBeUndefined();
    expect(parseGscXml('<Configuration><ResCode>0</Configuration>')).toBeUndefined();
    expect(xmlField({ rescode: '0' }, 'ResCode')).toBe('0');
  });
});

describe('GSC36xx firmware without the seed modules', () => {
  it('probes as GSC36xx with snapshot and reboot only; snapshot, set and reboot carry the session cookie', async () => {
    const f = await start();
    const d = make(f);
    expect(await d.probe()).toEqual({ kind: 'grandstream-camera', model: 'GSC36xx', firmware: 'unknown', capabilities: ['snapshot', 'reboot'], family: 'gsc-challenge' });
    expect(d.capabilities.has('motion')).toBe(false);
    await d.snapshot();
    await d.writeConfig({ P10044: 0 });
    await d.reboot();
    const after = f.requests.filter((r) => r.path !== '/goform/login');
    expect(after.every((r) => String(r.headers.cookie).includes('session=abc123'))).toBe(true);
    expect(after.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(f.count('/goform/login')).toBe(2);
    const step1 = f.requests[0];
    expect(step1?.query.get('cmd')).toBe('login');
    expect(step1?.query.get('type')).toBe('0');
    expect(step1?.query.get('user')).toBe('admin');
    expect(step1?.query.has('authcode')).toBe(false);
  });

  it('a login answer without the session cookie is a refused login, latched', async () => {
    const f = await start({ step2: () => ({ status: 200, body: xml('<ResCode>0</ResCode><RetMsg>OK</RetMsg>') }) });
    const d = make(f);
    await expect(d.probe()).rejects.toBeInstanceOf(AuthError);
    const n = f.requests.length;
    await expect(d.snapshot()).rejects.toBeInstanceOf(AuthError);
    expect(f.requests.length).toBe(n);
  });

  it('a step 2 that is not the login XML is a ProtocolError, retried later (not latched)', async () => {
    let broken = true;
    const f = await start({ step2: (r) => (broken ? { status: 500, body: 'oops' } : { status: 200, body: xml(`<ResCode>0</ResCode><RetMsg>${r.query.get('user') ?? ''}</RetMsg>`), cookie: 'session=abc123;path=/;' }) });
    const d = make(f);
    await expect(d.snapshot()).rejects.toBeInstanceOf(ProtocolError);
    broken = false;
    await expect(d.snapshot()).resolves.toMatchObject({ contentType: 'image/jpeg' });
  });
});

/**
 * Conformance of the KalliopePBX 4.x simulator with the facts of issue 11 (KalliopePBX 4 REST API,
 * X-authenticate header (observed)). The header is built here from the published formula, not
 * with the driver's code:
 *   digestPassword = sha256_hex(password + "{" + salt + "}")
 *   Digest = base64(sha256_raw(Nonce + digestPassword + Username + Domain + Created))
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KalliopeSim, md5, parseHeader, type KalliopeSimOptions } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { parseOffice } from '../../sim/office-schema';
import { basic, rootOf } from './kalliope-helpers';

const OPTS: KalliopeSimOptions = {
  id: 'k4',
  name: 'KalliopePBX 4',
  password: 'Quattro!4x',
  generation: 4,
  firmware: '4.7.1-8120',
  receptionExtension: '400',
  extensions: [
    { extension: '400', name: 'Reception Desk' },
    { extension: '401', name: 'Niccolò Bàrberi', voicemail: true },
  ],
  contacts: [{ firstName: 'Giulia', lastName: 'Rossi', phone: '+39 02 1234567' }],
  unavailable: ['cdr'],
};

const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Sign {
  user?: string;
  domain?: string;
  password?: string;
  nonce?: string;
  created?: string;
}

/** The X-authenticate value for `salt`, from the formula (fresh nonce and the current time by default). */
function header(salt: string, o: Sign = {}): string {
  const user = o.user ?? 'admin';
  const domain = o.domain ?? 'default';
  const nonce = o.nonce ?? randomBytes(16).toString('hex');
  const created = o.created ?? stamp(Date.now());
  const digestPassword = sha256Hex(`${o.password ?? OPTS.password}{${salt}}`);
  const digest = createHash('sha256').update(nonce + digestPassword + user + domain + created, 'utf8').digest('base64');
  return `RestApiUsernameToken Username="${user}", Domain="${domain}", Digest="${digest}", Nonce="${nonce}", Created="${created}"`;
}

async function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; text: string; type: string; date: string | null }> {
  const r = await fetch(`${base}/rest${path}`, { method, headers: body ? { ...headers, 'Content-Type': 'application/xml' } : headers, body });
  return { status: r.status, text: await r.text(), type: r.headers.get('content-type') ?? '', date: r.headers.get('date') };
}

async function saltOf(base: string, domain = 'default'): Promise<string> {
  const r = await get(base, `/salt/${domain}`, { Accept: 'application/json' });
  return (JSON.parse(r.text) as { salt: string }).salt;
}

let sim: KalliopeSim;
let served: ServedDevice;
let base: string;
let salt: string;

beforeAll(async () => {
  sim = new KalliopeSim(OPTS);
  served = await serveDevice(sim);
  base = served.url;
  salt = await saltOf(base);
});
afterAll(async () => {
  await served.close();
});

const refusals = (s: KalliopeSim): Record<string, number> => (s.state() as { signed: { refusals: Record<string, number> } }).signed.refusals;

async function withSim(patch: Partial<KalliopeSimOptions>, run: (base: string, s: KalliopeSim) => Promise<void>): Promise<void> {
  const s = new KalliopeSim({ ...OPTS, id: 'k4-other', ...patch });
  const srv = await serveDevice(s);
  try {
    await run(srv.url, s);
  } finally {
    await srv.close();
  }
}

describe('salt: anonymous GET /rest/salt/<tenantDomain>', () => {
  it('answers {"salt"} with Accept: application/json, and XML with a <salt> element without it; the same salt', async () => {
    const j = await get(base, '/salt/default', { Accept: 'application/json' });
    expect(j.status).toBe(200);
    expect(j.type).toMatch(/application\/json/);
    const fromJson = (JSON.parse(j.text) as { salt: string }).salt;
    expect(fromJson).toMatch(/^[0-9a-f]{16,}$/);
    const x = await get(base, '/salt/default');
    expect(x.status).toBe(200);
    expect(x.type).toMatch(/xml/);
    expect(/<salt>([^<]+)<\/salt>/.exec(x.text)?.[1]).toBe(fromJson);
  });

  it('needs no credentials, and an unknown tenant domain is 404', async () => {
    expect((await get(base, '/salt/acme', { Accept: 'application/json' })).status).toBe(404);
  });

  it('a PBX configured with another tenant domain gives its salt there only', async () => {
    await withSim({ tenantDomain: 'acme' }, async (b) => {
      expect((await get(b, '/salt/default', { Accept: 'application/json' })).status).toBe(404);
      const s = await saltOf(b, 'acme');
      expect((await get(b, '/dashboard/firmwareVersion', { 'X-authenticate': header(s, { domain: 'acme' }) })).status).toBe(200);
      expect((await get(b, '/dashboard/firmwareVersion', { 'X-authenticate': header(s, { domain: 'default' }) })).status).toBe(401);
    });
  });
});

describe('X-authenticate: the signed header on every request', () => {
  it('accepts a correctly signed request: firmwareVersion in JSON, the 3.x resource routes in XML', async () => {
    const fw = await get(base, '/dashboard/firmwareVersion', { 'X-authenticate': header(salt), Accept: 'application/json' });
    expect(fw.status).toBe(200);
    expect(JSON.parse(fw.text)).toEqual({ version: '4.7.1-8120' });
    const contacts = await get(base, '/phonebook/contacts?request_id=abc', { 'X-authenticate': header(salt) });
    expect(contacts.status).toBe(200);
    expect(rootOf(contacts.text)['request_id']).toBe('abc');
  });

  it('refuses Basic auth (the 3.x scheme) and a request without the header', async () => {
    expect((await get(base, '/system/firmware', { Authorization: basic('admin', md5(OPTS.password)) })).status).toBe(401);
    const none = await get(base, '/system/firmware');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ code: 401 });
  });

  it('refuses a wrong password, another user name and a header with a changed field', async () => {
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { password: 'wrong' }) })).status).toBe(401);
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { user: 'reception' }) })).status).toBe(401);
    const good = header(salt);
    const tampered = good.replace(/Created="([^"]+)"/, `Created="${stamp(Date.now() - 1000)}"`);
    expect((await get(base, '/system/firmware', { 'X-authenticate': tampered })).status).toBe(401);
  });

  it('the braces around the salt are literal: a digest without them is refused', async () => {
    const nonce = randomBytes(8).toString('hex');
    const created = stamp(Date.now());
    const noBraces = sha256Hex(OPTS.password + salt);
    const digest = createHash('sha256').update(nonce + noBraces + 'admin' + 'default' + created).digest('base64');
    const h = `RestApiUsernameToken Username="admin", Domain="default", Digest="${digest}", Nonce="${nonce}", Created="${created}"`;
    expect((await get(base, '/system/firmware', { 'X-authenticate': h })).status).toBe(401);
  });

  it('a nonce is hex of at least 8 characters: 7 characters or non-hex are refused, 8 are fine', async () => {
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { nonce: 'abcdef1' }) })).status).toBe(401);
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { nonce: 'abcdefgh' }) })).status).toBe(401);
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { nonce: randomBytes(4).toString('hex') }) })).status).toBe(200);
  });

  it('a reused nonce is refused within 5 minutes, even with a fresh Created and a valid digest', async () => {
    const nonce = randomBytes(16).toString('hex');
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { nonce }) })).status).toBe(200);
    const before = refusals(sim)['nonce-reused'] ?? 0;
    const again = await get(base, '/system/firmware', { 'X-authenticate': header(salt, { nonce, created: stamp(Date.now() + 1000) }) });
    expect(again.status).toBe(401);
    expect((JSON.parse(again.text) as { message: string }).message).toMatch(/nonce already used/i);
    expect(refusals(sim)['nonce-reused']).toBe(before + 1);
  });

  it('Created more than 5 minutes from the PBX clock is refused, saying so; 4 minutes is fine', async () => {
    const late = await get(base, '/system/firmware', { 'X-authenticate': header(salt, { created: stamp(Date.now() - 6 * 60_000) }) });
    expect(late.status).toBe(401);
    expect((JSON.parse(late.text) as { message: string }).message).toMatch(/created.*time/i);
    const early = await get(base, '/system/firmware', { 'X-authenticate': header(salt, { created: stamp(Date.now() + 6 * 60_000) }) });
    expect(early.status).toBe(401);
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { created: stamp(Date.now() - 4 * 60_000) }) })).status).toBe(200);
  });

  it('Created must be UTC YYYY-MM-DDThh:mm:ssZ', async () => {
    const local = new Date().toISOString().replace('Z', '+00:00').replace(/\.\d{3}/, '');
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt, { created: local }) })).status).toBe(401);
  });

  it('a PBX whose clock is 10 minutes ahead refuses a correct header and shows its clock in the Date header', async () => {
    await withSim({ clockOffsetSeconds: 600 }, async (b, s) => {
      const r = await get(b, '/system/firmware', { 'X-authenticate': header(await saltOf(b)) });
      expect(r.status).toBe(401);
      const skew = Date.parse(r.date ?? '') - Date.now();
      expect(skew).toBeGreaterThan(9 * 60_000);
      expect(skew).toBeLessThan(11 * 60_000);
      expect(refusals(s)['clock']).toBe(1);
      // signed with the PBX's clock, it is accepted
      expect((await get(b, '/system/firmware', { 'X-authenticate': header(await saltOf(b), { created: stamp(Date.now() + 600_000) }) })).status).toBe(200);
    });
  });

  it('another API user name is the configured one (4.x is not limited to "admin")', async () => {
    await withSim({ username: 'frontdesk' }, async (b) => {
      const s = await saltOf(b);
      expect((await get(b, '/system/firmware', { 'X-authenticate': header(s, { user: 'frontdesk' }) })).status).toBe(200);
      expect((await get(b, '/system/firmware', { 'X-authenticate': header(s, { user: 'admin' }) })).status).toBe(401);
    });
  });

  it('auth-expired: a correctly signed request is refused until cleared', async () => {
    expect(served.gate.set({ kind: 'auth-expired' })).toBe(true);
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt) })).status).toBe(401);
    served.gate.set(null);
    expect((await get(base, '/system/firmware', { 'X-authenticate': header(salt) })).status).toBe(200);
  });
});

describe('routes a 4.x PBX refuses to the API user', () => {
  it('an unavailable family answers 403 to a correctly signed request; the others answer', async () => {
    const body = '<?xml version="1.0"?><kpbx_request><cdr/></kpbx_request>';
    const cdr = await get(base, '/cdr', { 'X-authenticate': header(salt) }, 'POST', body);
    expect(cdr.status).toBe(403);
    expect((await get(base, '/users/brief/', { 'X-authenticate': header(salt) })).status).toBe(200);
  });

  it('a 3.x PBX has no 4.x routes: /dashboard/firmwareVersion is 404 after Basic auth', async () => {
    await withSim({ generation: 3, unavailable: [] }, async (b) => {
      expect((await get(b, '/dashboard/firmwareVersion', { Authorization: basic('admin', md5(OPTS.password)) })).status).toBe(404);
    });
  });
});

describe('header parsing', () => {
  it('reads the quoted pairs and refuses other schemes', () => {
    expect(parseHeader('RestApiUsernameToken Username="a", Domain="d", Digest="x+/=", Nonce="0a", Created="2016-04-29T15:48:26Z"')).toEqual({
      Username: 'a',
      Domain: 'd',
      Digest: 'x+/=',
      Nonce: '0a',
      Created: '2016-04-29T15:48:26Z',
    });
    expect(parseHeader('Basic YWRtaW46eA==')).toBeUndefined();
    expect(parseHeader('RestApiUsernameToken Username=a')).toBeUndefined();
  });
});

describe('office file: the 4.x variant per device', () => {
  const pbx = (extra: Record<string, unknown>) => ({
    name: 'o',
    devices: [{ kind: 'kalliope', id: 'k', name: 'K', password: 'p', receptionExtension: '200', extensions: [{ extension: '200', name: 'R' }], ...extra }],
  });

  it('takes generation as 4, "4.x", 3 or "3.x", with tenantDomain, clockOffsetSeconds and unavailable', () => {
    for (const [given, want] of [[4, 4], ['4.x', 4], [3, 3], ['3.x', 3]] as const) {
      const d = parseOffice(pbx({ generation: given })).devices[0];
      expect(d?.kind === 'kalliope' ? d.generation : undefined).toBe(want);
    }
    const d = parseOffice(pbx({ generation: '4.x', tenantDomain: 'acme', clockOffsetSeconds: -600, unavailable: ['cdr', 'click2call'] })).devices[0];
    expect(d).toMatchObject({ tenantDomain: 'acme', clockOffsetSeconds: -600, unavailable: ['cdr', 'click2call'] });
  });

  it('names the bad field', () => {
    expect(() => parseOffice(pbx({ generation: '5.x' }))).toThrow(/devices\[0\]\.generation/);
    expect(() => parseOffice(pbx({ tenantDomain: 'a b' }))).toThrow(/devices\[0\]\.tenantDomain: must be a tenant domain/);
    expect(() => parseOffice(pbx({ unavailable: ['history'] }))).toThrow(/devices\[0\]\.unavailable\[0\]/);
  });
});

import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { NethVoiceSim, type NethVoiceSimOptions } from '../../sim/nethvoice';

const sha1 = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

const OPTS: NethVoiceSimOptions = {
  id: 'nv1',
  name: 'NethVoice Milano',
  user: 'admin',
  password: 'Segreto!42',
  secret: 'f00dcafe1234',
  version: '14.3.2',
  users: [
    { username: 'niccolo', name: 'Niccolò Bàrberi', extension: '201', voicemail: true, mobile: '+39 333 123 4567', devices: [{ mac: '00:0B:82:AA:BB:01', vendor: 'Grandstream', model: 'GXV3380' }] },
    { username: 'zoe', name: 'Zoë Müller', extension: '202', voicemail: false },
    { username: 'luca', name: 'Luca Ferri', extension: '203', voicemail: true, password: 'lucapw' },
    { username: 'ospite', name: 'Ospite Sala', extension: 'none' },
  ],
};

const KEY = sha1(OPTS.user + sha1(OPTS.password) + OPTS.secret);
const AUTH = { User: 'admin', Secretkey: KEY };

let served: ServedDevice;
let sim: NethVoiceSim;
const base = (): string => `${served.url}/freepbx/rest`;

async function call(method: string, path: string, opts: { headers?: Record<string, string>; json?: unknown; raw?: string } = {}): Promise<{ status: number; text: string; json: unknown }> {
  const headers: Record<string, string> = { ...(opts.headers ?? AUTH) };
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (opts.raw !== undefined) body = opts.raw;
  const r = await fetch(`${base()}${path}`, { method, headers, body });
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, text, json };
}

beforeAll(async () => {
  sim = new NethVoiceSim(OPTS);
  served = await serveDevice(sim);
});
afterAll(async () => {
  await served.close();
});
afterEach(() => {
  served.gate.set(null);
});

describe('NethVoice auth', () => {
  it('accepts the documented Secretkey and answers /login', async () => {
    const r = await call('GET', '/login');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ success: true });
  });

  it('matches the seed example for admin/admin/1234', () => {
    const s = new NethVoiceSim({ ...OPTS, password: 'admin', secret: '1234', users: [] });
    expect(s.expectedSecretKey()).toBe('51b3bfeb54d746a8c8989e71dd8be757787d1adc');
  });

  it('rejects a wrong secret, a wrong user and missing headers with 403', async () => {
    expect((await call('GET', '/login', { headers: { User: 'admin', Secretkey: sha1('nope') } })).json).toEqual({ error: 'Forbidden: wrong secret key' });
    const badUser = await call('GET', '/login', { headers: { User: 'root', Secretkey: KEY } });
    expect(badUser.status).toBe(403);
    expect(badUser.json).toEqual({ error: 'Forbidden: invalid user' });
    const none = await call('GET', '/login', { headers: {} });
    expect(none.status).toBe(403);
    expect(none.json).toEqual({ error: 'Forbidden: no credentials' });
    const onlyUser = await call('GET', '/login', { headers: { User: 'admin' } });
    expect(onlyUser.status).toBe(403);
  });

  it('accepts the secret key in uppercase hex', async () => {
    expect((await call('GET', '/login', { headers: { User: 'admin', Secretkey: KEY.toUpperCase() } })).status).toBe(200);
  });

  it('authenticates before routing: unknown paths are 403 without credentials, 404 with', async () => {
    expect((await call('GET', '/no/such/thing', { headers: {} })).status).toBe(403);
    expect((await call('GET', '/no/such/thing')).status).toBe(404);
    // there is no GET /users route despite the seed
    expect((await call('GET', '/users')).status).toBe(404);
    expect((await call('GET', '/users', { headers: {} })).status).toBe(403);
  });

  it('answers 405 for a known path with the wrong method', async () => {
    const r = await call('DELETE', '/voicemails');
    expect(r.status).toBe(405);
  });

  it('returns 404 outside /freepbx/rest without asking for credentials', async () => {
    const r = await fetch(`${served.url}/index.html`);
    expect(r.status).toBe(404);
    await r.text();
  });

  it('POST /testauth returns the secret for the right credentials, without auth headers', async () => {
    const ok = await call('POST', '/testauth', { headers: {}, json: { username: 'admin', password: OPTS.password } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ result: OPTS.secret });
    const bad = await call('POST', '/testauth', { headers: {}, json: { username: 'admin', password: 'x' } });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ result: 'not authorized' });
    const empty = await call('POST', '/testauth', { headers: {} });
    expect(empty.status).toBe(401);
  });
});

describe('NethVoice users and extensions', () => {
  it('GET /users/false lists users with an extension, clear-text passwords and string fields', async () => {
    const r = await call('GET', '/users/false');
    expect(r.status).toBe(200);
    expect(Array.isArray(r.json)).toBe(true);
    const list = r.json as Record<string, unknown>[];
    expect(list.map((u) => u['username'])).toEqual(['niccolo', 'zoe', 'luca']);
    const n = list[0] ?? {};
    expect(n['displayname']).toBe('Niccolò Bàrberi');
    expect(n['default_extension']).toBe('201');
    expect(typeof n['id']).toBe('string');
    expect(typeof n['password']).toBe('string');
    expect((n['password'] as string).length).toBeGreaterThan(4);
    expect(n['cell']).toBe('00393331234567');
    const devices = n['devices'] as Record<string, unknown>[];
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ mac: '00:0B:82:AA:BB:01', vendor: 'Grandstream', model: 'GXV3380', extension: '91201', mainextension: '201', type: 'physical' });
    expect(list[2]?.['password']).toBe('lucapw');
  });

  it('GET /users/true syncs first and includes users without an extension', async () => {
    const before = (sim.state() as { directorySyncs: number }).directorySyncs;
    const r = await call('GET', '/users/true');
    const list = r.json as Record<string, unknown>[];
    expect(list).toHaveLength(4);
    expect(list[3]?.['default_extension']).toBe('none');
    expect((sim.state() as { directorySyncs: number }).directorySyncs).toBe(before + 1);
  });

  it('GET /users/count is a bare integer', async () => {
    const r = await call('GET', '/users/count');
    expect(r.text).toBe('4');
  });

  it('GET /users/{username}/password gives the password or 404', async () => {
    expect((await call('GET', '/users/luca/password')).json).toEqual({ result: 'lucapw' });
    expect((await call('GET', '/users/ghost/password')).status).toBe(404);
  });

  it('GET /mainextensions runs a full user-directory sync first (as the server does); GET /users/false does not', async () => {
    const syncs = (): number => (sim.state() as { directorySyncs: number }).directorySyncs;
    const before = syncs();
    await call('GET', '/users/false');
    expect(syncs()).toBe(before);
    await call('GET', '/mainextensions');
    await call('GET', '/mainextensions');
    expect(syncs()).toBe(before + 2);
  });

  it('GET /mainextensions lists virtual extensions with the voicemail context', async () => {
    const r = await call('GET', '/mainextensions');
    const list = r.json as Record<string, unknown>[];
    expect(list.map((e) => e['extension'])).toEqual(['201', '202', '203']);
    expect(list[0]).toMatchObject({ name: 'Niccolò Bàrberi', tech: 'virtual', voicemail: 'default' });
    expect(list[1]?.['voicemail']).toBe('novm');
    const one = await call('GET', '/mainextensions/202');
    expect(one.json).toMatchObject({ extension: '202', name: 'Zoë Müller' });
    expect((await call('GET', '/mainextensions/299')).status).toBe(404);
  });

  it('GET /physicalextensions lists 9x device extensions', async () => {
    const r = await call('GET', '/physicalextensions');
    expect((r.json as Record<string, unknown>[]).map((e) => e['extension'])).toEqual(['91201']);
    expect((await call('GET', '/physicalextensions/91201')).json).toMatchObject({ tech: 'pjsip', dial: 'PJSIP/91201' });
  });

  it('GET /mobiles and /mobiles/{username}', async () => {
    const r = await call('GET', '/mobiles');
    expect(r.json).toContainEqual({ mobile: '00393331234567', username: 'niccolo' });
    expect(r.json).toContainEqual({ mobile: null, username: 'zoe' });
    expect((await call('GET', '/mobiles/niccolo')).json).toBe('00393331234567');
    expect((await call('GET', '/mobiles/zoe')).status).toBe(404);
  });
});

describe('NethVoice voicemail', () => {
  it('GET /voicemails is an object keyed by mailbox, with PINs', async () => {
    const r = await call('GET', '/voicemails');
    const obj = r.json as Record<string, Record<string, unknown>>;
    expect(Array.isArray(obj)).toBe(false);
    expect(Object.keys(obj).sort()).toEqual(['201', '203']);
    expect(obj['201']).toMatchObject({ mailbox: '201', name: 'Niccolò Bàrberi' });
    expect(obj['201']?.['pwd']).toMatch(/^\d{4}$/);
    expect((await call('GET', '/voicemails/203')).json).toMatchObject({ mailbox: '203' });
    expect((await call('GET', '/voicemails/202')).status).toBe(404);
  });

  it('state "yes" enables; a missing or other state deletes and still answers {status:true}', async () => {
    const en = await call('POST', '/voicemails', { json: { extension: '202', state: 'yes' } });
    expect(en.status).toBe(200);
    expect(en.json).toEqual({ status: true });
    expect((await call('GET', '/voicemails/202')).status).toBe(200);
    expect(((await call('GET', '/mainextensions/202')).json as Record<string, unknown>)['voicemail']).toBe('default');

    const del = await call('POST', '/voicemails', { json: { extension: '202' } });
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ status: true });
    expect((await call('GET', '/voicemails/202')).status).toBe(404);

    await call('POST', '/voicemails', { json: { extension: '202', state: 'yes' } });
    await call('POST', '/voicemails', { json: { extension: '202', state: 'enabled' } });
    expect((await call('GET', '/voicemails/202')).status).toBe(404);
  });

  it('rejects an extension sent as a JSON number, or an unknown one', async () => {
    const r = await call('POST', '/voicemails', { json: { extension: 201, state: 'yes' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ status: "Extension 201 doesn't exist" });
    const u = await call('POST', '/voicemails', { json: { extension: '299', state: 'yes' } });
    expect(u.status).toBe(400);
    // the mailbox of 201 was not touched
    expect((await call('GET', '/voicemails/201')).status).toBe(200);
  });

  it('ignores a body that is not declared as JSON (Slim does not parse it)', async () => {
    const r = await call('POST', '/voicemails', { raw: JSON.stringify({ extension: '201', state: 'yes' }), headers: { ...AUTH, 'Content-Type': 'text/plain' } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ status: "Extension  doesn't exist" });
  });

  it('leaveVoicemail counts messages in existing mailboxes only', () => {
    expect(sim.leaveVoicemail('201', false)).toBe(true);
    expect(sim.leaveVoicemail('201', true)).toBe(true);
    expect(sim.leaveVoicemail('202', false)).toBe(false);
    expect(sim.leaveVoicemail('999', false)).toBe(false);
    const st = sim.state() as { mailboxes: Record<string, { new: number; urgent: number }> };
    expect(st.mailboxes['201']).toEqual({ new: 2, old: 0, urgent: 1 });
  });

  it('with no mailbox at all, /voicemails is [] and /voicemails/{ext} is null', async () => {
    const bare = new NethVoiceSim({ ...OPTS, id: 'nv2', users: [{ username: 'a', name: 'A B', extension: '301' }] });
    const s = await serveDevice(bare);
    try {
      const r1 = await fetch(`${s.url}/freepbx/rest/voicemails`, { headers: AUTH });
      expect(await r1.text()).toBe('[]');
      const r2 = await fetch(`${s.url}/freepbx/rest/voicemails/301`, { headers: AUTH });
      expect(r2.status).toBe(200);
      expect(await r2.text()).toBe('null');
    } finally {
      await s.close();
    }
  });
});

describe('NethVoice phones reboot', () => {
  it('reports per-MAC codes, schedules and unschedules', async () => {
    const r = await call('POST', '/phones/reboot', { json: { '00-0B-82-AA-BB-01': {}, '00-11-22-33-44-61a': {}, '00-0B-82-AA-BB-02': { hours: '22', minutes: '30' } } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      '00-0B-82-AA-BB-01': { code: 204 },
      '00-11-22-33-44-61a': { title: 'Malformed MAC address', detail: 'Malformed MAC address: 00-11-22-33-44-61a', code: 400 },
      '00-0B-82-AA-BB-02': { code: 204 },
    });
    expect((await call('GET', '/phones/reboot')).json).toEqual({ '00-0B-82-AA-BB-02': { hours: '22', minutes: '30' } });
    await call('DELETE', '/phones/reboot', { json: { '00-0B-82-AA-BB-02': {} } });
    expect((await call('GET', '/phones/reboot')).json).toEqual({});
    expect((sim.state() as { rebooted: string[] }).rebooted).toContain('00-0B-82-AA-BB-01');
  });

  it('variant rebootAnswer "bare": an empty 200 that reboots and schedules nothing', async () => {
    const bare = new NethVoiceSim({ ...OPTS, id: 'nv-bare', rebootAnswer: 'bare' });
    const s = await serveDevice(bare);
    try {
      const r = await fetch(`${s.url}/freepbx/rest/phones/reboot`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify({ '00-0B-82-AA-BB-01': {}, '00-0B-82-AA-BB-02': { hours: '22', minutes: '30' } }) });
      expect(r.status).toBe(200);
      expect(await r.text()).toBe('');
      expect(bare.state()).toMatchObject({ rebooted: [], scheduledReboots: {} });
    } finally {
      await s.close();
    }
  });
});

describe('NethVoice faults', () => {
  it('error500 and malformed come from the gate', async () => {
    served.gate.set({ kind: 'error500' });
    expect((await call('GET', '/login')).status).toBe(500);
    served.gate.set({ kind: 'malformed' });
    const m = await call('GET', '/login');
    expect(m.status).toBe(200);
    expect(m.json).toBeUndefined();
    served.gate.set(null);
    expect((await call('GET', '/login')).status).toBe(200);
  });

  it('auth-expired rejects the key until cleared; license-expired does not apply', async () => {
    expect(served.gate.set({ kind: 'auth-expired' })).toBe(true);
    const r = await call('GET', '/login');
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ error: 'Forbidden: wrong secret key' });
    served.gate.set(null);
    expect((await call('GET', '/login')).status).toBe(200);
    expect(served.gate.set({ kind: 'license-expired' })).toBe(false);
  });

  it('manifest entry carries the API secret', () => {
    expect(sim.manifestEntry('http://127.0.0.1:1')).toEqual({
      id: 'nv1', kind: 'nethvoice', name: 'NethVoice Milano', url: 'http://127.0.0.1:1', username: 'admin', password: OPTS.password, secret: OPTS.secret,
    });
  });

  it('rejects duplicate usernames and bad MACs at construction', () => {
    expect(() => new NethVoiceSim({ ...OPTS, users: [{ username: 'a', name: 'A', extension: '1' }, { username: 'a', name: 'B', extension: '2' }] })).toThrow(/duplicate/);
    expect(() => new NethVoiceSim({ ...OPTS, users: [{ username: 'a', name: 'A', extension: '1', devices: [{ mac: 'zz' }] }] })).toThrow(/mac/);
  });
});

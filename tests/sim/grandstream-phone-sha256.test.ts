/**
 * Conformance of the SHA-256 session family simulator (GXP21xx/GRP26xx/WP8x6) with the facts of
 * issue 11 ("Grandstream phones: the SHA-256 session family"), observed on real firmware.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isRecord, startPhone, type TestPhone } from './grandstream-phone.helpers';
import { bodilessPost, sha256, ShaClient } from './grandstream-phone-families.helpers';

let phone: TestPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

async function start(opts: Parameters<typeof startPhone>[0] = {}): Promise<{ p: TestPhone; c: ShaClient }> {
  phone = await startPhone({ family: 'sha256', model: 'GXP2170', firmware: '1.0.11.106', password: 'Pw!1', extension: '201', ...opts });
  return { p: phone, c: new ShaClient(phone.served.url) };
}

describe('grandstream phone sim, sha256 family: login', () => {
  it('access hands out a nonce and a cookie; dologin answers sid (64 hex), hashed role, ver and mac', async () => {
    const { p, c } = await start();
    const a = await c.post('access', { access: sha256('admin') });
    expect(a.json()).toMatchObject({ response: 'success' });
    const nonce = a.json().body;
    expect(typeof nonce).toBe('string');
    expect(a.setCookies.length).toBeGreaterThan(0);
    const r = await c.post('dologin', { username: 'admin', password: sha256(`Pw!1${String(nonce)}`) });
    const body = r.json().body;
    expect(r.json().response).toBe('success');
    if (!isRecord(body)) throw new Error(r.text);
    expect(body.sid).toMatch(/^[0-9a-f]{64}$/);
    // The role is only known by hashing the candidates: sha256_hex(role + sid).
    expect(body.role).toBe(sha256(`admin${String(body.sid)}`));
    expect(body.role).not.toBe(sha256(`user${String(body.sid)}`));
    expect(body.ver).toBe('1.0.11.106');
    expect(String(body.mac).replace(/[^0-9A-F]/gi, '')).toBe(p.sim.options.mac.replace(/:/g, ''));
    expect(r.setCookies.some((s) => s.startsWith(`session-identity=${String(body.sid)}`))).toBe(true);
  });

  it('dologin fails when the cookies of access are not forwarded', async () => {
    const { p } = await start();
    const c = new ShaClient(p.served.url);
    const nonce = String((await c.post('access', { access: sha256('admin') })).json().body);
    c.jar.clear();
    const r = await c.post('dologin', { username: 'admin', password: sha256(`Pw!1${nonce}`) });
    expect(r.json()).toEqual({ response: 'error', body: 'wrong4' });
  });

  it('counts attempts left in wrongN, then locks with lockTime in minutes; the right password is refused while locked', async () => {
    const { c } = await start({ lockoutMs: 5 * 60_000 });
    const bodies: unknown[] = [];
    for (let i = 0; i < 5; i++) bodies.push((await c.login('admin', 'bad')).json());
    expect(bodies.slice(0, 4)).toEqual([
      { response: 'error', body: 'wrong4' },
      { response: 'error', body: 'wrong3' },
      { response: 'error', body: 'wrong2' },
      { response: 'error', body: 'wrong1' },
    ]);
    expect(bodies[4]).toEqual({ response: 'error', body: 'locked', lockTime: 5 });
    expect((await c.login('admin', 'Pw!1')).json()).toMatchObject({ response: 'error', body: 'locked' });
  });

  it('lifts the lock after lockTime', async () => {
    const { p, c } = await start({ lockoutMs: 60_000 });
    for (let i = 0; i < 5; i++) await c.login('admin', 'bad');
    p.clock.advance(60_001);
    expect((await c.login('admin', 'Pw!1')).json().response).toBe('success');
  });

  it('answers "user is not allow" for a user whose web access is disabled', async () => {
    const { c } = await start({ userWebAccess: false, userPassword: 'u1' });
    expect((await c.login('user', 'u1')).json()).toEqual({ response: 'error', body: 'user is not allow' });
  });
});

describe('grandstream phone sim, sha256 family: request rules', () => {
  it('refuses form POSTs without X-Requested-With and same-origin Origin/Referer with a bare HTML 403', async () => {
    const { c } = await start();
    c.browser = false;
    const r = await c.post('access', { access: sha256('admin') });
    expect(r.status).toBe(403);
    expect(r.contentType).toMatch(/text\/html/);
    expect(r.text).toMatch(/<html/i);
  });

  it('refuses a foreign Origin', async () => {
    const { p } = await start();
    const status = await bodilessPost(p.served.url, '/cgi-bin/access', {
      'X-Requested-With': 'XMLHttpRequest',
      Origin: 'http://evil.example',
      Referer: 'http://evil.example/',
      'Content-Length': '0',
    });
    expect(status).toBe(403);
  });

  it('answers 411 to a POST with neither a body nor a Content-Length', async () => {
    const { p } = await start();
    const u = new URL(p.served.url);
    const status = await bodilessPost(p.served.url, '/cgi-bin/dorefresh', { 'X-Requested-With': 'XMLHttpRequest', Origin: u.origin, Referer: `${u.origin}/` });
    expect(status).toBe(411);
  });

  it('accepts the sid as a form field, as Cookie sid=, and through the session-identity cookie', async () => {
    const { c } = await start();
    await c.login('admin', 'Pw!1');
    const sid = c.sid ?? '';
    c.jar.clear();
    expect((await c.post('api-get_phone_status', { sid })).json().response).toBe('success');
    c.jar.set('sid', sid);
    expect((await c.post('api-get_phone_status')).json().response).toBe('success');
    c.jar.clear();
    c.jar.set('session-identity', sid);
    expect((await c.send('GET', 'api-get_accounts')).json().response).toBe('success');
  });
});

describe('grandstream phone sim, sha256 family: session life', () => {
  it('dies after about 60 s of silence: api-* answer 401 with HTML, config_get answers session-expired JSON', async () => {
    const { p, c } = await start();
    await c.login('admin', 'Pw!1');
    p.clock.advance(61_000);
    const a = await c.api('api-get_line_status', { line: '-1' });
    expect(a.status).toBe(401);
    expect(a.contentType).toMatch(/text\/html/);
    const g = await c.send('GET', 'config_get', { pvalues: 'phone_model', sid: c.sid ?? '' });
    expect(g.status).toBe(200);
    expect(g.json()).toEqual({ response: 'error', body: { status: 'session-expired' } });
  });

  it('dorefresh every 30 s keeps the session alive', async () => {
    const { p, c } = await start();
    await c.login('admin', 'Pw!1');
    for (let i = 0; i < 4; i++) {
      p.clock.advance(30_000);
      expect((await c.api('dorefresh')).json().response).toBe('success');
    }
    expect((await c.api('api-get_phone_status')).json()).toMatchObject({ response: 'success', body: 'available' });
  });
});

describe('grandstream phone sim, sha256 family: status, calls and settings', () => {
  it('line=-1 lists every line in the JSON shape of the GXV family', async () => {
    const { c } = await start({ lineCount: 3 });
    await c.login('admin', 'Pw!1');
    const body = (await c.api('api-get_line_status', { line: '-1' })).json().body;
    expect(Array.isArray(body) && body.map((l: { line: number }) => l.line)).toEqual([1, 2, 3]);
  });

  it('make_call with account=0&dialplan=dialing dials; phone_operation with an empty arg acts on the current call; holdcall toggles', async () => {
    const { p, c } = await start({ answerDelayMs: 0 });
    await c.login('admin', 'Pw!1');
    expect((await c.api('api-make_call', { account: '0', phonenumber: '202', dialplan: 'dialing' })).json()).toMatchObject({ response: 'success' });
    const state = async (): Promise<unknown> => ((await c.api('api-get_line_status', { line: '-1' })).json().body as { state: string }[])[0]?.state;
    expect(await state()).toBe('4');
    await c.api('api-phone_operation', { cmd: 'holdcall', arg: '' });
    expect(await state()).toBe('5');
    await c.api('api-phone_operation', { cmd: 'holdcall', arg: '' });
    expect(await state()).toBe('4');
    await c.api('api-phone_operation', { cmd: 'endcall', arg: '' });
    expect(await state()).toBe('0');
    p.sim.ring('+390212345', 'Caller');
    expect((await c.api('api-phone_operation', { cmd: 'acceptcall', arg: '' })).json().body).toBe('true');
    expect(await state()).toBe('4');
  });

  it('sys_operation REBOOT restarts the phone', async () => {
    const { p, c } = await start({ rebootMs: 1000 });
    await c.login('admin', 'Pw!1');
    expect((await c.api('api-sys_operation', { request: 'REBOOT' })).json().response).toBe('success');
    await new Promise((r) => setTimeout(r, 20));
    expect((p.sim.state() as { rebootCount: number }).rebootCount).toBe(1);
  });

  it('config_get reads values; config_update answers success even for a write it ignores', async () => {
    const { c } = await start();
    await c.login('admin', 'Pw!1');
    const sid = c.sid ?? '';
    const read = async (): Promise<unknown> => (await c.send('GET', 'config_get', { pvalues: 'phone_model,P3', sid })).json();
    expect(await read()).toMatchObject({ configs: [{ pvalue: 'phone_model', value: 'GXP2170' }, { pvalue: 'P3', value: '201' }] });
    const w = await c.send('PUT', 'config_update', { sid }, { alias: {}, pvalue: { P3: 'Reception', phone_model: 'Hacked' } });
    expect(w.json()).toMatchObject({ response: 'success' });
    expect(await read()).toMatchObject({ configs: [{ pvalue: 'phone_model', value: 'GXP2170' }, { pvalue: 'P3', value: 'Reception' }] });
  });
});

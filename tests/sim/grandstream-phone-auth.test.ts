import { afterEach, describe, expect, it } from 'vitest';
import { envelope, md5, PhoneClient, startLoggedIn, startPhone, type TestPhone } from './grandstream-phone.helpers';

let phone: TestPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

describe('grandstream phone sim: challenge login (seed 000/001 WEB AUTHENTICATION GUIDE)', () => {
  it('loginrealm returns a fresh numeric random each time, as text/plain', async () => {
    phone = await startPhone();
    const a = await phone.client.get('loginrealm');
    const b = await phone.client.get('loginrealm');
    expect(a.status).toBe(200);
    expect(a.contentType).toMatch(/^text\/plain/);
    expect(a.text).toMatch(/^\d{10}$/);
    expect(b.text).not.toBe(a.text);
    // alias named in the brief
    const c = await phone.client.get('api-get_loginrealm');
    expect(c.text).toMatch(/^\d{10}$/);
  });

  it('realmFormat json wraps the random in the response envelope', async () => {
    phone = await startPhone({ realmFormat: 'json' });
    const r = await phone.client.get('loginrealm');
    const { response, body } = envelope(r);
    expect(response).toBe('success');
    expect(String(body)).toMatch(/^\d{10}$/);
  });

  it('login with MD5(user:random:password) succeeds, sets session cookies and returns the sid', async () => {
    phone = await startPhone();
    const r = await phone.client.login('admin', 'admin');
    const { response, body } = envelope(r);
    expect(response).toBe('success');
    expect(body).toMatchObject({ role: 'admin' });
    expect(phone.client.sid).toMatch(/^[0-9a-f]{32}$/);
    expect((body as { sid: string }).sid).toBe(phone.client.sid);
    expect(r.setCookies.some((c) => c.startsWith('session-role=admin'))).toBe(true);
    expect(r.setCookies.find((c) => c.startsWith('session-identity='))).toMatch(/Path=\/;/);
    const status = await phone.client.get('api-get_phone_status');
    expect(status.json()).toEqual({ response: 'success', body: 'available', misc: '1' });
  });

  it('accepts the sid as a query parameter instead of the cookie', async () => {
    phone = await startLoggedIn();
    const sid = phone.client.sid ?? '';
    const r = await phone.client.get('api-get_accounts', { sid }, { cookie: false });
    expect(r.status).toBe(200);
    expect(envelope(r).response).toBe('success');
  });

  it('gmiadmin is a valid user with the admin password; the secret is case-insensitive hex', async () => {
    phone = await startPhone({ password: 's3cret' });
    const random = await phone.client.realm();
    const r = await phone.client.get('login', { Username: 'gmiadmin', Secret: md5(`gmiadmin:${random}:s3cret`).toUpperCase() });
    expect(envelope(r)).toEqual({ response: 'success', body: expect.objectContaining({ role: 'admin' }) });
  });

  it('the user account logs in with role user', async () => {
    phone = await startPhone({ userPassword: '4321' });
    const r = await phone.client.login('user', '4321');
    expect(envelope(r).body).toMatchObject({ role: 'user' });
  });

  it('rejects a bad hash, an unknown user and missing parameters', async () => {
    phone = await startPhone();
    const bad = await phone.client.login('admin', 'wrong');
    expect(bad.status).toBe(200);
    expect(envelope(bad)).toEqual({ response: 'error', body: 'unauthorized' });
    expect(bad.setCookies).toEqual([]);
    const unknown = await phone.client.login('mallory', 'admin');
    expect(envelope(unknown)).toEqual({ response: 'error', body: 'unauthorized' });
    const missing = await phone.client.get('login', { Username: 'admin' });
    expect(envelope(missing)).toEqual({ response: 'error', body: 'missing Username or Secret' });
  });

  it('a random is single-use and must have been issued', async () => {
    phone = await startPhone();
    const random = await phone.client.realm();
    const secret = md5(`admin:${random}:admin`);
    const first = await phone.client.get('login', { Username: 'admin', Secret: secret });
    expect(envelope(first).response).toBe('success');
    const replay = await phone.client.get('login', { Username: 'admin', Secret: secret });
    expect(envelope(replay)).toEqual({ response: 'error', body: 'unauthorized' });
    const invented = await phone.client.get('login', { Username: 'admin', Secret: md5('admin:1234567890:admin') });
    expect(envelope(invented).response).toBe('error');
  });

  it('uses ":" by default and the configured loginSeparator otherwise (seed 001 shows ".")', async () => {
    phone = await startPhone({ loginSeparator: '.' });
    const colon = await phone.client.login('admin', 'admin', ':');
    expect(envelope(colon).response).toBe('error');
    const dot = await phone.client.login('admin', 'admin', '.');
    expect(envelope(dot).response).toBe('success');
  });

  it('locks the account after 5 failed logins, even for the right password, and releases it after lockoutMs', async () => {
    phone = await startPhone({ lockoutMs: 60_000 });
    for (let i = 0; i < 4; i++) expect(envelope(await phone.client.login('admin', 'nope')).body).toBe('unauthorized');
    const fifth = await phone.client.login('admin', 'nope');
    expect(fifth.json()).toEqual({ response: 'error', body: 'locked', retry_after: 60 });
    const right = await phone.client.login('admin', 'admin');
    expect(envelope(right).body).toBe('locked');
    // gmiadmin is the same account
    expect(envelope(await phone.client.login('gmiadmin', 'admin')).body).toBe('locked');
    // the user account is not locked
    expect(envelope(await phone.client.login('user', '123')).response).toBe('success');
    phone.clock.advance(30_000);
    expect((await phone.client.login('admin', 'admin')).json()).toMatchObject({ body: 'locked', retry_after: 30 });
    phone.clock.advance(30_001);
    expect(envelope(await phone.client.login('admin', 'admin')).response).toBe('success');
    // a success resets the counter: one more failure does not lock again
    expect(envelope(await phone.client.login('admin', 'nope')).body).toBe('unauthorized');
    expect(envelope(await phone.client.login('admin', 'admin')).response).toBe('success');
  });

  it('expires an idle session after sessionTtlMs; use keeps it alive', async () => {
    phone = await startLoggedIn({ sessionTtlMs: 10_000 });
    phone.clock.advance(9_000);
    expect((await phone.client.get('api-get_accounts')).status).toBe(200);
    phone.clock.advance(9_000);
    expect((await phone.client.get('api-get_accounts')).status).toBe(200);
    phone.clock.advance(10_001);
    const r = await phone.client.get('api-get_accounts');
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({ response: 'error', body: 'unauthorized' });
    const st = await phone.client.get('api-get_phone_status');
    expect(st.status).toBe(200);
    expect(envelope(st).body).toBe('unauthorized');
  });

  it('without a session: 401 on protected endpoints, "unauthorized" body from api-get_phone_status', async () => {
    phone = await startPhone();
    for (const ep of ['api-get_line_status', 'api-get_contacts', 'api-make_call', 'api-phone_operation', 'api-sys_operation', 'phonebook_download', 'api-get_time']) {
      const r = await phone.client.get(ep);
      expect(r.status, ep).toBe(401);
      expect(r.json(), ep).toEqual({ response: 'error', body: 'unauthorized' });
    }
    const st = await phone.client.get('api-get_phone_status');
    expect(st.json()).toEqual({ response: 'success', body: 'unauthorized', misc: '1' });
    // a made-up sid is no session either
    const c = new PhoneClient(phone.served.url);
    c.sid = 'deadbeef';
    expect((await c.get('api-get_accounts')).status).toBe(401);
  });

  it('auth-expired fault (via the gate) invalidates every session', async () => {
    phone = await startLoggedIn();
    const other = new PhoneClient(phone.served.url);
    await other.login('user', '123');
    expect(phone.served.gate.set({ kind: 'auth-expired' })).toBe(true);
    expect((await phone.client.get('api-get_accounts')).status).toBe(401);
    expect((await other.get('api-get_accounts')).status).toBe(401);
    expect(phone.sim.applyFault({ kind: 'license-expired' })).toBe(false);
    expect(phone.served.gate.set({ kind: 'license-expired' })).toBe(false);
    expect(envelope(await phone.client.login()).response).toBe('success');
  });

  it('drops the least recently used session beyond maxSessions', async () => {
    phone = await startPhone({ maxSessions: 2, sessionsPerUser: 5 });
    const a = new PhoneClient(phone.served.url);
    const b = new PhoneClient(phone.served.url);
    const c = new PhoneClient(phone.served.url);
    await a.login();
    phone.clock.advance(10);
    await b.login();
    phone.clock.advance(10);
    await c.login();
    expect((await a.get('api-get_accounts')).status).toBe(401);
    expect((await b.get('api-get_accounts')).status).toBe(200);
    expect((await c.get('api-get_accounts')).status).toBe(200);
  });

  it('passcodeAuth accepts passcode=<admin password> on the token endpoints only', async () => {
    phone = await startPhone({ passcodeAuth: true, password: 'pw' });
    const st = await phone.client.get('api-get_phone_status', { passcode: 'pw' });
    expect(envelope(st).body).toBe('available');
    const call = await phone.client.get('api-make_call', { passcode: 'pw', phonenumber: '201' });
    expect(envelope(call).response).toBe('success');
    expect((await phone.client.get('api-get_contacts', { passcode: 'pw' })).status).toBe(401);
    expect((await phone.client.get('api-make_call', { passcode: 'nope', phonenumber: '201' })).status).toBe(401);
  });

  it('without passcodeAuth a passcode is ignored', async () => {
    phone = await startPhone({ password: 'pw' });
    expect((await phone.client.get('api-make_call', { passcode: 'pw', phonenumber: '201' })).status).toBe(401);
  });
});

describe('grandstream phone sim: api-change_password', () => {
  it('changes the admin password with the right oldadmin (seed example), old password then fails', async () => {
    phone = await startLoggedIn();
    const r = await phone.client.get('api-change_password', { oldadmin: 'admin', P2: 'newadmin', olduser: '123', P196: '123456' });
    expect(r.json()).toEqual({ response: 'success', body: { status: 'right' } });
    expect(phone.sim.password).toBe('newadmin');
    expect(phone.sim.manifestEntry('http://x').password).toBe('newadmin');
    const c = new PhoneClient(phone.served.url);
    expect(envelope(await c.login('admin', 'admin')).response).toBe('error');
    expect(envelope(await c.login('admin', 'newadmin')).response).toBe('success');
    expect(envelope(await c.login('user', '123456')).response).toBe('success');
  });

  it('rejects a wrong old password and a request without new passwords', async () => {
    phone = await startLoggedIn();
    const wrong = await phone.client.get('api-change_password', { oldadmin: 'bad', P2: 'x' });
    expect(wrong.json()).toEqual({ response: 'error', body: { status: 'wrong' } });
    expect(phone.sim.password).toBe('admin');
    const none = await phone.client.get('api-change_password', { oldadmin: 'admin' });
    expect(envelope(none)).toEqual({ response: 'error', body: 'missing P2 or P196' });
  });

  it('the user account may change only its own password', async () => {
    phone = await startPhone();
    await phone.client.login('user', '123');
    const admin = await phone.client.get('api-change_password', { oldadmin: 'admin', P2: 'hijack' });
    expect(admin.status).toBe(403);
    expect(phone.sim.password).toBe('admin');
    const own = await phone.client.get('api-change_password', { olduser: '123', P196: '999' });
    expect(envelope(own).response).toBe('success');
  });
});

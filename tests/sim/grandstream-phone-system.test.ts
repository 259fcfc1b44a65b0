import { afterEach, describe, expect, it } from 'vitest';
import { GrandstreamPhoneSim } from '../../sim/grandstream-phone';
import { serveDevice } from '../../sim/lib/server';
import { envelope, isRecord, lineState, PhoneClient, startLoggedIn, startPhone, type TestPhone } from './grandstream-phone.helpers';

let phone: TestPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

describe('grandstream phone sim: values endpoints', () => {
  it('api-values.get seed example: request=2:68:vendor_name never returns the password; 68 is the firmware version', async () => {
    phone = await startLoggedIn({ firmware: '11.16.8.20' });
    const r = await phone.client.get('api-values.get', { request: '2:68:vendor_name' });
    expect(r.json()).toEqual({ response: 'success', body: { '68': '11.16.8.20', vendor_name: 'Grandstream' } });
  });

  it('reports model, firmware, MAC and account 1 values; unknown P-numbers read as ""', async () => {
    phone = await startLoggedIn({ model: 'GXV3380', firmware: '1.0.5.12', mac: '00:0B:82:12:34:56', extension: '201' });
    const r = await phone.client.get('api-values.get', { request: 'phone_model:prog_version:mac:vendor_fullname:hw_rev:tp_fw_version:1561:7033:P35:47:nonsense' });
    expect(envelope(r).body).toEqual({
      phone_model: 'GXV3380',
      prog_version: '1.0.5.12',
      mac: '00:0B:82:12:34:56',
      vendor_fullname: 'Grandstream Networks, Inc.',
      hw_rev: 'V2.2A',
      tp_fw_version: '22',
      '1561': '',
      '7033': '1.0.1.7',
      P35: '201',
      '47': 'pbx.local',
    });
  });

  it('without a session api-values.get is limited to public values', async () => {
    phone = await startPhone({ model: 'WP820' });
    const r = await phone.client.get('api-values.get', { request: 'phone_model:prog_version:mac:68:2' });
    expect(r.status).toBe(200);
    expect(envelope(r).body).toEqual({ phone_model: 'WP820', prog_version: '1.0.3.56' });
    expect(envelope(await phone.client.get('api-values.get')).body).toBe('missing request');
  });

  it('api-values.post seed example sets P-values; names must start with P; passwords need admin', async () => {
    phone = await startLoggedIn();
    expect((await phone.client.get('api-values.post', { P2: 'admin', P196: '123' })).json()).toEqual({ response: 'success', body: { status: 'right' } });
    expect(envelope(await phone.client.get('api-values.post', { P1561: 'hello', P47: 'sip.example.com' })).response).toBe('success');
    expect(envelope(await phone.client.get('api-values.get', { request: '1561:47' })).body).toEqual({ '1561': 'hello', '47': 'sip.example.com' });
    const acct = envelope(await phone.client.get('api-get_accounts')).body as Record<string, unknown>[];
    expect(acct[0]?.sip_server).toBe('sip.example.com');
    expect((await phone.client.get('api-values.post', { vendor_name: 'x' })).json()).toEqual({ response: 'error', body: { status: 'wrong' } });
    expect((await phone.client.get('api-values.post')).json()).toEqual({ response: 'error', body: { status: 'wrong' } });
    const user = new PhoneClient(phone.served.url);
    await user.login('user', '123');
    expect((await user.get('api-values.post', { P2: 'owned' })).status).toBe(403);
    expect(phone.sim.password).toBe('admin');
    expect((await new PhoneClient(phone.served.url).get('api-values.post', { P1: 'x' })).status).toBe(401);
  });

  it('P2 through api-values.post changes the admin password', async () => {
    phone = await startLoggedIn();
    await phone.client.get('api-values.post', { P2: 'fresh' });
    expect(envelope(await new PhoneClient(phone.served.url).login('admin', 'fresh')).response).toBe('success');
  });

  it("valuesSpelling 'both' answers both spellings", async () => {
    phone = await startLoggedIn();
    for (const ep of ['api-values.get', 'api.values.get']) expect(envelope(await phone.client.get(ep, { request: 'vendor_name' })).body).toEqual({ vendor_name: 'Grandstream' });
    for (const ep of ['api-values.post', 'api.values.post']) expect(envelope(await phone.client.get(ep, { P99: '1' })).response).toBe('success');
  });

  it("valuesSpelling 'dash' 404s the dotted spelling, 'dot' 404s the dashed one", async () => {
    phone = await startLoggedIn({ valuesSpelling: 'dash' });
    expect((await phone.client.get('api.values.get', { request: 'vendor_name' })).status).toBe(404);
    expect((await phone.client.get('api.values.post', { P99: '1' })).status).toBe(404);
    expect((await phone.client.get('api-values.get', { request: 'vendor_name' })).status).toBe(200);
    await phone.close();
    phone = await startLoggedIn({ valuesSpelling: 'dot' });
    const dash = await phone.client.get('api-values.get', { request: 'vendor_name' });
    expect(dash.status).toBe(404);
    expect(dash.contentType).toMatch(/html/);
    expect((await phone.client.get('api-values.post', { P99: '1' })).status).toBe(404);
    expect(envelope(await phone.client.get('api.values.get', { request: 'vendor_name' })).response).toBe('success');
  });
});

describe('grandstream phone sim: HTTP details', () => {
  it('JSON is served as text/plain by default, application/json with jsonContentType', async () => {
    phone = await startLoggedIn();
    expect((await phone.client.get('api-get_accounts')).contentType).toMatch(/^text\/plain/);
    expect((await phone.client.get('api-get_time')).contentType).toMatch(/^text\/plain/);
    await phone.close();
    phone = await startLoggedIn({ jsonContentType: true });
    expect((await phone.client.get('api-get_accounts')).contentType).toBe('application/json');
  });

  it('unknown endpoints and paths outside cgi-bin are 404', async () => {
    phone = await startLoggedIn();
    expect((await phone.client.get('api-get_everything')).status).toBe(404);
    const r = await fetch(`${phone.served.url}/index.html`);
    expect(r.status).toBe(404);
    await r.text();
  });

  it('rejects invalid options', () => {
    expect(() => new GrandstreamPhoneSim({ id: 'x', name: 'x', lineCount: 0 })).toThrow(/lineCount/);
    expect(() => new GrandstreamPhoneSim({ id: 'x', name: 'x', answerDelayMs: -1 })).toThrow(/answerDelayMs/);
    expect(() => new GrandstreamPhoneSim({ id: 'x', name: 'x', lockoutMs: Number.NaN })).toThrow(/lockoutMs/);
  });
});

describe('grandstream phone sim: api-sys_operation', () => {
  it('REBOOT answers, then the phone is unreachable for rebootMs; calls and sessions are gone after', async () => {
    phone = await startLoggedIn({ rebootMs: 1500, extension: '201' });
    phone.sim.ring('300');
    const r = await phone.client.get('api-sys_operation', { request: 'REBOOT' });
    expect(r.json()).toEqual({ response: 'success', body: 'reboot' });
    await expect(fetch(`${phone.served.url}/cgi-bin/loginrealm`)).rejects.toThrow();
    await expect(phone.client.get('api-get_phone_status')).rejects.toThrow();
    expect(phone.sim.state()).toMatchObject({ online: false, offlineForMs: 1500, rebootCount: 1 });
    expect(() => phone?.sim.ring('1')).toThrow(/rebooting/);
    phone.clock.advance(1499);
    await expect(phone.client.realm()).rejects.toThrow();
    phone.clock.advance(1);
    expect(envelope(await phone.client.get('api-get_phone_status')).body).toBe('unauthorized');
    await phone.client.login();
    expect(await lineState(phone.client, 1)).toBe('0');
    expect((await phone.client.get('api-get_time')).json()).toMatchObject({ uptime: ' 0 days, 0 hours, 0 minutes, 0seconds' });
  });

  it('REBOOT with the real clock (no injection): offline, then back after rebootMs', async () => {
    const sim = new GrandstreamPhoneSim({ id: 'rt', name: 'Real time', rebootMs: 150 });
    const served = await serveDevice(sim);
    try {
      const c = new PhoneClient(served.url);
      await c.login();
      expect(envelope(await c.get('api-sys_operation', { request: 'REBOOT' })).body).toBe('reboot');
      await expect(c.get('api-get_phone_status')).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 200));
      expect(envelope(await c.get('api-get_phone_status')).body).toBe('unauthorized');
    } finally {
      await served.close();
    }
  });

  it('RESET and PROV need admin; REBOOT is allowed to the user account', async () => {
    phone = await startPhone();
    await phone.client.login('user', '123');
    for (const request of ['RESET', 'PROV']) {
      const r = await phone.client.get('api-sys_operation', { request });
      expect(r.status, request).toBe(403);
      expect(r.json()).toEqual({ response: 'error', body: 'forbidden' });
    }
    expect(envelope(await phone.client.get('api-sys_operation', { request: 'REBOOT' })).body).toBe('reboot');
  });

  it('RESET (admin) restores the factory state: password, contacts, groups, values', async () => {
    phone = await startLoggedIn({ contacts: [{ firstName: 'Seed' }], rebootMs: 100 });
    await phone.client.get('api-change_password', { oldadmin: 'admin', P2: 'changed' });
    await phone.client.get('api-save_edit_contact', { firstname: 'Extra' });
    await phone.client.get('api-add_group', { name: 'G' });
    await phone.client.get('api-values.post', { P1561: 'v' });
    expect(envelope(await phone.client.get('api-sys_operation', { request: 'RESET' })).body).toBe('reset');
    phone.clock.advance(100);
    expect(envelope(await phone.client.login('admin', 'changed')).response).toBe('error');
    expect(envelope(await phone.client.login('admin', 'admin')).response).toBe('success');
    const st = phone.sim.state();
    expect(isRecord(st) && st.contacts).toEqual([expect.objectContaining({ firstName: 'Seed' })]);
    expect(isRecord(st) && st.groups).toHaveLength(2);
    expect(envelope(await phone.client.get('api-values.get', { request: '1561' })).body).toEqual({ '1561': '' });
  });

  it('PROV (admin) is acknowledged without going offline; bad requests are errors', async () => {
    phone = await startLoggedIn();
    expect(envelope(await phone.client.get('api-sys_operation', { request: 'PROV' })).body).toBe('prov');
    expect(phone.sim.state()).toMatchObject({ online: true, provisionCount: 1 });
    expect(envelope(await phone.client.get('api-sys_operation', { request: 'SHUTDOWN' }))).toEqual({ response: 'error', body: 'invalid request' });
    expect(envelope(await phone.client.get('api-sys_operation'))).toEqual({ response: 'error', body: 'missing request' });
  });
});

describe('grandstream phone sim: generic faults through the FaultGate', () => {
  it('error500, malformed, offline and clearing', async () => {
    phone = await startLoggedIn();
    phone.served.gate.set({ kind: 'error500' });
    expect((await phone.client.get('api-get_accounts')).status).toBe(500);
    phone.served.gate.set({ kind: 'malformed' });
    const m = await phone.client.get('api-get_accounts');
    expect(() => m.json()).toThrow();
    phone.served.gate.set({ kind: 'offline' });
    await expect(phone.client.get('api-get_accounts')).rejects.toThrow();
    phone.served.gate.set(null);
    expect((await phone.client.get('api-get_accounts')).status).toBe(200);
  });
});

describe('grandstream phone sim: state() and manifestEntry()', () => {
  it('state reports lines, contacts, groups, accounts, sessions and lockout as JSON', async () => {
    phone = await startLoggedIn({ extension: '201', contacts: [{ firstName: 'A', work: '1' }] });
    phone.sim.ring('300', 'Caller');
    for (let i = 0; i < 2; i++) await new PhoneClient(phone.served.url).login('user', 'bad');
    const st = phone.sim.state();
    expect(JSON.parse(JSON.stringify(st))).toEqual(st);
    expect(st).toMatchObject({
      id: 'gs1',
      kind: 'grandstream-phone',
      model: 'GXV3370',
      extension: '201',
      online: true,
      phoneStatus: 'ringing',
      sessions: 1,
      lockout: [{ role: 'user', failures: 2, lockedForMs: 0 }],
      accounts: [{ id: 1, sipId: '201', server: 'pbx.local', name: '201', registered: true }, expect.anything(), expect.anything(), expect.anything()],
      contacts: [expect.objectContaining({ id: 0, firstName: 'A', work: '1' })],
      groups: [
        { id: 0, name: 'default' },
        { id: 100, name: 'blacklist' },
      ],
    });
    expect(isRecord(st) && Array.isArray(st.lines) && st.lines[0]).toEqual({ line: 1, state: 'ringing', remoteNumber: '300', remoteName: 'Caller', account: 0, direction: 'in', active: false });
  });

  it('manifestEntry has the contract fields', () => {
    const sim = new GrandstreamPhoneSim({ id: 'p1', name: 'Desk', model: 'GXV3350', password: 'pw', extension: '205' });
    expect(sim.manifestEntry('http://127.0.0.1:1234')).toEqual({
      id: 'p1',
      kind: 'grandstream-phone',
      name: 'Desk',
      url: 'http://127.0.0.1:1234',
      username: 'admin',
      password: 'pw',
      extension: '205',
      model: 'GXV3350',
      family: 'legacy',
    });
    const bare = new GrandstreamPhoneSim({ id: 'p2', name: 'Lobby' });
    expect(bare.manifestEntry('http://h')).not.toHaveProperty('extension');
    expect(bare.options.mac).toMatch(/^00:0B:82(:[0-9A-F]{2}){3}$/);
    bare.dispose();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createPhoneFarm, type PhoneFarm } from '../../sim/grandstream-phone/farm';
import { envelope, fakeClock, lines, lineState, op, PhoneClient } from './grandstream-phone.helpers';

let farm: PhoneFarm | undefined;
afterEach(async () => {
  await farm?.close();
  farm = undefined;
});

describe('grandstream phone farm', () => {
  it('serves 200 phones on one port under /phones/<i>, each answering for itself', async () => {
    farm = await createPhoneFarm(200, { perPhone: (i) => ({ model: i % 2 === 0 ? 'GXV3380' : 'GXV3370' }) });
    expect(farm.phones).toHaveLength(200);
    const port = new URL(farm.url).port;
    for (const p of farm.phones) expect(new URL(p.url).port).toBe(port);
    expect(farm.phones[6]?.url).toBe(`${farm.url}/phones/7`);
    expect(farm.phones[6]?.id).toBe('phone-7');
    const sample = [1, 2, 50, 123, 200];
    for (const i of sample) {
      const c = new PhoneClient(`${farm.url}/phones/${i}`);
      expect(envelope(await c.login()).response, `phone ${i}`).toBe('success');
      const v = envelope(await c.get('api-values.get', { request: 'phone_model' })).body;
      expect(v).toEqual({ phone_model: i % 2 === 0 ? 'GXV3380' : 'GXV3370' });
      const acct = envelope(await c.get('api-get_accounts', { registered: '1' })).body;
      expect(acct).toEqual([expect.objectContaining({ sip_id: String(1000 + i) })]);
    }
    expect(farm.phones[122]?.sim.manifestEntry(farm.phones[122]?.url ?? '')).toMatchObject({ id: 'phone-123', extension: '1123', url: `${farm.url}/phones/123` });
  });

  it('keeps phones independent: sessions, calls and contacts', async () => {
    farm = await createPhoneFarm(200, { defaults: { answerDelayMs: null } });
    const a = new PhoneClient(`${farm.url}/phones/3`);
    const b = new PhoneClient(`${farm.url}/phones/4`);
    const login = await a.login();
    expect(login.setCookies.find((c) => c.startsWith('session-identity='))).toMatch(/Path=\/phones\/3(;|$)/);
    // phone 3's session means nothing to phone 4
    b.sid = a.sid;
    expect((await b.get('api-get_accounts')).status).toBe(401);
    await b.login();
    await a.get('api-make_call', { phonenumber: '555' });
    await a.get('api-save_edit_contact', { firstname: 'Only', lastname: 'Three' });
    expect(await lineState(a, 1)).toBe('3');
    expect(await lineState(b, 1)).toBe('0');
    const bContacts = b.get('api-get_contacts');
    expect((await bContacts).json()).toEqual({ res: 'success', msg: [] });
    farm.phones[3]?.sim.ring('0611', 'To four');
    expect((await lines(b))[0]).toMatchObject({ state: '2', number: '0611' });
    expect(envelope(await op(b, 'acceptcall', 1)).body).toBe('true');
    expect(await lineState(a, 2)).toBe('0');
  });

  it('one FaultGate per phone: a fault on one phone leaves the others alone', async () => {
    farm = await createPhoneFarm(20);
    const c5 = new PhoneClient(farm.phones[4]?.url ?? '');
    const c6 = new PhoneClient(farm.phones[5]?.url ?? '');
    await c5.login();
    await c6.login();
    farm.phones[4]?.gate.set({ kind: 'error500' });
    expect((await c5.get('api-get_accounts')).status).toBe(500);
    expect((await c6.get('api-get_accounts')).status).toBe(200);
    farm.phones[4]?.gate.set({ kind: 'offline' });
    await expect(c5.get('api-get_accounts')).rejects.toThrow();
    expect((await c6.get('api-get_accounts')).status).toBe(200);
    expect(farm.phones[5]?.gate.set({ kind: 'auth-expired' })).toBe(true);
    expect((await c6.get('api-get_accounts')).status).toBe(401);
    farm.phones[4]?.gate.set(null);
    expect((await c5.get('api-get_accounts')).status).toBe(200);
  });

  it('a rebooting phone drops its own requests only', async () => {
    const clock = fakeClock();
    farm = await createPhoneFarm(3, { defaults: { clock: clock.now, rebootMs: 1000 } });
    const c1 = new PhoneClient(farm.phones[0]?.url ?? '');
    const c2 = new PhoneClient(farm.phones[1]?.url ?? '');
    await c1.login();
    await c2.login();
    expect(envelope(await c1.get('api-sys_operation', { request: 'REBOOT' })).body).toBe('reboot');
    await expect(c1.get('api-get_phone_status')).rejects.toThrow();
    expect(envelope(await c2.get('api-get_phone_status')).body).toBe('available');
    clock.advance(1000);
    expect(envelope(await c1.get('api-get_phone_status')).body).toBe('unauthorized');
  });

  it('unknown prefixes are 404 and n must be positive', async () => {
    farm = await createPhoneFarm(2);
    for (const path of ['/phones/3/cgi-bin/loginrealm', '/phones/0/cgi-bin/loginrealm', '/cgi-bin/loginrealm', '/phones/x/cgi-bin/loginrealm']) {
      const r = await fetch(`${farm.url}${path}`);
      expect(r.status, path).toBe(404);
      await r.text();
    }
    await expect(createPhoneFarm(0)).rejects.toThrow(/positive/);
  });

  it('builds 1000 phones in one process and serves any of them', async () => {
    farm = await createPhoneFarm(1000);
    expect(farm.phones).toHaveLength(1000);
    for (const i of [1, 500, 1000]) {
      const c = new PhoneClient(`${farm.url}/phones/${i}`);
      await c.login();
      expect(envelope(await c.get('api-get_phone_status')).body).toBe('available');
    }
    // untouched phones have materialised no lines yet but still report a full state
    const st = farm.phones[700]?.sim.state();
    expect(st).toMatchObject({ id: 'phone-701', phoneStatus: 'available' });
  });
});

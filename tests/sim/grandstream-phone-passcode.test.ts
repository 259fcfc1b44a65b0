/**
 * Conformance of the passcode family simulator (CTI/Web API of GXP/GRP phones) with the facts of
 * issue 11 ("Grandstream phones: the passcode family").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPhone, type TestPhone } from './grandstream-phone.helpers';
import { pget } from './grandstream-phone-families.helpers';

let phone: TestPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

async function start(opts: Parameters<typeof startPhone>[0] = {}): Promise<TestPhone> {
  phone = await startPhone({ family: 'passcode', model: 'GXP2160', password: 'Cti!9', extension: '204', answerDelayMs: 0, lineStyle: 'words', ...opts });
  return phone;
}

const firstState = async (root: string): Promise<unknown> => ((await pget(root, 'api-get_line_status', { passcode: 'Cti!9' })).json().body as { state: string }[])[0]?.state;

describe('grandstream phone sim, passcode family', () => {
  it('needs no session: the passcode on each request reads lines and status', async () => {
    const p = await start();
    const lines = await pget(p.served.url, 'api-get_line_status', { passcode: 'Cti!9' });
    expect(lines.json()).toMatchObject({ response: 'success' });
    expect(Array.isArray(lines.json().body)).toBe(true);
    expect((await pget(p.served.url, 'api-get_phone_status', { passcode: 'Cti!9' })).json()).toMatchObject({ response: 'success', body: 'available' });
  });

  it('has no session login of either other family', async () => {
    const p = await start();
    expect((await pget(p.served.url, 'loginrealm', {})).status).toBe(404);
    expect((await pget(p.served.url, 'access', {})).status).toBe(404);
  });

  it('refuses a wrong or missing passcode', async () => {
    const p = await start();
    for (const params of [{ passcode: 'nope' }, {}] as Record<string, string>[]) {
      const r = await pget(p.served.url, 'api-get_line_status', params);
      expect(r.status).toBe(401);
      expect(r.json().response).toBe('error');
    }
  });

  it('make_call takes the password as `password`, not `passcode`', async () => {
    const p = await start();
    const wrongName = await pget(p.served.url, 'api-make_call', { phonenumber: '202', account: '0', passcode: 'Cti!9' });
    expect(wrongName.status).toBe(401);
    const r = await pget(p.served.url, 'api-make_call', { phonenumber: '202', account: '0', password: 'Cti!9' });
    expect(r.json()).toMatchObject({ response: 'success' });
    expect(await firstState(p.served.url)).toBe('connected');
  });

  it('phone_operation takes no line: it acts on the current call, and holdcall toggles', async () => {
    const p = await start();
    p.sim.ring('+390299', 'Caller');
    expect(await firstState(p.served.url)).toBe('ringing');
    await pget(p.served.url, 'api-phone_operation', { cmd: 'acceptcall', passcode: 'Cti!9' });
    expect(await firstState(p.served.url)).toBe('connected');
    await pget(p.served.url, 'api-phone_operation', { cmd: 'holdcall', passcode: 'Cti!9' });
    expect(await firstState(p.served.url)).toBe('onhold');
    await pget(p.served.url, 'api-phone_operation', { cmd: 'holdcall', passcode: 'Cti!9' });
    expect(await firstState(p.served.url)).toBe('connected');
    await pget(p.served.url, 'api-phone_operation', { cmd: 'endcall', passcode: 'Cti!9' });
    expect(await firstState(p.served.url)).toBe('idle');
  });

  it('reboots with sys_operation?request=REBOOT&passcode=', async () => {
    const p = await start({ rebootMs: 1000 });
    expect((await pget(p.served.url, 'api-sys_operation', { request: 'REBOOT', passcode: 'Cti!9' })).json().response).toBe('success');
    await new Promise((r) => setTimeout(r, 20));
    expect((p.sim.state() as { rebootCount: number }).rebootCount).toBe(1);
  });

  it('refuses everything while the API feature is disabled in the web UI, even with the right passcode', async () => {
    const p = await start({ apiEnabled: false });
    const r = await pget(p.served.url, 'api-get_line_status', { passcode: 'Cti!9' });
    expect(r.status).toBe(403);
    expect(r.json().response).toBe('error');
  });

  it('answers the public value names without a credential', async () => {
    const p = await start();
    const r = await pget(p.served.url, 'api-values.get', { request: 'phone_model:prog_version' });
    expect(r.json()).toMatchObject({ response: 'success', body: { phone_model: 'GXP2160' } });
  });
});

/**
 * The phone simulator's per-device variants: each plausible reading of what the manuals leave
 * open (request line numbering, the `arg` parameter, value names, contact name order, one session
 * per account, a delayed operation effect).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GrandstreamPhoneSim } from '../../sim/grandstream-phone';
import { parseOffice } from '../../sim/office';
import { envelope, lines, lineState, op, PhoneClient, startLoggedIn, type TestPhone } from './grandstream-phone.helpers';

let phone: TestPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

describe('grandstream phone sim: request line numbering (lineNumbering)', () => {
  it('defaults to one-based: request line n is answer line n', async () => {
    phone = await startLoggedIn({ extension: '201' });
    expect(phone.sim.options.lineNumbering).toBe('one-based');
    phone.sim.ring('300');
    phone.sim.ring('301');
    expect(envelope(await op(phone.client, 'acceptcall', 2)).body).toBe('true');
    expect((await lines(phone.client)).map((l) => l.state)).toEqual(['2', '4', '0', '0']);
    // the status filter uses the same numbering; 0 = all lines
    expect((await lines(phone.client, 2)).map((l) => l.line)).toEqual([2]);
    expect(await lines(phone.client, 0)).toHaveLength(4);
  });

  it('zero-based: request line n is answer line n+1, so line=1 accepts the caller on line 2', async () => {
    phone = await startLoggedIn({ extension: '201', lineNumbering: 'zero-based' });
    phone.sim.ring('300');
    phone.sim.ring('301');
    expect(envelope(await op(phone.client, 'acceptcall', 1)).body).toBe('true');
    expect((await lines(phone.client)).map((l) => l.state)).toEqual(['2', '4', '0', '0']);
    expect(envelope(await op(phone.client, 'rejectcall', 0)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('0');
    // the seed example endcall&line=0 is the first line, not "the line concerned"
    expect(envelope(await op(phone.client, 'endcall', 0)).body).toBe('false');
    expect(await lineState(phone.client, 2)).toBe('4');
    expect(envelope(await op(phone.client, 'endcall', 1)).body).toBe('true');
    expect(await lineState(phone.client, 2)).toBe('0');
    // the status filter: line=0 is line 1; line=3 is the last of 4; line=4 does not exist
    expect((await lines(phone.client, 0)).map((l) => l.line)).toEqual([1]);
    expect((await lines(phone.client, 3)).map((l) => l.line)).toEqual([4]);
    expect(envelope(await phone.client.get('api-get_line_status', { line: '4' }))).toEqual({ response: 'error', body: 'invalid line' });
    expect(envelope(await op(phone.client, 'endcall', 4))).toEqual({ response: 'error', body: 'invalid line' });
  });
});

describe('grandstream phone sim: the line parameter of api-phone_operation (lineParam)', () => {
  it("'arg': the line travels in arg; line is ignored", async () => {
    phone = await startLoggedIn({ extension: '201', lineParam: 'arg' });
    phone.sim.ring('300');
    expect(envelope(await op(phone.client, 'acceptcall', 1))).toEqual({ response: 'error', body: 'missing arg' });
    expect(await lineState(phone.client, 1)).toBe('2');
    expect(envelope(await phone.client.get('api-phone_operation', { cmd: 'acceptcall', arg: '1', line: '3' })).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('4');
    expect(envelope(await phone.client.get('api-phone_operation', { cmd: 'endcall', arg: 'x' })).body).toBe('invalid line');
  });

  it("'line' (default): arg is ignored", async () => {
    phone = await startLoggedIn({ extension: '201' });
    phone.sim.ring('300');
    expect(envelope(await phone.client.get('api-phone_operation', { cmd: 'acceptcall', arg: '1' }))).toEqual({ response: 'error', body: 'missing line' });
    expect(envelope(await phone.client.get('api-phone_operation', { cmd: 'acceptcall', arg: '3', line: '1' })).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('4');
  });
});

describe('grandstream phone sim: delayed operation effect (operationDelayMs)', () => {
  it('answers "true" at once, shows the new state only after the delay, and drops an effect that no longer applies', async () => {
    phone = await startLoggedIn({ extension: '201', operationDelayMs: 300, sessionTtlMs: 1e9 });
    phone.sim.ring('300');
    expect(envelope(await op(phone.client, 'acceptcall', 1)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('2');
    phone.clock.advance(300);
    expect(await lineState(phone.client, 1)).toBe('4');
    expect(envelope(await op(phone.client, 'holdcall', 1)).body).toBe('true');
    phone.clock.advance(100);
    expect(phone.sim.remoteHangup(1)).toBe(true);
    phone.clock.advance(500);
    expect(await lineState(phone.client, 1)).toBe('0');
  });
});

describe('grandstream phone sim: value names (valueNames)', () => {
  it("'manual' serves only the manuals' names; phone_model, prog_version and mac are unknown", async () => {
    phone = await startLoggedIn({ valueNames: 'manual', model: 'GXV3380', firmware: '1.0.3.30' });
    const r = await phone.client.get('api-values.get', { request: 'phone_model:prog_version:mac:68:vendor_name:hw_rev' });
    expect(envelope(r).body).toEqual({ '68': '1.0.3.30', vendor_name: 'Grandstream', hw_rev: 'V2.2A' });
  });

  it("'extended' (default) serves them as well", async () => {
    phone = await startLoggedIn({ model: 'GXV3380', firmware: '1.0.3.30', mac: '00:0B:82:01:02:03' });
    const r = await phone.client.get('api-values.get', { request: 'phone_model:prog_version:mac:68' });
    expect(envelope(r).body).toEqual({ phone_model: 'GXV3380', prog_version: '1.0.3.30', mac: '00:0B:82:01:02:03', '68': '1.0.3.30' });
  });
});

describe('grandstream phone sim: contact name order (contactNameOrder)', () => {
  it("'last-first' shows and searches 'Last First'", async () => {
    phone = await startLoggedIn({ contactNameOrder: 'last-first', contacts: [{ firstName: 'Jack', lastName: 'Brown', work: '123456' }] });
    const body = (await phone.client.get('api-get_contacts')).json() as { msg: { contactName: string }[] };
    expect(body.msg.map((c) => c.contactName)).toEqual(['Brown Jack']);
    const hit = (await phone.client.get('api-get_contacts', { contactname: 'brown j' })).json() as { msg: unknown[] };
    expect(hit.msg).toHaveLength(1);
    const miss = (await phone.client.get('api-get_contacts', { contactname: 'Jack Brown' })).json() as { msg: unknown[] };
    expect(miss.msg).toHaveLength(0);
  });
});

describe('grandstream phone sim: one session per account (sessionsPerUser)', () => {
  it('by default a second login of the same account ends the first session; another account keeps its own', async () => {
    phone = await startLoggedIn({ userPassword: '123' });
    const user = new PhoneClient(phone.served.url);
    await user.login('user', '123');
    const desk2 = new PhoneClient(phone.served.url);
    await desk2.login('gmiadmin', 'admin');
    expect((await phone.client.get('api-get_accounts')).status).toBe(401);
    expect((await desk2.get('api-get_accounts')).status).toBe(200);
    expect((await user.get('api-get_accounts')).status).toBe(200);
    // takeOverSession is the same thing without HTTP (a browser logging in elsewhere)
    phone.sim.takeOverSession();
    expect((await desk2.get('api-get_accounts')).status).toBe(401);
    expect((await user.get('api-get_accounts')).status).toBe(200);
  });

  it('sessionsPerUser 2 keeps two sessions of one account', async () => {
    phone = await startLoggedIn({ sessionsPerUser: 2 });
    const desk2 = new PhoneClient(phone.served.url);
    await desk2.login();
    expect((await phone.client.get('api-get_accounts')).status).toBe(200);
    phone.clock.advance(1);
    await new PhoneClient(phone.served.url).login();
    expect((await phone.client.get('api-get_accounts')).status).toBe(401);
    expect((await desk2.get('api-get_accounts')).status).toBe(200);
  });
});

describe('grandstream phone sim: variant options are validated', () => {
  it('rejects unknown variant values in the simulator options and in an office file', () => {
    const bad = { lineNumbering: 'two-based' } as unknown as { lineNumbering: 'one-based' };
    expect(() => new GrandstreamPhoneSim({ id: 'x', name: 'x', ...bad })).toThrow(/lineNumbering must be one of one-based, zero-based/);
    expect(() => new GrandstreamPhoneSim({ id: 'x', name: 'x', sessionsPerUser: 0 })).toThrow(/sessionsPerUser must be a positive integer/);
    const office = (extra: Record<string, unknown>): unknown => ({
      name: 'o',
      devices: [{ kind: 'grandstream-phone', id: 'p', name: 'P', password: 'pw', ...extra }],
    });
    expect(() => parseOffice(office({ lineParam: 'argument' }))).toThrow(/devices\[0\]\.lineParam/);
    expect(() => parseOffice(office({ contactNameOrder: 'surname' }))).toThrow(/devices\[0\]\.contactNameOrder/);
    const ok = parseOffice(office({ lineNumbering: 'zero-based', lineParam: 'arg', valueNames: 'manual', contactNameOrder: 'last-first', sessionsPerUser: 2, operationDelayMs: 100 }));
    expect(ok.devices[0]).toMatchObject({ lineNumbering: 'zero-based', lineParam: 'arg', valueNames: 'manual', contactNameOrder: 'last-first', sessionsPerUser: 2 });
  });
});

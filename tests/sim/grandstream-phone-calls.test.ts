import { afterEach, describe, expect, it } from 'vitest';
import { envelope, lines, lineState, op, startLoggedIn, type TestPhone } from './grandstream-phone.helpers';

let phone: TestPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

describe('grandstream phone sim: api-get_line_status', () => {
  it('numeric style: 1-based lines, documented codes, name/number fields (seed example shape)', async () => {
    phone = await startLoggedIn();
    const all = await lines(phone.client);
    expect(all).toHaveLength(4);
    expect(all[0]).toEqual({ line: 1, state: '0', acct: '', name: '', number: '', active: 0 });
    expect(all.map((l) => l.line)).toEqual([1, 2, 3, 4]);
  });

  it('words style uses words and remotename/remotenumber', async () => {
    phone = await startLoggedIn({ lineStyle: 'words', extension: '201' });
    phone.sim.ring('0612345678', 'Ann <Smith>');
    const l1 = (await lines(phone.client))[0];
    expect(l1).toEqual({ line: 1, state: 'ringing', acct: '0', remotename: 'Ann <Smith>', remotenumber: '0612345678', active: 0 });
    await op(phone.client, 'acceptcall', 1);
    expect(await lineState(phone.client, 1)).toBe('connected');
    await op(phone.client, 'holdcall', 1);
    expect(await lineState(phone.client, 1)).toBe('onhold');
  });

  it('lineCount varies; the line filter returns one line, 0 all lines, out of range is an error', async () => {
    phone = await startLoggedIn({ lineCount: 6 });
    expect(await lines(phone.client)).toHaveLength(6);
    expect(await lines(phone.client, 0)).toHaveLength(6);
    const five = await lines(phone.client, 5);
    expect(five).toHaveLength(1);
    expect(five[0]?.line).toBe(5);
    const bad = await phone.client.get('api-get_line_status', { line: '7' });
    expect(envelope(bad)).toEqual({ response: 'error', body: 'invalid line' });
    const junk = await phone.client.get('api-get_line_status', { line: 'x' });
    expect(envelope(junk).response).toBe('error');
  });
});

describe('grandstream phone sim: api-make_call', () => {
  it('seed example: phonenumber=123456&account=0 → calling, connected after answerDelayMs', async () => {
    phone = await startLoggedIn({ extension: '201', answerDelayMs: 3000 });
    const r = await phone.client.get('api-make_call', { phonenumber: '123456', account: '0' });
    expect(r.json()).toEqual({ response: 'success', body: '' });
    const [l1] = await lines(phone.client);
    expect(l1).toEqual({ line: 1, state: '3', acct: '0', name: '', number: '123456', active: 1 });
    expect(envelope(await phone.client.get('api-get_phone_status')).body).toBe('busy');
    phone.clock.advance(2999);
    expect(await lineState(phone.client, 1)).toBe('3');
    phone.clock.advance(1);
    expect(await lineState(phone.client, 1)).toBe('4');
    expect(phone.sim.state()).toMatchObject({ lines: expect.arrayContaining([expect.objectContaining({ line: 1, state: 'connected', direction: 'out' })]) });
  });

  it('answerDelayMs null: the remote side never answers; endcall clears the line', async () => {
    phone = await startLoggedIn({ extension: '201', answerDelayMs: null, sessionTtlMs: 1e10 });
    await phone.client.get('api-make_call', { phonenumber: '555' });
    phone.clock.advance(3_600_000);
    expect(await lineState(phone.client, 1)).toBe('3');
    expect((await op(phone.client, 'endcall', 1)).json()).toEqual({ response: 'success', body: 'true' });
    expect(await lineState(phone.client, 1)).toBe('0');
  });

  it('an unregistered account fails the call (state 8), which clears after a few seconds', async () => {
    phone = await startLoggedIn({
      accounts: [
        { sipId: '201', server: 'pbx.local', registered: true },
        { sipId: '9064', server: '96.31.248.32', registered: false },
      ],
    });
    await phone.client.get('api-make_call', { phonenumber: '555', account: '1' });
    const [l1] = await lines(phone.client);
    expect(l1).toMatchObject({ state: '8', acct: '1', number: '555' });
    phone.clock.advance(5000);
    expect(await lineState(phone.client, 1)).toBe('0');
  });

  it('rejects missing/invalid numbers and accounts, and a full phone', async () => {
    phone = await startLoggedIn({ extension: '201', lineCount: 2, answerDelayMs: null });
    expect(envelope(await phone.client.get('api-make_call')).body).toBe('missing phonenumber');
    expect(envelope(await phone.client.get('api-make_call', { phonenumber: '12 34' })).body).toBe('invalid phonenumber');
    expect(envelope(await phone.client.get('api-make_call', { phonenumber: '1', account: '9' })).body).toBe('invalid account');
    expect(envelope(await phone.client.get('api-make_call', { phonenumber: '1', account: '-1' })).body).toBe('invalid account');
    await phone.client.get('api-make_call', { phonenumber: '1' });
    await phone.client.get('api-make_call', { phonenumber: '2' });
    expect(envelope(await phone.client.get('api-make_call', { phonenumber: '3' }))).toEqual({ response: 'error', body: 'no free line' });
  });

  it('dialling a second call puts the connected one on hold', async () => {
    phone = await startLoggedIn({ extension: '201', answerDelayMs: 0 });
    await phone.client.get('api-make_call', { phonenumber: '100' });
    expect(await lineState(phone.client, 1)).toBe('4');
    await phone.client.get('api-make_call', { phonenumber: '200' });
    const [l1, l2] = await lines(phone.client);
    expect(l1).toMatchObject({ state: '5', active: 0 });
    expect(l2).toMatchObject({ state: '4', active: 1, number: '200' });
  });
});

describe('grandstream phone sim: api-phone_operation', () => {
  it('ring → acceptcall (onAnswer runs) → holdcall → holdcall resumes → endcall', async () => {
    phone = await startLoggedIn({ extension: '201' });
    const answered: number[] = [];
    const line = phone.sim.ring('0612345678', 'Ann', { onAnswer: (l) => answered.push(l) });
    expect(line).toBe(1);
    expect(envelope(await phone.client.get('api-get_phone_status')).body).toBe('ringing');
    expect((await lines(phone.client))[0]).toEqual({ line: 1, state: '2', acct: '0', name: 'Ann', number: '0612345678', active: 0 });
    expect((await op(phone.client, 'acceptcall', 1)).json()).toEqual({ response: 'success', body: 'true' });
    expect(answered).toEqual([1]);
    expect((await lines(phone.client))[0]).toMatchObject({ state: '4', active: 1 });
    expect(envelope(await op(phone.client, 'holdcall', 1)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('5');
    expect(envelope(await op(phone.client, 'holdcall', 1)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('4');
    expect(envelope(await op(phone.client, 'endcall', 1)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('0');
    expect(envelope(await phone.client.get('api-get_phone_status')).body).toBe('available');
    expect(answered).toEqual([1]);
  });

  it('rejectcall ends a ringing call without onAnswer', async () => {
    phone = await startLoggedIn();
    let called = false;
    phone.sim.ring('300', undefined, { onAnswer: () => (called = true) });
    expect(envelope(await op(phone.client, 'rejectcall', 1)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('0');
    expect(called).toBe(false);
  });

  it('operations on a line in the wrong state are not handled (body "false")', async () => {
    phone = await startLoggedIn({ extension: '201', answerDelayMs: null });
    for (const cmd of ['acceptcall', 'rejectcall', 'endcall', 'holdcall']) {
      expect((await op(phone.client, cmd, 2)).json(), cmd).toEqual({ response: 'success', body: 'false' });
    }
    phone.sim.ring('300');
    expect(envelope(await op(phone.client, 'holdcall', 1)).body).toBe('false');
    expect(envelope(await op(phone.client, 'endcall', 1)).body).toBe('false');
    await phone.client.get('api-make_call', { phonenumber: '400' });
    expect(await lineState(phone.client, 2)).toBe('3');
    expect(envelope(await op(phone.client, 'acceptcall', 2)).body).toBe('false');
    expect(envelope(await op(phone.client, 'holdcall', 2)).body).toBe('false');
    expect(await lineState(phone.client, 1)).toBe('2');
  });

  it('bad commands and lines are errors; the seed line names work (line and Line)', async () => {
    phone = await startLoggedIn();
    expect(envelope(await phone.client.get('api-phone_operation', { line: '1' })).body).toBe('missing cmd');
    expect(envelope(await op(phone.client, 'dance', 1)).body).toBe('invalid cmd');
    expect(envelope(await phone.client.get('api-phone_operation', { cmd: 'endcall' })).body).toBe('missing line');
    expect(envelope(await op(phone.client, 'endcall', 5)).body).toBe('invalid line');
    expect(envelope(await op(phone.client, 'endcall', 'one')).body).toBe('invalid line');
    phone.sim.ring('300');
    const r = await phone.client.get('api-phone_operation', { cmd: 'acceptcall', Line: '1' });
    expect(envelope(r).body).toBe('true');
  });

  it('line=0 (seed example) targets the line concerned', async () => {
    phone = await startLoggedIn({ extension: '201' });
    phone.sim.ring('300');
    phone.sim.ring('301');
    expect(envelope(await op(phone.client, 'acceptcall', 0)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('4');
    expect(envelope(await op(phone.client, 'rejectcall', 0)).body).toBe('true');
    expect(await lineState(phone.client, 2)).toBe('0');
    expect(envelope(await op(phone.client, 'holdcall', 0)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('5');
    expect(envelope(await op(phone.client, 'holdcall', 0)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('4');
    expect(envelope(await op(phone.client, 'endcall', 0)).body).toBe('true');
    expect(envelope(await op(phone.client, 'endcall', 0)).body).toBe('false');
  });

  it('accepting a second call holds the first; resuming the first holds the second', async () => {
    phone = await startLoggedIn({ extension: '201' });
    phone.sim.ring('300');
    await op(phone.client, 'acceptcall', 1);
    phone.sim.ring('301');
    await op(phone.client, 'acceptcall', 2);
    expect((await lines(phone.client)).map((l) => l.state)).toEqual(['5', '4', '0', '0']);
    await op(phone.client, 'holdcall', 1);
    expect((await lines(phone.client)).map((l) => l.state)).toEqual(['4', '5', '0', '0']);
  });
});

describe('grandstream phone sim: PhoneControl', () => {
  it('ring uses free lines and throws when none is left; remoteHangup clears a line', async () => {
    phone = await startLoggedIn({ lineCount: 2 });
    expect(phone.sim.ring('1')).toBe(1);
    expect(phone.sim.ring('2')).toBe(2);
    expect(() => phone?.sim.ring('3')).toThrow(/no free line/);
    expect(phone.sim.remoteHangup(1)).toBe(true);
    expect(phone.sim.remoteHangup(1)).toBe(false);
    expect(phone.sim.remoteHangup(9)).toBe(false);
    expect(await lineState(phone.client, 1)).toBe('0');
    expect(phone.sim.ring('4')).toBe(1);
    expect(phone.sim.presence()).toBe('ringing');
  });

  it('dialOut places an outgoing call like the keypad; extension reports account 1', async () => {
    phone = await startLoggedIn({ extension: '204', answerDelayMs: 100 });
    expect(phone.sim.extension).toBe('204');
    expect(phone.sim.dialOut('0611')).toBe(1);
    expect((await lines(phone.client))[0]).toMatchObject({ state: '3', number: '0611' });
    phone.clock.advance(100);
    expect(await lineState(phone.client, 1)).toBe('4');
    expect(phone.sim.presence()).toBe('busy');
    expect(phone.sim.remoteHangup(1)).toBe(true);
    expect(phone.sim.presence()).toBe('idle');
  });

  it('an onAnswer callback that throws does not break the phone', async () => {
    phone = await startLoggedIn();
    phone.sim.ring('1', 'x', {
      onAnswer: () => {
        throw new Error('observer bug');
      },
    });
    expect(envelope(await op(phone.client, 'acceptcall', 1)).body).toBe('true');
    expect(await lineState(phone.client, 1)).toBe('4');
  });
});

describe('grandstream phone sim: api-get_accounts and api-get_time', () => {
  it('lists accounts like the seed example and filters registered=true / 1', async () => {
    phone = await startLoggedIn({
      accounts: [
        { sipId: '699', server: 'pbx.grandstream.com', name: 'John Somebody', registered: true },
        { sipId: '9064', server: '96.31.248.32', name: '9064 (openser)', registered: true },
        { sipId: '1025', server: '172.18.26.124', registered: true },
        { sipId: '1016', server: 'as.iop1.broadworks.net', name: '1016 (BS)', registered: false },
      ],
    });
    const all = envelope(await phone.client.get('api-get_accounts')).body;
    expect(all).toEqual([
      { id: 1, sip_server: 'pbx.grandstream.com', sip_id: '699', name: 'John Somebody', reg: 1 },
      { id: 2, sip_server: '96.31.248.32', sip_id: '9064', name: '9064 (openser)', reg: 1 },
      { id: 3, sip_server: '172.18.26.124', sip_id: '1025', name: '1025', reg: 1 },
      { id: 4, sip_server: 'as.iop1.broadworks.net', sip_id: '1016', name: '1016 (BS)', reg: 0 },
    ]);
    for (const f of ['true', '1']) {
      const reg = envelope(await phone.client.get('api-get_accounts', { registered: f })).body;
      expect(Array.isArray(reg) && reg.length).toBe(3);
    }
    expect(envelope(await phone.client.get('api-get_accounts', { registered: 'false' })).body).toHaveLength(4);
  });

  it('default accounts: account 1 is the extension, registered', async () => {
    phone = await startLoggedIn({ extension: '210' });
    const body = envelope(await phone.client.get('api-get_accounts', { registered: 'true' })).body;
    expect(body).toEqual([{ id: 1, sip_server: 'pbx.local', sip_id: '210', name: '210', reg: 1 }]);
  });

  it('api-get_time has the seed shape (no envelope): date, 12-hour time, uptime since boot', async () => {
    phone = await startLoggedIn({ sessionTtlMs: 1e10 });
    // the fake clock starts on Tue 2024-01-16 11:30:00 local time, at boot
    expect((await phone.client.get('api-get_time')).json()).toEqual({ date: 'Tue 01/16/2024', time: ' 11:30AM', uptime: ' 0 days, 0 hours, 0 minutes, 0seconds' });
    phone.clock.advance((((21 * 24 + 1) * 60 + 50) * 60 + 23) * 1000);
    // the seed example's uptime
    expect((await phone.client.get('api-get_time')).json()).toEqual({ date: 'Tue 02/06/2024', time: ' 1:20PM', uptime: ' 21 days, 1 hour, 50 minutes, 23seconds' });
  });
});

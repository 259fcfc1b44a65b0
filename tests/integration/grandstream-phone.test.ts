/**
 * The Grandstream phone driver against the phone simulator over real HTTP on 127.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, LockedOutError, TimeoutError, UnreachableError } from '../../main/core/driver/errors';
import { createGrandstreamPhoneDriver, type GrandstreamPhoneDriver } from '../../main/drivers/grandstream-phone';
import { GrandstreamPhoneSim, type PhoneSimOptions } from '../../sim/grandstream-phone';
import { cleanupAfterEach, NETWORK_FAULTS, serveRig, sleep, type Rig } from './driver-rig';

const defer = cleanupAfterEach();

function rig(opts: Partial<PhoneSimOptions> = {}): Promise<Rig<GrandstreamPhoneSim, GrandstreamPhoneDriver>> {
  const sim = new GrandstreamPhoneSim({ id: 'ph1', name: 'Reception phone', password: 'Pa55word', extension: '201', answerDelayMs: null, ...opts });
  const base = { device: 'Reception phone', kind: 'grandstream-phone', username: 'admin', password: 'Pa55word', timeoutMs: 2000 } as const;
  return serveRig(defer, sim, base, createGrandstreamPhoneDriver);
}

interface SimState {
  lockout: { role: string; failures: number; lockedForMs: number }[];
  sessions: number;
  rebootCount: number;
  lines: { line: number; state: string }[];
}
const stateOf = (sim: GrandstreamPhoneSim): SimState => sim.state() as SimState;

describe('grandstream phone driver × simulator: probe and values', () => {
  for (const spelling of ['dash', 'dot', 'both'] as const) {
    it(`probes model, firmware and MAC with valuesSpelling=${spelling}`, async () => {
      const r = await rig({ valuesSpelling: spelling, model: 'GXV3380', firmware: '1.0.5.9', mac: '00:0B:82:12:34:56' });
      const d = r.driver();
      const p = await d.probe();
      expect(p).toMatchObject({ kind: 'grandstream-phone', model: 'GXV3380', firmware: '1.0.5.9', mac: '00:0B:82:12:34:56' });
      expect(p.capabilities).toEqual(expect.arrayContaining(['dial', 'callControl', 'lines', 'contacts', 'contactsWrite', 'groups', 'reboot']));
      expect(d.client.valuesSpelling).toBe(spelling === 'dot' ? 'api.values.get' : 'api-values.get');
      await d.probe();
      expect(d.client.valuesSpelling).toBe(spelling === 'dot' ? 'api.values.get' : 'api-values.get');
    });
  }

  it('accepts a URL already ending in /cgi-bin, and a "." login separator when configured', async () => {
    const r = await rig({ loginSeparator: '.' });
    const d = r.driver({ url: `${r.served.url}/cgi-bin`, loginSeparator: '.' });
    await expect(d.status()).resolves.toEqual({ state: 'available', clickToDial: true });
  });

  it('reads JSON whether it is served as text/plain (default) or application/json', async () => {
    const d = (await rig({ jsonContentType: true })).driver();
    await expect(d.lines()).resolves.toHaveLength(4);
    await expect(d.probe()).resolves.toMatchObject({ model: 'GXV3370' });
  });

  it('reads accounts', async () => {
    const d = (await rig()).driver();
    const accts = await d.accounts();
    expect(accts[0]).toMatchObject({ id: 1, sipId: '201', server: 'pbx.local', registered: true });
    expect(accts.length).toBeGreaterThanOrEqual(1);
  });
});

describe('grandstream phone driver × simulator: lines and call control', () => {
  for (const lineStyle of ['numeric', 'words'] as const) {
    it(`ring → accept → hold → resume → end through the driver (lineStyle=${lineStyle})`, async () => {
      const r = await rig({ lineStyle, lineCount: 3 });
      const d = r.driver();
      const idle = await d.lines();
      expect(idle.map((l) => [l.line, l.state])).toEqual([
        [1, 'idle'],
        [2, 'idle'],
        [3, 'idle'],
      ]);
      const line = r.sim.ring('0471 555 123', 'Ann Caller');
      expect(await d.status()).toMatchObject({ state: 'ringing' });
      const ringing = (await d.lines()).find((l) => l.line === line);
      expect(ringing).toMatchObject({ state: 'ringing', remoteNumber: '0471 555 123', remoteName: 'Ann Caller' });

      await d.callControl('accept', line);
      expect((await d.lines()).find((l) => l.line === line)?.state).toBe('connected');
      expect((await d.status()).state).toBe('busy');
      await d.callControl('hold', line);
      expect((await d.lines()).find((l) => l.line === line)?.state).toBe('held');
      // holdcall toggles: a second hold must not resume the call
      await d.callControl('hold', line);
      expect((await d.lines()).find((l) => l.line === line)?.state).toBe('held');
      await d.callControl('resume', line);
      expect((await d.lines()).find((l) => l.line === line)?.state).toBe('connected');
      await d.callControl('resume', line);
      expect((await d.lines()).find((l) => l.line === line)?.state).toBe('connected');
      await d.callControl('end', line);
      expect((await d.lines()).find((l) => l.line === line)?.state).toBe('idle');
      expect((await d.status()).state).toBe('available');
    });
  }

  it('rejects a ringing call, and reports an operation that cannot apply as DeviceRejectedError', async () => {
    const r = await rig();
    const d = r.driver();
    const line = r.sim.ring('202');
    await d.callControl('reject', line);
    expect((await d.lines()).every((l) => l.state === 'idle')).toBe(true);
    await expect(d.callControl('end', line)).rejects.toMatchObject({ kind: 'device-rejected' });
  });

  it('dials through api-make_call and sees the call; the remote hangup clears it', async () => {
    const r = await rig();
    const d = r.driver();
    // account 1 as the account list shows it is the device's account index 0
    await d.dial({ number: '0471 222', account: 1 });
    const calling = (await d.lines()).find((l) => l.state === 'calling');
    expect(calling).toMatchObject({ remoteNumber: '0471222', account: 0 });
    expect((await d.accounts())[0]?.id).toBe(1);
    expect(r.sim.remoteHangup(calling?.line ?? 0)).toBe(true);
    expect((await d.lines()).every((l) => l.state === 'idle')).toBe(true);
  });

  it('sees the remote side answer after answerDelayMs', async () => {
    const r = await rig({ answerDelayMs: 50 });
    const d = r.driver();
    await d.dial({ number: '203' });
    await sleep(120);
    expect((await d.lines()).some((l) => l.state === 'connected' && l.remoteNumber === '203')).toBe(true);
  });
});

describe('grandstream phone driver × simulator: contacts, groups, phonebook, reboot', () => {
  it('creates, edits, lists, searches and deletes a contact; lists groups; reads the phonebook XML', async () => {
    const r = await rig({ groups: [{ id: 1, name: 'Suppliers & Co' }], contacts: [{ firstName: 'Existing', work: '100' }] });
    const d = r.driver();
    const groups = await d.groups();
    expect(groups).toEqual(expect.arrayContaining([{ id: '0', name: 'default' }, { id: '1', name: 'Suppliers & Co' }]));
    const created = await d.saveContact({
      firstName: 'Zoë',
      lastName: "O'Brien",
      numbers: [
        { type: 'work', number: '201' },
        { type: 'mobile', number: '+39 333 1234567' },
      ],
      email: 'zoe@example.com',
      groupId: '1',
    });
    expect(created).toMatchObject({ name: "Zoë O'Brien", groupId: '1', email: 'zoe@example.com' });
    expect(created.numbers).toEqual([
      { type: 'work', number: '201' },
      { type: 'mobile', number: '+39 333 1234567' },
    ]);
    const edited = await d.saveContact({ id: created.id, firstName: 'Zoë', lastName: "O'Brien", numbers: [{ type: 'home', number: '0471 1' }] });
    expect(edited.id).toBe(created.id);
    expect(edited.numbers).toEqual([{ type: 'home', number: '0471 1' }]);
    expect((await d.contacts({ search: 'brien' })).map((c) => c.id)).toEqual([created.id]);
    expect(await d.contacts()).toHaveLength(2);

    const pb = await d.phonebook();
    expect(pb.groups).toEqual(expect.arrayContaining([{ id: '1', name: 'Suppliers & Co' }]));
    expect(pb.contacts.find((c) => c.id === created.id)).toMatchObject({ name: "Zoë O'Brien", numbers: [{ type: 'home', number: '0471 1' }] });

    await d.deleteContact(created.id);
    expect((await d.contacts()).map((c) => c.name)).toEqual(['Existing']);
    await expect(d.deleteContact(created.id)).rejects.toMatchObject({ kind: 'device-rejected' });
  });

  it('reboots; the phone is unreachable meanwhile, then the driver logs in again by itself', async () => {
    const r = await rig({ rebootMs: 400 });
    const d = r.driver();
    await d.lines();
    await d.reboot();
    expect(stateOf(r.sim).rebootCount).toBe(1);
    await expect(d.lines()).rejects.toBeInstanceOf(UnreachableError);
    await sleep(500);
    await expect(d.lines()).resolves.toHaveLength(4);
    expect(d.client.loginCount).toBe(2);
  });
});

describe('grandstream phone driver × simulator: faults and auth', () => {
  for (const [kind, type] of NETWORK_FAULTS) {
    it(`fault ${kind} → ${type.name}, and recovery once it clears`, async () => {
      const r = await rig();
      const d = r.driver();
      await d.lines();
      r.served.gate.set({ kind });
      const e = await d.lines().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(type);
      expect((e as Error).message).toMatch(/Reception phone/);
      await expect(d.status()).rejects.toBeInstanceOf(type);
      r.served.gate.set(null);
      await expect(d.lines()).resolves.toHaveLength(4);
      expect(d.client.loginCount).toBe(1);
    });
  }

  it('fault slow → TimeoutError with a short timeout, then recovery', async () => {
    const r = await rig();
    const d = r.driver({ timeoutMs: 300 });
    await d.lines();
    r.served.gate.set({ kind: 'slow', ms: 1500 });
    await expect(d.lines()).rejects.toBeInstanceOf(TimeoutError);
    r.served.gate.set(null);
    await expect(d.lines()).resolves.toHaveLength(4);
  });

  it('auth-expired → one transparent re-login', async () => {
    const r = await rig();
    const d = r.driver();
    await d.lines();
    expect(r.served.gate.set({ kind: 'auth-expired' })).toBe(true);
    await expect(d.lines()).resolves.toHaveLength(4);
    expect(d.client.loginCount).toBe(2);
    expect(r.served.gate.set({ kind: 'auth-expired' })).toBe(true);
    await expect(d.status()).resolves.toMatchObject({ state: 'available' });
    expect(d.client.loginCount).toBe(3);
    expect(stateOf(r.sim).lockout.every((l) => l.failures === 0)).toBe(true);
  });

  it('wrong password → AuthError, and no second login attempt however often it is called', async () => {
    const r = await rig();
    const d = r.driver({ password: 'wrong' });
    const first = await d.lines().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    for (let i = 0; i < 5; i++) {
      await expect(d.lines()).rejects.toBe(first);
      await expect(d.probe()).rejects.toBe(first);
    }
    expect(stateOf(r.sim).lockout).toEqual([expect.objectContaining({ role: 'admin', failures: 1, lockedForMs: 0 })]);
    // The right password on a new driver still works: the account was not locked by retries.
    await expect(r.driver().lines()).resolves.toHaveLength(4);
  });

  it('lockout → LockedOutError, no knocking while locked, and a login after the lockout ends', async () => {
    const r = await rig({ lockoutMs: 600 });
    // Five users typing a wrong password: each driver tries once.
    const errors: unknown[] = [];
    for (let i = 0; i < 5; i++) errors.push(await r.driver({ password: `wrong${i}` }).lines().catch((x: unknown) => x));
    expect(errors.slice(0, 4).every((e) => e instanceof AuthError)).toBe(true);
    expect(errors[4]).toBeInstanceOf(LockedOutError);
    const good = r.driver();
    const locked = await good.lines().catch((x: unknown) => x);
    expect(locked).toBeInstanceOf(LockedOutError);
    expect((locked as LockedOutError).retryAfterMs).toBeGreaterThan(0);
    const before = stateOf(r.sim).lockout[0]?.failures;
    await expect(good.lines()).rejects.toBeInstanceOf(LockedOutError);
    expect(stateOf(r.sim).lockout[0]?.failures).toBe(before);
    await sleep((locked as LockedOutError).retryAfterMs ?? 1000);
    await expect(good.lines()).resolves.toHaveLength(4);
  });
});

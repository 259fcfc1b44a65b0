/**
 * The Grandstream phone driver against every simulator variant of what the manuals leave open
 * (issue 13 items 1-5): request line numbering, the `arg` parameter, a delayed effect, value names,
 * the contact name order, one session per account, and the account numbering of api-make_call.
 */
import { describe, expect, it } from 'vitest';
import type { Line } from '../../shared/domain';
import { DeviceRejectedError } from '../../main/core/driver/errors';
import { createGrandstreamPhoneDriver, type GrandstreamPhoneDriver } from '../../main/drivers/grandstream-phone';
import { GrandstreamPhoneSim, type PhoneSimOptions } from '../../sim/grandstream-phone';
import type { SimRequestContext } from '../../sim/lib/types';
import { cleanupAfterEach, serveRig, type Rig } from './driver-rig';

const defer = cleanupAfterEach();

function rig(opts: Partial<PhoneSimOptions> = {}): Promise<Rig<GrandstreamPhoneSim, GrandstreamPhoneDriver>> {
  const sim = new GrandstreamPhoneSim({ id: 'ph1', name: 'Reception phone', password: 'Pa55word', extension: '201', answerDelayMs: null, ...opts });
  const base = { device: 'Reception phone', kind: 'grandstream-phone', username: 'admin', password: 'Pa55word', timeoutMs: 2000 } as const;
  return serveRig(defer, sim, base, (c) => createGrandstreamPhoneDriver(c, { verifyDelaysMs: [0, 50, 100, 200, 400] }));
}

interface SimLine {
  line: number;
  state: string;
  remoteNumber: string;
}
const simLines = (sim: GrandstreamPhoneSim): SimLine[] => (sim.state() as { lines: SimLine[] }).lines;
const states = (sim: GrandstreamPhoneSim): string[] => simLines(sim).map((l) => l.state);
const at = (lines: readonly Line[], n: number): Line | undefined => lines.find((l) => l.line === n);

const NUMBERINGS = ['one-based', 'zero-based'] as const;
const PARAMS = ['line', 'arg'] as const;

describe('grandstream phone driver × simulator: call commands under every request numbering (item 1)', () => {
  for (const lineNumbering of NUMBERINGS) {
    for (const lineParam of PARAMS) {
      it(`${lineNumbering}, line in "${lineParam}": each command reaches the intended caller and no other`, async () => {
        const r = await rig({ lineNumbering, lineParam, lineCount: 3 });
        const d = r.driver();
        expect(r.sim.ring('0471 1', 'First caller')).toBe(1);
        await d.callControl('accept', 1);
        expect(states(r.sim)).toEqual(['connected', 'idle', 'idle']);
        expect(d.lineNumbering).toBe(lineNumbering);

        await d.callControl('hold', 1);
        expect(states(r.sim)).toEqual(['held', 'idle', 'idle']);
        await d.callControl('hold', 1);
        expect(states(r.sim)).toEqual(['held', 'idle', 'idle']);

        expect(r.sim.ring('0471 2', 'Second caller')).toBe(2);
        await d.callControl('accept', 2);
        expect(states(r.sim)).toEqual(['held', 'connected', 'idle']);
        await d.callControl('end', 2);
        expect(states(r.sim)).toEqual(['held', 'idle', 'idle']);
        expect(simLines(r.sim)[0]?.remoteNumber).toBe('0471 1');

        expect(r.sim.ring('0471 3')).toBe(2);
        await d.callControl('reject', 2);
        expect(states(r.sim)).toEqual(['held', 'idle', 'idle']);
        await d.callControl('resume', 1);
        await d.callControl('end', 1);
        expect(states(r.sim)).toEqual(['idle', 'idle', 'idle']);
      });
    }

    it(`${lineNumbering}: a new driver with calls on lines 1 and 2 refuses what could reach the other caller, and acts once one call is left`, async () => {
      const r = await rig({ lineNumbering });
      r.sim.ring('0471 1');
      r.sim.ring('0471 2');
      const first = r.driver();
      // line 2 ringing, line 3 idle: "2" is harmless under both readings
      const accept2 = await first.callControl('accept', 2).catch((e: unknown) => e);
      if (lineNumbering === 'one-based') {
        expect(accept2).toBeUndefined();
        expect(states(r.sim)).toEqual(['ringing', 'connected', 'idle', 'idle']);
      } else {
        expect(accept2).toMatchObject({ code: 'line-numbering-unknown' });
        expect(states(r.sim)).toEqual(['ringing', 'ringing', 'idle', 'idle']);
      }
      const d = r.driver();
      const e = await d.callControl('reject', 1).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DeviceRejectedError);
      expect(e).toMatchObject({ code: 'line-numbering-unknown', device: 'Reception phone' });
      expect((e as Error).message).toMatch(/^Reception phone: Reject on line 1 was not sent: .*line 2.*Use the phone itself this time/);
      expect(states(r.sim).slice(0, 2)).toEqual(lineNumbering === 'one-based' ? ['ringing', 'connected'] : ['ringing', 'ringing']);
      // the other call ends: now a harmless guess exists and is verified
      expect(r.sim.remoteHangup(2)).toBe(true);
      await d.callControl('accept', 1);
      expect(states(r.sim)).toEqual(['connected', 'idle', 'idle', 'idle']);
      expect(d.lineNumbering).toBe(lineNumbering);
    });
  }

  it('a delayed effect (operationDelayMs) is waited for, not taken for a wrong line', async () => {
    const r = await rig({ lineNumbering: 'zero-based', operationDelayMs: 150 });
    const d = r.driver();
    r.sim.ring('0471 1');
    await d.callControl('accept', 1);
    expect(states(r.sim)[0]).toBe('connected');
    await d.callControl('hold', 1);
    expect(states(r.sim)[0]).toBe('held');
    expect(d.lineNumbering).toBe('zero-based');
  });

  it('re-checks after every command: a command without visible effect names the device and the line', async () => {
    // the phone takes 10 s to show the effect, longer than the driver's checks (about 0.75 s here)
    const r = await rig({ operationDelayMs: 10_000 });
    const d = r.driver();
    r.sim.ring('0471 1');
    const e = await d.callControl('accept', 1).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect(e).toMatchObject({ code: 'no-effect', device: 'Reception phone', endpoint: '/cgi-bin/api-phone_operation' });
    expect((e as Error).message).toBe('Reception phone: Accept on line 1 had no effect: the line is still ringing (the phone answered "true"). Check the phone and try again.');
    expect(d.lineNumbering).toBeUndefined();
    // an action that does not fit the line is refused before anything is sent
    r.sim.remoteHangup(1);
    await expect(d.callControl('hold', 1)).rejects.toMatchObject({ code: 'wrong-state', message: 'Reception phone: Hold on line 1 was not sent: it has no connected call to put on hold (it is idle).' });
  });

  it('lines() hands back the identical array while nothing changes on the phone', async () => {
    const r = await rig();
    const d = r.driver();
    const a = await d.lines();
    expect(await d.lines()).toBe(a);
    r.sim.ring('0471 1');
    const b = await d.lines();
    expect(b).not.toBe(a);
    expect(at(b, 1)?.state).toBe('ringing');
    expect(await d.lines()).toBe(b);
  });
});

describe('grandstream phone driver × simulator: values, contacts, accounts (items 2-4)', () => {
  it("valueNames 'manual': firmware from 68, no invented model or MAC; 'extended' adds them", async () => {
    const manual = await rig({ valueNames: 'manual', model: 'GXV3380', firmware: '1.0.3.30' });
    const p = await manual.driver().probe();
    expect(p).toMatchObject({ model: 'Grandstream phone', firmware: '1.0.3.30' });
    expect(p.mac).toBeUndefined();
    const extended = await rig({ model: 'GXV3380', firmware: '1.0.3.30', mac: '00:0B:82:01:02:03' });
    await expect(extended.driver().probe()).resolves.toMatchObject({ model: 'GXV3380', firmware: '1.0.3.30', mac: '00:0B:82:01:02:03' });
  });

  for (const contactNameOrder of ['first-last', 'last-first'] as const) {
    it(`contactNameOrder ${contactNameOrder}: a saved contact is found again, and a retry creates no duplicate`, async () => {
      const r = await rig({ contactNameOrder, contacts: [{ firstName: 'Jack', lastName: 'Black', work: '999' }] });
      const d = r.driver();
      const input = { firstName: 'Jack', lastName: 'Brown', numbers: [{ type: 'work' as const, number: '0471 123456' }] };
      const saved = await d.saveContact(input);
      expect(saved.name).toBe(contactNameOrder === 'first-last' ? 'Jack Brown' : 'Brown Jack');
      expect(saved.numbers).toEqual([{ type: 'work', number: '0471 123456' }]);
      const again = await d.saveContact(input);
      expect(again.id).toBe(saved.id);
      expect(await d.contacts()).toHaveLength(2);
      // the same person with an email added: the existing contact is completed, not copied
      const withMail = await d.saveContact({ ...input, email: 'jack@example.com' });
      expect(withMail).toMatchObject({ id: saved.id, email: 'jack@example.com' });
      expect(await d.contacts()).toHaveLength(2);
      // another number is another contact
      const other = await d.saveContact({ ...input, numbers: [{ type: 'mobile', number: '333' }] });
      expect(other.id).not.toBe(saved.id);
      expect(await d.contacts()).toHaveLength(3);
    });
  }

  it('dial --account numbers as the account list does: account 2 is the device index 1', async () => {
    const r = await rig({
      accounts: [
        { sipId: '201', server: 'pbx.local', registered: true },
        { sipId: '9064', server: 'sip.example.com', registered: false },
      ],
    });
    const d = r.driver();
    expect((await d.accounts()).map((a) => a.id)).toEqual([1, 2]);
    await d.dial({ number: '555', account: 2 });
    // account 2 is not registered: the call fails at once on that account
    expect(simLines(r.sim)[0]).toMatchObject({ state: 'failed', remoteNumber: '555' });
    expect((r.sim.state() as { lines: { account: number }[] }).lines[0]?.account).toBe(1);
    await expect(d.dial({ number: '555', account: 3 })).rejects.toMatchObject({ kind: 'device-rejected', message: expect.stringMatching(/invalid account/) as unknown });
  });
});

describe('grandstream phone driver × simulator: a session taken over (item 5)', () => {
  /** Another desk logs in right after each of our logins (the first `times` ones). */
  function takeOverAfterLogin(sim: GrandstreamPhoneSim, times: number): void {
    const handle = sim.handle.bind(sim);
    let left = times;
    sim.handle = (ctx: SimRequestContext): void => {
      handle(ctx);
      if (ctx.path === '/cgi-bin/login' && left > 0) {
        left--;
        sim.takeOverSession();
      }
    };
  }

  it('a takeover right after our login: one fresh login and one retry, no privilege latch', async () => {
    const r = await rig();
    takeOverAfterLogin(r.sim, 1);
    const d = r.driver();
    await expect(d.lines()).resolves.toHaveLength(4);
    expect(d.client.loginCount).toBe(2);
    expect(d.client.refusedEndpoint('api-get_line_status')).toBeUndefined();
    // a browser logging in later ends our session too: one transparent re-login
    r.sim.takeOverSession();
    await expect(d.status()).resolves.toMatchObject({ state: 'available' });
    expect(d.client.loginCount).toBe(3);
  });

  it('taken over after every login: "session taken over" after exactly 2 logins, never latched, no lockout', async () => {
    const r = await rig();
    takeOverAfterLogin(r.sim, 2);
    const d = r.driver();
    const e = await d.lines().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect(e).toMatchObject({ code: 'session-taken-over' });
    expect((e as Error).message).toMatch(/^Reception phone: .*another login as "admin"/);
    expect(d.client.loginCount).toBe(2);
    // the other desk logs out: the next poll works again
    await expect(d.lines()).resolves.toHaveLength(4);
    expect(d.client.loginCount).toBe(3);
    expect((r.sim.state() as { lockout: unknown[] }).lockout).toEqual([]);
  });
});

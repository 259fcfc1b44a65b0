/**
 * LineControl (the Grandstream phone's call commands) against an in-memory phone that plays both
 * readings of the request line numbering: it must never act on another caller's line.
 */
import { describe, expect, it } from 'vitest';
import type { Line, LineState } from '../../../shared/domain';
import { DeviceRejectedError } from '../../../main/core/driver/errors';
import { LineControl, type LineNumbering, type LinePort } from '../../../main/drivers/grandstream-phone';

interface ModelOptions {
  numbering: LineNumbering;
  /** What api-get_line_status?line=1 answers: the same numbering (default), the other one, or all lines. */
  filter?: 'same' | 'other' | 'all';
  /** Commands the phone says it handled but that never show (a stuck phone). */
  stuck?: boolean;
}

/** A phone with N lines; remote numbers mark the callers. */
class ModelPhone implements LinePort {
  device = 'Desk phone';
  endpoint = '/cgi-bin/api-phone_operation';
  sent: [string, number][] = [];
  filterAsked = 0;
  lines: Line[];

  constructor(
    private readonly o: ModelOptions,
    states: LineState[],
  ) {
    this.lines = states.map((state, i) => ({ line: i + 1, state, remoteNumber: state === 'idle' ? '' : `caller${i + 1}`, remoteName: '', account: 0 }));
  }

  states(): LineState[] {
    return this.lines.map((l) => l.state);
  }

  readLines(): Promise<readonly Line[]> {
    return Promise.resolve(this.lines.map((l) => ({ ...l })));
  }

  filterLines(n: number): Promise<readonly number[] | undefined> {
    this.filterAsked++;
    const zero = this.o.filter === 'other' ? this.o.numbering === 'one-based' : this.o.numbering === 'zero-based';
    if (this.o.filter === 'all') return Promise.resolve(this.lines.map((l) => l.line));
    return Promise.resolve([zero ? n + 1 : n]);
  }

  private set(l: Line, state: LineState): void {
    l.state = state;
    if (state === 'idle') l.remoteNumber = '';
  }

  send(cmd: string, req: number): Promise<{ handled: boolean; answer: string }> {
    this.sent.push([cmd, req]);
    let targets: Line[];
    if (this.o.numbering === 'zero-based') targets = this.lines.filter((l) => l.line === req + 1);
    else if (req === 0) targets = this.lines.filter((l) => l.state !== 'idle'); // 0 = all lines
    else targets = this.lines.filter((l) => l.line === req);
    if (targets.length === 0) return Promise.reject(new DeviceRejectedError({ device: this.device, endpoint: this.endpoint, message: 'invalid line', code: 'invalid line' }));
    let handled = false;
    for (const l of targets) {
      if (this.o.stuck) {
        handled = true;
        continue;
      }
      if ((cmd === 'acceptcall' || cmd === 'rejectcall') && l.state === 'ringing') {
        this.set(l, cmd === 'acceptcall' ? 'connected' : 'idle');
        handled = true;
      } else if (cmd === 'endcall' && l.state !== 'idle' && l.state !== 'ringing') {
        this.set(l, 'idle');
        handled = true;
      } else if (cmd === 'holdcall' && (l.state === 'connected' || l.state === 'held')) {
        this.set(l, l.state === 'connected' ? 'held' : 'connected');
        handled = true;
      }
    }
    return Promise.resolve({ handled, answer: handled ? 'true' : 'false' });
  }

  sleep(): Promise<void> {
    return Promise.resolve();
  }
}

function control(phone: ModelPhone): LineControl {
  return new LineControl(phone, [0, 1]);
}

describe('LineControl: learning how requests number lines', () => {
  for (const numbering of ['one-based', 'zero-based'] as const) {
    it(`${numbering}: accepts the single ringing call on line 1, then ends it, never touching another line`, async () => {
      const phone = new ModelPhone({ numbering }, ['ringing', 'idle', 'idle', 'idle']);
      const lc = control(phone);
      await lc.run('accept', 1);
      expect(phone.states()).toEqual(['connected', 'idle', 'idle', 'idle']);
      expect(lc.learned).toBe(numbering);
      await lc.run('end', 1);
      expect(phone.states()).toEqual(['idle', 'idle', 'idle', 'idle']);
    });

    it(`${numbering}: once learned, acts on line 2 next to a call on line 1 (and on line 1 next to line 2)`, async () => {
      const phone = new ModelPhone({ numbering }, ['ringing', 'idle', 'idle']);
      const lc = control(phone);
      await lc.run('accept', 1);
      phone.lines[1] = { line: 2, state: 'ringing', remoteNumber: 'caller2', remoteName: '', account: 0 };
      await lc.run('accept', 2);
      expect(phone.states()).toEqual(['connected', 'connected', 'idle']);
      await lc.run('hold', 1);
      expect(phone.states()).toEqual(['held', 'connected', 'idle']);
      await lc.run('end', 2);
      expect(phone.states()).toEqual(['held', 'idle', 'idle']);
      await lc.run('resume', 1);
      expect(phone.states()).toEqual(['connected', 'idle', 'idle']);
    });

    it(`${numbering}: with two calls and nothing learned it never sends what could reach the other caller`, async () => {
      const phone = new ModelPhone({ numbering }, ['connected', 'ringing']);
      const lc = control(phone);
      // end line 1: "1" names line 2 when zero-based, "0" may name every line when one-based: refused, nothing sent
      const e = await lc.run('end', 1).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DeviceRejectedError);
      expect(e).toMatchObject({ code: 'line-numbering-unknown' });
      expect((e as Error).message).toMatch(/^Desk phone: End on line 1 was not sent: .*would reach the call on line 2\. Use the phone itself this time/);
      expect(phone.sent).toEqual([]);
      // accept line 2: only "2" is harmless (a zero-based phone has no line 3); "1" could end up on line 1
      const r = await lc.run('accept', 2).catch((x: unknown) => x);
      if (numbering === 'one-based') {
        expect(r).toBeUndefined();
        expect(phone.states()).toEqual(['connected', 'connected']);
        expect(lc.learned).toBe('one-based');
      } else {
        expect(r).toMatchObject({ code: 'line-numbering-unknown', message: expect.stringMatching(/Accept on line 2 had no effect when sent the one harmless way/) as unknown });
        expect(phone.states()).toEqual(['connected', 'ringing']);
        expect(lc.learned).toBeUndefined();
      }
      expect(phone.sent).toEqual([['acceptcall', 2]]);
    });

    it(`${numbering}: a misleading hint only changes the order of harmless guesses`, async () => {
      const phone = new ModelPhone({ numbering, filter: 'other' }, ['idle', 'ringing', 'idle', 'idle']);
      const lc = control(phone);
      await lc.run('accept', 2);
      expect(phone.states()).toEqual(['idle', 'connected', 'idle', 'idle']);
      expect(lc.learned).toBe(numbering);
      expect(phone.sent).toHaveLength(2);
    });
  }

  it('zero-based, no hint: line 1 is reached with "0" after a harmless miss on "1", and that teaches zero-based', async () => {
    const phone = new ModelPhone({ numbering: 'zero-based', filter: 'all' }, ['ringing', 'idle']);
    const lc = control(phone);
    await lc.run('accept', 1);
    expect(phone.sent).toEqual([
      ['acceptcall', 1],
      ['acceptcall', 0],
    ]);
    expect(phone.states()).toEqual(['connected', 'idle']);
    expect(lc.learned).toBe('zero-based');
  });

  it('with the hint saying zero-based, line 1 is one request ("0") and the hint is asked once', async () => {
    const phone = new ModelPhone({ numbering: 'zero-based' }, ['ringing', 'idle', 'idle']);
    const lc = control(phone);
    await lc.run('accept', 1);
    expect(phone.sent).toEqual([['acceptcall', 0]]);
    expect(lc.learned).toBe('zero-based');
    await lc.run('hold', 1);
    expect(phone.filterAsked).toBe(1);
  });

  it('one-based with "0 = all lines": never sends 0 while another line is busy', async () => {
    // the one-based guess for line 1 would hit line 2 on a zero-based phone (busy): not harmless;
    // the zero-based guess "0" would hit every line on a one-based phone: not harmless either.
    const phone = new ModelPhone({ numbering: 'one-based', filter: 'all' }, ['ringing', 'connected']);
    const lc = control(phone);
    await expect(lc.run('reject', 1)).rejects.toMatchObject({ code: 'line-numbering-unknown' });
    expect(phone.sent).toEqual([]);
    expect(phone.states()).toEqual(['ringing', 'connected']);
  });

  it('reject and end do not teach the numbering (a caller can hang up by himself); accept does', async () => {
    const phone = new ModelPhone({ numbering: 'one-based' }, ['ringing', 'idle']);
    const lc = control(phone);
    await lc.run('reject', 1);
    expect(lc.learned).toBeUndefined();
    phone.lines[0] = { line: 1, state: 'ringing', remoteNumber: 'x', remoteName: '', account: 0 };
    await lc.run('accept', 1);
    expect(lc.learned).toBe('one-based');
  });

  it('a learned numbering that turns out wrong is detected on the line it hit, reported, and replaced', async () => {
    const phone = new ModelPhone({ numbering: 'one-based' }, ['ringing', 'idle', 'idle']);
    const lc = control(phone);
    await lc.run('accept', 1);
    expect(lc.learned).toBe('one-based');
    // the phone now behaves zero-based (e.g. new firmware): "hold line 1" sends 1, which names line 2
    (phone as unknown as { o: ModelOptions }).o.numbering = 'zero-based';
    phone.lines[1] = { line: 2, state: 'connected', remoteNumber: 'caller2', remoteName: '', account: 0 };
    const e = await lc.run('hold', 1).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'wrong-line', message: expect.stringMatching(/^Desk phone: Hold on line 1 reached line 2 instead/) as unknown });
    expect(lc.learned).toBe('zero-based');
    await lc.run('resume', 2);
    expect(phone.states()).toEqual(['connected', 'connected', 'idle']);
  });
});

describe('LineControl: hold and resume with a toggling holdcall', () => {
  it('hold on a held line and resume on a connected line send nothing; each toggles only the right way', async () => {
    const phone = new ModelPhone({ numbering: 'one-based' }, ['connected', 'idle']);
    const lc = control(phone);
    await lc.run('resume', 1);
    expect(phone.sent).toEqual([]);
    await lc.run('hold', 1);
    expect(phone.states()).toEqual(['held', 'idle']);
    const sent = phone.sent.length;
    await lc.run('hold', 1);
    expect(phone.sent).toHaveLength(sent);
    expect(phone.states()).toEqual(['held', 'idle']);
    await lc.run('resume', 1);
    expect(phone.states()).toEqual(['connected', 'idle']);
  });

  it('a command the phone says it handled but that never shows is "had no effect", naming device and line', async () => {
    const phone = new ModelPhone({ numbering: 'one-based', stuck: true }, ['connected', 'idle']);
    const lc = control(phone);
    const e = await lc.run('hold', 1).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as Error).message).toBe('Desk phone: Hold on line 1 had no effect: the line is still connected (the phone answered "true"). Check the phone and try again.');
    expect(lc.learned).toBeUndefined();
  });

  it('commands on one phone run one at a time', async () => {
    const phone = new ModelPhone({ numbering: 'one-based' }, ['ringing', 'idle']);
    const lc = control(phone);
    const results = await Promise.allSettled([lc.run('accept', 1), lc.run('hold', 1), lc.run('resume', 1)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(phone.sent.map(([c]) => c)).toEqual(['acceptcall', 'holdcall', 'holdcall']);
    expect(phone.states()).toEqual(['connected', 'idle']);
  });
});

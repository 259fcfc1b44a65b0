import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchArgs, type BenchConfig } from '../../../bench/args';
import { newRings, ringingLines } from '../../../bench/naive-poller';
import { parseMessage } from '../../../bench/proc';
import { checkTargets, formatReport, type BenchResult } from '../../../bench/report';
import { cpuPctOfCore, percentile, pollRate, round, timesBetter } from '../../../bench/stats';

function config(argv: string[]): BenchConfig {
  const r = parseBenchArgs(argv);
  if (r.help) throw new Error('unexpected help');
  return r.config;
}

describe('parseBenchArgs', () => {
  it('defaults to the full run of the issue', () => {
    expect(config([])).toEqual({ json: false, quick: false, devices: 1000, seconds: 30, idleDevices: 200, idleSeconds: 60, contacts: 100_000, queries: 1000 });
  });

  it('--quick shrinks every case and idles over the same phones', () => {
    expect(config(['--json', '--quick'])).toEqual({ json: true, quick: true, devices: 200, seconds: 8, idleDevices: 200, idleSeconds: 10, contacts: 10_000, queries: 1000 });
    expect(config(['--quick', '--devices', '50']).idleDevices).toBe(50);
  });

  it('takes overrides as --flag value and --flag=value', () => {
    const c = config(['--devices', '300', '--seconds=12.5', '--idle-seconds', '5', '--contacts', '1_000']);
    expect(c).toMatchObject({ devices: 300, seconds: 12.5, idleDevices: 200, idleSeconds: 5, contacts: 1000 });
  });

  it('answers help', () => {
    expect(parseBenchArgs(['--help']).help).toBe(true);
  });

  it.each([
    [['--devices']],
    [['--devices', '--json']],
    [['--devices', '0']],
    [['--devices', '2.5']],
    [['--seconds', 'abc']],
    [['--json=1']],
    [['--fast']],
  ])('refuses %j', (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
  });
});

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10], 99)).toBe(10);
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBeCloseTo(99.01, 6);
  });

  it('is NaN for no values and refuses p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it('does not reorder its input', () => {
    const v = [3, 1, 2];
    percentile(v, 50);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe('round, cpuPctOfCore, timesBetter', () => {
  it('rounds and turns non-finite values into null', () => {
    expect(round(1.2345, 2)).toBe(1.23);
    expect(round(Number.NaN)).toBeNull();
    expect(round(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('expresses CPU time as a share of one core', () => {
    expect(cpuPctOfCore(250_000, 1000)).toBe(25);
    expect(cpuPctOfCore(1, 0)).toBeNaN();
  });

  it('compares against the baseline', () => {
    expect(timesBetter(1000, 100)).toBe(10);
    expect(timesBetter(null, 100)).toBeNaN();
    expect(timesBetter(100, 0)).toBeNaN();
  });
});

describe('pollRate', () => {
  it('measures the intervals inside the window, without edge bias', () => {
    // A 1 Hz device caught 11 times in a 10 s window (first at 0 ms, last at 10,000 ms).
    expect(pollRate({ count: [11], first: [0], last: [10_000], windowMs: 10_050 })).toBe(1);
  });

  it('counts a device polled fewer than twice as rate 0 over the window', () => {
    const w = { count: [3, 1], first: [0, 5], last: [2000, 5], windowMs: 2000 };
    expect(pollRate(w)).toBe(2 / 4);
  });

  it('can be restricted to some devices (1-based)', () => {
    const w = { count: [3, 5], first: [0, 0], last: [2000, 2000], windowMs: 2000 };
    expect(pollRate(w, new Set([2]))).toBe(2);
    expect(pollRate(w, new Set([7]))).toBeNaN();
  });
});

describe('baseline line status reading', () => {
  const status = (lines: object[]): string => JSON.stringify({ response: 'success', body: lines });

  it('finds ringing lines in numeric and word styles', () => {
    const numeric = status([
      { line: 1, state: '2', acct: '0', name: 'Anna', number: '3401234567', active: 0 },
      { line: 2, state: '0', acct: '', name: '', number: '', active: 0 },
    ]);
    expect(ringingLines(numeric)).toEqual(new Map([[1, '3401234567']]));
    const words = status([{ line: 3, state: 'ringing', remotename: 'B', remotenumber: '021234', active: 0 }]);
    expect(ringingLines(words)).toEqual(new Map([[3, '021234']]));
  });

  it('is undefined for an unreadable or refused answer', () => {
    expect(ringingLines('<html>')).toBeUndefined();
    expect(ringingLines(JSON.stringify({ response: 'error', body: 'unauthorized' }))).toBeUndefined();
  });

  it('reports a ring once, and again when another caller rings the same line', () => {
    const a = new Map([[1, '111']]);
    expect(newRings(undefined, a)).toEqual([[1, '111']]);
    expect(newRings(a, a)).toEqual([]);
    expect(newRings(a, new Map([[1, '222']]))).toEqual([[1, '222']]);
    expect(newRings(a, new Map())).toEqual([]);
  });
});

describe('parseMessage', () => {
  it('reads message lines and ignores anything else', () => {
    expect(parseMessage('{"type":"ready","url":"http://x"}')).toEqual({ type: 'ready', url: 'http://x' });
    expect(parseMessage('  {"type":"reply","id":3}\r')).toEqual({ type: 'reply', id: 3 });
    expect(parseMessage('hello')).toBeUndefined();
    expect(parseMessage('{"no":"type"}')).toBeUndefined();
    expect(parseMessage('{broken')).toBeUndefined();
  });
});

describe('targets and report', () => {
  const poll = { devices: 1000, achievedHz: 0.99, detectP50Ms: 520, detectP99Ms: 1010, cpuPctOfCore: 30, rssMb: 200 };
  const result: BenchResult = {
    poll: { ...poll, baseline: { ...poll, achievedHz: 0.1, detectP99Ms: 12_000, cpuPctOfCore: 60, rssMb: 90 } },
    search: { contacts: 100_000, buildMs: 900, queryP50Ms: 0.1, queryP99Ms: 1.5, baseline: { queryP50Ms: 20, queryP99Ms: 40 } },
    idle: { devices: 200, seconds: 60, patchesEmitted: 0 },
  };

  it('meets every target with these figures', () => {
    expect(checkTargets(result).filter((t) => !t.met)).toEqual([]);
  });

  it('names what is missed', () => {
    const worse: BenchResult = { ...result, poll: { ...result.poll, detectP99Ms: 1400, baseline: { ...result.poll.baseline, detectP99Ms: 1500 } }, idle: { ...result.idle, patchesEmitted: 2 } };
    expect(
      checkTargets(worse)
        .filter((t) => !t.met)
        .map((t) => t.name),
    ).toEqual(['detectP99Ms <= 1,050', '>= 10x baseline on detect p99', '0 idle patches']);
  });

  it('treats a missing figure as missed, and prints n/a for it', () => {
    const missing: BenchResult = { ...result, poll: { ...result.poll, achievedHz: null } };
    expect(checkTargets(missing).find((t) => t.name.startsWith('achievedHz'))?.met).toBe(false);
    expect(formatReport(missing)).toMatch(/achieved Hz per device\s+n\/a/);
  });
});

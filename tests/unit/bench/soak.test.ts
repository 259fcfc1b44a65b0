/** The soak's pure parts: its command line, its fault plan, its resource counts and its targets. */
import { describe, expect, it } from 'vitest';
import { parseSoakArgs, SoakUsageError } from '../../../bench/soak-args';
import { FaultPlan, kindsFor, seeded } from '../../../bench/soak-faults';
import { ResourceTracker } from '../../../bench/soak-tracker';
import { soakTargets, type SoakFigures } from '../../../bench/soak';
import { FAULT_KINDS } from '../../../sim/lib/types';

describe('soak command line', () => {
  it('defaults to 200 devices and 100,000 cycles; --quick to 10,000', () => {
    expect(parseSoakArgs([])).toEqual({ help: false, config: { quick: false, devices: 200, cycles: 100_000, faults: 10, seed: 1 } });
    expect(parseSoakArgs(['--quick'])).toMatchObject({ config: { quick: true, cycles: 10_000, devices: 200 } });
    expect(parseSoakArgs(['--devices=50', '--cycles', '5_000', '--faults', '3', '--seed', '9'])).toMatchObject({ config: { devices: 50, cycles: 5000, faults: 3, seed: 9 } });
    expect(parseSoakArgs(['--help'])).toEqual({ help: true });
  });

  it('refuses unknown options and bad numbers, naming them', () => {
    expect(() => parseSoakArgs(['--json'])).toThrow(SoakUsageError);
    expect(() => parseSoakArgs(['--devices', '5'])).toThrow(/--devices must be a whole number between 6/);
    expect(() => parseSoakArgs(['--cycles', 'lots'])).toThrow(/"lots"/);
    expect(() => parseSoakArgs(['--cycles'])).toThrow(/needs a value/);
    expect(() => parseSoakArgs(['--quick=1'])).toThrow(/takes no value/);
  });
});

describe('soak fault plan', () => {
  const devices = [
    { id: 'phone-1', kind: 'grandstream-phone', family: 'legacy' },
    { id: 'phone-5', kind: 'grandstream-phone', family: 'passcode' },
    { id: 'cam', kind: 'grandstream-camera' },
    { id: 'pbx', kind: 'kalliope' },
    { id: 'nv', kind: 'nethvoice' },
  ];

  it('offers only the faults that exist on each device', () => {
    const kinds = (i: number) => kindsFor(devices[i] as (typeof devices)[number]).map(([k]) => k);
    for (const d of devices) for (const [k] of kindsFor(d)) expect(FAULT_KINDS).toContain(k);
    expect(kinds(0)).toContain('lockout');
    expect(kinds(1)).not.toContain('lockout');
    expect(kinds(3)).toContain('license-expired');
    for (const i of [0, 1, 2, 4]) expect(kinds(i)).not.toContain('license-expired');
  });

  it('keeps at most maxActive faults, one per device, each for 1–5 s, and is repeatable by seed', () => {
    const run = (seed: number) => {
      const plan = new FaultPlan({ devices, maxActive: 3, seed });
      const log: string[] = [];
      for (let t = 0; t < 60_000; t += 100) {
        for (const f of plan.expired(t)) log.push(`-${f.device}@${t}`);
        const f = plan.next(t);
        if (f) {
          expect(f.until - t).toBeGreaterThanOrEqual(1000);
          expect(f.until - t).toBeLessThanOrEqual(5000);
          log.push(`+${f.device}:${f.kind}@${t}`);
        }
        expect(plan.active.size).toBeLessThanOrEqual(3);
      }
      return { log, drained: plan.drain().length, left: plan.active.size, applied: plan.applied };
    };
    const a = run(7);
    expect(a.log).toEqual(run(7).log);
    expect(a.log).not.toEqual(run(8).log);
    expect(a.log.filter((l) => l.startsWith('+')).length).toBeGreaterThan(20);
    expect(a.left).toBe(0);
    expect(a.applied.size).toBeGreaterThan(5);
    const r = seeded(1);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('soak resource counts', () => {
  it("counts pending timers whether ref'd or not, until they fire or are cleared", async () => {
    const t = new ResourceTracker();
    t.install();
    try {
      const base = t.all().timers;
      const a = setTimeout(() => undefined, 10_000);
      const b = setTimeout(() => undefined, 10_000);
      b.unref();
      const c = setInterval(() => undefined, 10_000);
      setTimeout(() => undefined, 1);
      expect(t.all().timers).toBe(base + 4);
      await new Promise((r) => setTimeout(r, 20));
      expect(t.all().timers).toBe(base + 3);
      clearTimeout(a);
      clearTimeout(b);
      clearInterval(c);
      expect(t.all().timers).toBe(base);
      // undici's per-connection timer is counted apart
      const conn0 = t.all().connectionTimers;
      function onParserTimeout(): void {}
      const p = setTimeout(onParserTimeout, 10_000);
      expect(t.all()).toMatchObject({ timers: base, connectionTimers: conn0 + 1 });
      clearTimeout(p);
      expect(t.all().connectionTimers).toBe(conn0);
    } finally {
      t.uninstall();
    }
  });
});

describe('soak targets', () => {
  const f: SoakFigures = { devices: 200, cycles: 100_000, rssStartMb: 100, rssEndMb: 109, heapStartMb: 30, heapEndMb: 31, socketsStart: 200, socketsEnd: 200, timersStart: 50, timersEnd: 40, unhandledRejections: 0 };
  it('RSS growth under 10%, no growth in sockets or timers, no unhandled rejection', () => {
    expect(soakTargets(f).every((t) => t.met)).toBe(true);
    expect(soakTargets({ ...f, rssEndMb: 110 }).find((t) => !t.met)?.name).toMatch(/RSS/);
    expect(soakTargets({ ...f, socketsEnd: 201 }).find((t) => !t.met)?.name).toMatch(/sockets/);
    expect(soakTargets({ ...f, timersEnd: 51 }).find((t) => !t.met)?.name).toMatch(/timers/);
    expect(soakTargets({ ...f, unhandledRejections: 1 }).find((t) => !t.met)?.name).toMatch(/unhandled/);
    expect(soakTargets(f, 2).find((t) => !t.met)?.name).toMatch(/left open/);
  });
});

/**
 * Office-wide fault matrix (issue 10, item 1): the real hub over the simulated office, every
 * simulator fault applied to every device family while the other devices keep working.
 *
 * One round per fault: the fault goes on the first device of every family at once (the families
 * do not share anything a fault could reach); every other device (the rest of the office, plus a
 * twin of each family that has one device only) is the control group, whose poll rate must hold.
 * Per pair (fault-matrix-cell.ts): the typed error kind, the health and a problem text naming the
 * device, bounded retries (hub calls by the backoff policy, device requests per call), recovery
 * after the fault clears without a restart. The matrix is printed at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS } from './fault-matrix-cases';
import { runCell, type CellResult } from './fault-matrix-cell';
import { sleep, startRig, until, type Rig, type RigDevice } from './fault-matrix-rig';
import { formatMatrix } from './fault-matrix-table';

/** A control device must keep at least this share of its calm-office poll rate during every round. */
const MIN_RATE_SHARE = 0.5;
const BASELINE_MS = 3000;

let rig: Rig;
let targets: RigDevice[];
let control: RigDevice[];
const baseline = new Map<string, number>();
const results: CellResult[] = [];
const roundNotes: string[] = [];
const rateProblems: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => {
  unhandled.push(e);
};

const pollsIn = (id: string, from: number, to: number): number => rig.recorder.of(id).countSince(rig.recorder.of(id).polled, from, to);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  rig = await startRig();
  // The first device of each family is faulted; every other device is the control group.
  const seen = new Set<string>();
  targets = rig.devices.filter((d) => !d.twin && !seen.has(d.family) && seen.add(d.family));
  control = rig.devices.filter((d) => !targets.includes(d));
  await until('every device online', () => rig.devices.every((d) => rig.entity(d.id)?.health === 'online'), 40_000);
  await sleep(1500);
  const t0 = Date.now();
  await sleep(BASELINE_MS);
  for (const d of rig.devices) baseline.set(d.id, pollsIn(d.id, t0, Date.now()) / BASELINE_MS);
}, 60_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  if (results.length > 0) console.log(`\n${formatMatrix(results, roundNotes)}\n`);
  await rig?.close();
}, 30_000);

describe('office-wide fault matrix', () => {
  it('every family is covered, each with an unfaulted member polling normally', () => {
    expect(targets.length).toBeGreaterThanOrEqual(8);
    for (const t of targets) expect(control.some((c) => c.family === t.family), t.family).toBe(true);
    for (const d of rig.devices) expect(baseline.get(d.id), d.id).toBeGreaterThan(0);
  });

  it(
    'every fault × every family: typed error, device state, bounded retries, recovery without a restart; the rest of the office keeps polling',
    async () => {
      for (const fault of FAULTS) {
        const start = Date.now();
        const round = await Promise.all(targets.map((d) => runCell(rig, d, fault)));
        const end = Date.now();
        results.push(...round);
        // The control group kept its poll rate through the whole round.
        let worst = Infinity;
        let worstId = '';
        for (const c of control) {
          const base = baseline.get(c.id) ?? 0;
          const share = pollsIn(c.id, start, end) / (end - start) / base;
          if (share < worst) [worst, worstId] = [share, c.id];
          if (share < MIN_RATE_SHARE) rateProblems.push(`${fault}: ${c.id} polled at ${(share * 100).toFixed(0)}% of its calm rate`);
          if (rig.entity(c.id)?.health !== 'online') rateProblems.push(`${fault}: control device ${c.id} is ${rig.entity(c.id)?.health}`);
        }
        roundNotes.push(`round ${fault}: ${((end - start) / 1000).toFixed(1)} s; slowest control device ${worstId} at ${(worst * 100).toFixed(0)}% of its calm poll rate`);
      }
      const problems = results.flatMap((r) => r.problems);
      expect(problems).toEqual([]);
      expect(rateProblems).toEqual([]);
    },
    240_000,
  );

  it('the hub stayed up: no job threw, no unhandled rejection, every device online at the end', async () => {
    expect(rig.hubLog.filter((l) => / threw: /.test(l))).toEqual([]);
    expect(unhandled.map(String)).toEqual([]);
    await until('every device online at the end', () => rig.devices.every((d) => rig.entity(d.id)?.health === 'online'), 20_000);
    expect(rig.core.hub.scheduler.stats.scheduled).toBeGreaterThan(0);
  }, 30_000);
});

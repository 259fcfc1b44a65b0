import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../../main/core/hub/scheduler';
import { MinHeap, type HeapItem } from '../../../../main/core/hub/heap';
import { FakeClock } from './fake-clock';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('MinHeap', () => {
  it('pops in due order and supports removal and re-keying', () => {
    const h = new MinHeap<HeapItem & { n: number }>();
    const items = [5, 3, 9, 1, 7, 2, 8].map((n) => ({ n, due: n, heapIndex: -1 }));
    for (const i of items) h.push(i);
    h.remove(items[4] as HeapItem & { n: number }); // 7
    const nine = items[2] as HeapItem & { n: number };
    nine.due = 0;
    h.update(nine);
    const out: number[] = [];
    for (let x = h.pop(); x; x = h.pop()) out.push(x.n);
    expect(out).toEqual([9, 1, 2, 3, 5, 8]);
    expect(h.size).toBe(0);
  });
});

describe('Scheduler', () => {
  it('runs jobs at their interval from one timer', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ clock, jitter: 0 });
    const runs: number[] = [];
    s.add('a', 'lines', () => {
      runs.push(clock.now());
      return Promise.resolve(1000);
    }, 0);
    await clock.advance(3500);
    expect(runs.map((t) => t - (runs[0] as number))).toEqual([0, 1000, 2000, 3000]);
    expect(clock.pending).toBe(1);
    s.close();
  });

  it('caps requests in flight across the office', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ clock, jitter: 0, maxInFlight: 3 });
    const gates = Array.from({ length: 10 }, () => deferred());
    let running = 0;
    let peak = 0;
    gates.forEach((g, i) =>
      s.add(`d${i}`, 'probe', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await g.promise;
        running -= 1;
        return null;
      }, 0),
    );
    await clock.advance(0);
    expect(running).toBe(3);
    for (const g of gates) {
      g.resolve();
      await clock.settle();
    }
    expect(peak).toBe(3);
    expect(s.stats.runs).toBe(10);
  });

  it('never runs two jobs of one device at once', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ clock, jitter: 0 });
    const gate = deferred();
    const log: string[] = [];
    s.add('phone', 'lines', async () => {
      log.push('lines:start');
      await gate.promise;
      log.push('lines:end');
      return null;
    }, 0);
    s.add('phone', 'contacts', () => {
      log.push('contacts');
      return Promise.resolve(null);
    }, 0);
    s.add('other', 'lines', () => {
      log.push('other');
      return Promise.resolve(null);
    }, 0);
    await clock.advance(0);
    expect(log).toEqual(['lines:start', 'other']);
    gate.resolve();
    await clock.settle();
    expect(log).toEqual(['lines:start', 'other', 'lines:end', 'contacts']);
  });

  it('spreads delays by up to 10%, never later than the interval', async () => {
    const clock = new FakeClock();
    let r = 0;
    const seq = [0, 1, 0.5];
    const s = new Scheduler({ clock, random: () => seq[r++ % 3] as number });
    const at: number[] = [];
    for (const id of ['a', 'b', 'c']) s.add(id, 'x', () => (at.push(clock.now()), Promise.resolve(null)), 1000);
    await clock.advance(1200);
    const start = clock.now() - 1200;
    expect(at.map((t) => t - start).sort((x, y) => x - y)).toEqual([900, 950, 1000]);
  });

  it('runSoon brings a job forward, or reruns it right after a run in progress', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ clock, jitter: 0 });
    let n = 0;
    const gate = deferred();
    s.add('p', 'lines', async () => {
      n += 1;
      if (n === 2) await gate.promise;
      return 60_000;
    }, 0);
    await clock.advance(0);
    expect(n).toBe(1);
    s.runSoon('p');
    await clock.advance(0);
    expect(n).toBe(2);
    s.runSoon('p'); // while run 2 is in flight
    gate.resolve();
    await clock.advance(0);
    expect(n).toBe(3);
  });

  it('a job that throws is retried a minute later and reported', async () => {
    const clock = new FakeClock();
    const errors: string[] = [];
    const s = new Scheduler({ clock, jitter: 0, onError: (d, j) => errors.push(`${d}/${j}`) });
    let n = 0;
    s.add('x', 'bad', () => {
      n += 1;
      throw new Error('boom');
    }, 0);
    await clock.advance(59_000);
    expect(n).toBe(1);
    await clock.advance(1000);
    expect(n).toBe(2);
    expect(errors).toEqual(['x/bad', 'x/bad']);
  });

  it('removeDevice stops its jobs, including one in flight', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ clock, jitter: 0 });
    const gate = deferred();
    let n = 0;
    s.add('d', 'lines', async () => {
      n += 1;
      await gate.promise;
      return 1000;
    }, 0);
    await clock.advance(0);
    s.removeDevice('d');
    gate.resolve();
    await clock.advance(5000);
    expect(n).toBe(1);
    expect(s.hasDevice('d')).toBe(false);
  });

  it('a stopped job (null) is dropped', async () => {
    const clock = new FakeClock();
    const s = new Scheduler({ clock, jitter: 0 });
    s.add('d', 'once', () => Promise.resolve(null), 0);
    await clock.advance(10);
    expect(s.has('d', 'once')).toBe(false);
  });
});

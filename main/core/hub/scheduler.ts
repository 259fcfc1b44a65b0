/**
 * One scheduler for the whole office: a min-heap of due jobs with ONE armed timer (for the
 * earliest), a global cap on jobs in flight, per-device serialisation (never two requests racing
 * on one device's session) and up to 10% jitter so devices do not poll in lockstep. The jitter only
 * ever shortens a delay (0.9–1.0 × interval): a poll is never later than its interval, so a ring is
 * seen within one interval.
 *
 * A job is (device, name). Its function returns the delay until its next run (ms) or null to stop.
 * A job that is due while its device is busy or the cap is reached waits in a FIFO ready queue.
 */
import type { Clock, TimerHandle } from '../clock';
import { MinHeap, type HeapItem } from './heap';

export type JobFn = () => Promise<number | null>;

interface Job extends HeapItem {
  key: string;
  deviceId: string;
  name: string;
  fn: JobFn;
  /** Waiting in the ready queue. */
  queued: boolean;
  running: boolean;
  /** Asked to run again as soon as its current run ends. */
  rerun: boolean;
  cancelled: boolean;
}

export interface SchedulerOptions {
  clock: Clock;
  maxInFlight?: number;
  /** Relative jitter applied to every delay (default 0.1: each delay is 90–100% of the interval). */
  jitter?: number;
  random?: () => number;
  onError?: (deviceId: string, job: string, error: unknown) => void;
}

export interface SchedulerStats {
  scheduled: number;
  inFlight: number;
  queued: number;
  maxInFlightSeen: number;
  runs: number;
}

export class Scheduler {
  private readonly heap = new MinHeap<Job>();
  private readonly jobs = new Map<string, Job>();
  private readonly byDevice = new Map<string, Set<Job>>();
  private readonly busyDevices = new Set<string>();
  private readonly ready: Job[] = [];
  private readonly clock: Clock;
  private readonly maxInFlight: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private timer: TimerHandle | undefined;
  private timerDue = Infinity;
  private inFlight = 0;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];
  readonly stats: SchedulerStats = { scheduled: 0, inFlight: 0, queued: 0, maxInFlightSeen: 0, runs: 0 };

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock;
    this.maxInFlight = opts.maxInFlight ?? 64;
    this.jitter = opts.jitter ?? 0.1;
    this.random = opts.random ?? Math.random;
  }

  /** Add or replace a job; first run after `delayMs` (jittered unless 0). */
  add(deviceId: string, name: string, fn: JobFn, delayMs: number): void {
    const key = `${deviceId}\u0000${name}`;
    const prev = this.jobs.get(key);
    if (prev) this.cancelJob(prev);
    const job: Job = { key, deviceId, name, fn, due: 0, heapIndex: -1, queued: false, running: false, rerun: false, cancelled: false };
    this.jobs.set(key, job);
    let set = this.byDevice.get(deviceId);
    if (!set) this.byDevice.set(deviceId, (set = new Set()));
    set.add(job);
    this.at(job, delayMs);
  }

  has(deviceId: string, name: string): boolean {
    return this.jobs.has(`${deviceId}\u0000${name}`);
  }

  /** True when the device has at least one job (scheduled, queued or running). */
  hasDevice(deviceId: string): boolean {
    return (this.byDevice.get(deviceId)?.size ?? 0) > 0;
  }

  remove(deviceId: string, name: string): void {
    const job = this.jobs.get(`${deviceId}\u0000${name}`);
    if (job) this.cancelJob(job);
  }

  removeDevice(deviceId: string): void {
    for (const job of [...(this.byDevice.get(deviceId) ?? [])]) this.cancelJob(job);
  }

  /** Run one job (or every job of the device) as soon as possible, e.g. after a user action. */
  runSoon(deviceId: string, name?: string): void {
    for (const job of this.byDevice.get(deviceId) ?? []) {
      if (name !== undefined && job.name !== name) continue;
      if (job.running) job.rerun = true;
      else if (!job.queued) this.at(job, 0);
    }
  }

  /** Resolves when nothing is running or queued (tests). */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.ready.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const job of [...this.jobs.values()]) this.cancelJob(job);
  }

  private cancelJob(job: Job): void {
    job.cancelled = true;
    this.heap.remove(job);
    if (job.queued) {
      const i = this.ready.indexOf(job);
      if (i >= 0) this.ready.splice(i, 1);
      job.queued = false;
    }
    if (this.jobs.get(job.key) === job) this.jobs.delete(job.key);
    this.byDevice.get(job.deviceId)?.delete(job);
    if (this.byDevice.get(job.deviceId)?.size === 0) this.byDevice.delete(job.deviceId);
    this.stats.scheduled = this.jobs.size;
  }

  private at(job: Job, delayMs: number, from?: number): void {
    if (this.closed || job.cancelled) return;
    const d = delayMs <= 0 ? 0 : delayMs * (1 - this.jitter * this.random());
    const now = this.clock.now();
    job.due = from === undefined ? now + d : Math.max(now, from + d);
    this.heap.update(job);
    this.stats.scheduled = this.jobs.size;
    this.arm();
  }

  private arm(): void {
    const top = this.heap.peek();
    if (!top) return;
    if (this.timer && this.timerDue <= top.due) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timerDue = top.due;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, top.due - this.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.clock.now();
    for (let top = this.heap.peek(); top && top.due <= now; top = this.heap.peek()) {
      this.heap.pop();
      top.queued = true;
      this.ready.push(top);
    }
    this.drain();
    this.arm();
  }

  private drain(): void {
    if (this.ready.length === 0) return;
    let i = 0;
    while (i < this.ready.length && this.inFlight < this.maxInFlight) {
      const job = this.ready[i] as Job;
      if (this.busyDevices.has(job.deviceId)) {
        i += 1;
        continue;
      }
      this.ready.splice(i, 1);
      job.queued = false;
      this.start(job);
    }
    this.stats.queued = this.ready.length;
  }

  private start(job: Job): void {
    this.inFlight += 1;
    this.stats.runs += 1;
    this.stats.inFlight = this.inFlight;
    if (this.inFlight > this.stats.maxInFlightSeen) this.stats.maxInFlightSeen = this.inFlight;
    this.busyDevices.add(job.deviceId);
    job.running = true;
    // The next run counts from when this one was due, not from when it finished: a queued or slow
    // run does not stretch the period (but never runs twice to catch up).
    const started = Math.min(job.due, this.clock.now());
    let next: number | null = null;
    const done = (): void => {
      job.running = false;
      this.inFlight -= 1;
      this.stats.inFlight = this.inFlight;
      this.busyDevices.delete(job.deviceId);
      if (!job.cancelled) {
        if (job.rerun) this.at(job, 0);
        else if (next !== null) this.at(job, next, started);
        else this.cancelJob(job);
      }
      job.rerun = false;
      this.drain();
      if (this.inFlight === 0 && this.ready.length === 0) for (const w of this.idleWaiters.splice(0)) w();
    };
    let p: Promise<number | null>;
    try {
      p = job.fn();
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (n) => {
        next = n;
      },
      (e: unknown) => {
        // A job must handle its own errors; one that throws is retried after a minute.
        this.opts.onError?.(job.deviceId, job.name, e);
        next = 60_000;
      },
    ).finally(done);
  }
}

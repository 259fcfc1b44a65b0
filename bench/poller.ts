/** What the poll-case child runs: the hub, or the naive baseline. */

export interface FarmInfo {
  /** Farm root, e.g. http://127.0.0.1:P (phone i under /phones/<i>). */
  url: string;
  username: string;
  password: string;
}

export interface PollerHooks {
  /** A ring was seen on phone `phone` (1-based) from `number`, at `at` (Date.now()). */
  detect(phone: number, number: string, at: number): void;
  log(msg: string): void;
}

/** Counts completed line-status polls per device, with first/last times, between begin() and end(). */
export class PollCounter {
  readonly count: Uint32Array;
  readonly first: Float64Array;
  readonly last: Float64Array;
  /** How long each poll of the window took (ms), in completion order. */
  latencies: number[] = [];
  private on = false;

  constructor(n: number) {
    this.count = new Uint32Array(n);
    this.first = new Float64Array(n);
    this.last = new Float64Array(n);
  }

  /** Device `index` (1-based) completed a poll now; it was sent at `sentAt` (performance.now()). */
  hit(index: number, sentAt: number): void {
    if (!this.on) return;
    const i = index - 1;
    const t = performance.now();
    this.latencies.push(t - sentAt);
    if (this.count[i] === 0) this.first[i] = t;
    this.last[i] = t;
    this.count[i] = (this.count[i] ?? 0) + 1;
  }

  begin(): void {
    this.count.fill(0);
    this.first.fill(0);
    this.last.fill(0);
    this.latencies = [];
    this.on = true;
  }

  end(): void {
    this.on = false;
  }
}

export interface Poller {
  readonly polls: PollCounter;
  start(): Promise<void>;
  /** Resolves when every device answers and the start-up work has settled. */
  ready(timeoutMs: number): Promise<void>;
  /** Wait until no office patch came for `quietMs` (at most `maxMs`); returns the time waited. */
  settle(quietMs: number, maxMs: number): Promise<number>;
  /** Office patches emitted so far (0 for the baseline, which has none). */
  patches(): number;
  /** Extra figures for the human-readable report. */
  details(): Record<string, number>;
  close(): Promise<void>;
}

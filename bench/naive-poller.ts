/**
 * The naive baseline of the poll case: ONE loop that asks each phone in turn for its line status
 * (api-get_line_status), every request on a fresh TCP connection (undici `reset: true`: the
 * connection closes after each answer), logging in (loginrealm + login, MD5 challenge) when it has
 * no session or the phone answers 401. A ring is seen when a line is ringing in this answer and
 * was not (or rang from another number) in the phone's previous answer.
 */
import { createHash } from 'node:crypto';
import { Agent, request } from 'undici';
import { PollCounter, type FarmInfo, type Poller, type PollerHooks } from './poller';

const RINGING = new Set(['2', 'ringing']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Ringing lines (line → remote number) of an api-get_line_status answer; undefined when unreadable. */
export function ringingLines(text: string): Map<number, string> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v) || v.response !== 'success' || !Array.isArray(v.body)) return undefined;
  const out = new Map<number, string>();
  for (const l of v.body) {
    if (!isRecord(l)) continue;
    if (!RINGING.has(String(l.state))) continue;
    const number = l.number ?? l.remotenumber ?? '';
    out.set(Number(l.line), typeof number === 'string' ? number : String(number));
  }
  return out;
}

/** Lines ringing in `next` that were not ringing, or rang from another number, in `prev`. */
export function newRings(prev: ReadonlyMap<number, string> | undefined, next: ReadonlyMap<number, string>): [number, string][] {
  const out: [number, string][] = [];
  for (const [line, number] of next) if (prev?.get(line) !== number) out.push([line, number]);
  return out;
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

interface Answer {
  status: number;
  text: string;
}

export class NaivePoller implements Poller {
  readonly polls: PollCounter;
  private readonly sids: (string | undefined)[];
  private readonly last: (string | undefined)[];
  private readonly ringing: (Map<number, string> | undefined)[];
  private readonly agent = new Agent({ connections: 1, keepAliveTimeout: 1 });
  private stopped = false;
  private loop: Promise<void> | undefined;
  private firstPass: Promise<void> | undefined;
  private errors = 0;
  private logins = 0;
  private cycles = 0;
  private cycleMs = 0;

  constructor(
    private readonly farm: FarmInfo,
    private readonly n: number,
    private readonly hooks: PollerHooks,
  ) {
    this.polls = new PollCounter(n);
    this.sids = new Array<string | undefined>(n).fill(undefined);
    this.last = new Array<string | undefined>(n).fill(undefined);
    this.ringing = new Array<Map<number, string> | undefined>(n).fill(undefined);
  }

  private async get(phone: number, path: string, query: Record<string, string>): Promise<Answer> {
    const u = new URL(`${this.farm.url}/phones/${phone}/cgi-bin/${path}`);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    const res = await request(u, { dispatcher: this.agent, reset: true, headersTimeout: 5000, bodyTimeout: 5000 });
    return { status: res.statusCode, text: await res.body.text() };
  }

  private async login(phone: number): Promise<string> {
    this.logins += 1;
    const realm = await this.get(phone, 'loginrealm', {});
    const random = realm.text.trim();
    const user = this.farm.username;
    const res = await this.get(phone, 'login', { Username: user, Secret: md5(`${user}:${random}:${this.farm.password}`) });
    let sid: unknown;
    try {
      const v: unknown = JSON.parse(res.text);
      sid = isRecord(v) && isRecord(v.body) ? v.body.sid : undefined;
    } catch {
      sid = undefined;
    }
    if (res.status !== 200 || typeof sid !== 'string') throw new Error(`phone ${phone}: login failed (HTTP ${res.status}: ${res.text.slice(0, 80)})`);
    this.sids[phone - 1] = sid;
    return sid;
  }

  private async pollOne(phone: number): Promise<void> {
    const i = phone - 1;
    for (let attempt = 0; attempt < 2; attempt++) {
      const sid = this.sids[i] ?? (await this.login(phone));
      const sentAt = performance.now();
      const res = await this.get(phone, 'api-get_line_status', { sid });
      if (res.status === 401) {
        this.sids[i] = undefined;
        continue;
      }
      if (res.status !== 200) throw new Error(`phone ${phone}: HTTP ${res.status}`);
      this.polls.hit(phone, sentAt);
      if (res.text === this.last[i]) return;
      const at = Date.now();
      const next = ringingLines(res.text);
      if (!next) throw new Error(`phone ${phone}: unreadable line status`);
      const known = this.last[i] !== undefined;
      this.last[i] = res.text;
      for (const [, number] of newRings(this.ringing[i], next)) if (known) this.hooks.detect(phone, number, at);
      this.ringing[i] = next;
      return;
    }
    throw new Error(`phone ${phone}: unauthorized right after a login`);
  }

  private async run(): Promise<void> {
    let resolveFirst: (() => void) | undefined;
    this.firstPass = new Promise((r) => (resolveFirst = r));
    while (!this.stopped) {
      const t0 = Date.now();
      for (let phone = 1; phone <= this.n && !this.stopped; phone++) {
        try {
          await this.pollOne(phone);
        } catch (e) {
          if (++this.errors <= 5) this.hooks.log(`baseline: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      this.cycles += 1;
      this.cycleMs = Date.now() - t0;
      resolveFirst?.();
      resolveFirst = undefined;
    }
    resolveFirst?.();
  }

  start(): Promise<void> {
    this.loop = this.run();
    return Promise.resolve();
  }

  /** One full pass (every phone logged in and its line state known). */
  async ready(timeoutMs: number): Promise<void> {
    const t0 = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the baseline's first pass over ${this.n} phones took over ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.firstPass, timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.hooks.log(`baseline: first pass over ${this.n} phones (logins included) in ${Date.now() - t0} ms`);
  }

  settle(): Promise<number> {
    return Promise.resolve(0);
  }

  patches(): number {
    return 0;
  }

  details(): Record<string, number> {
    return { cycles: this.cycles, lastCycleMs: this.cycleMs, logins: this.logins, errors: this.errors };
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await this.agent.close();
  }
}

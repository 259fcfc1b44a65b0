/**
 * The poll and idle cases, driven from the bench's main process. The farm runs in one child
 * process, the measured poller (hub or baseline) in another; this process only rings and hangs up
 * lines through the farm child and matches the detections the poller reports.
 *
 * Detect latency = (Date.now() in the poller when it saw the ring) − (Date.now() in the farm right
 * after the simulator changed the line): both processes read the same wall clock.
 */
import { loadavg } from 'node:os';
import { JsonChild, type Message } from './proc';
import type { FarmInfo } from './poller';
import { cpuPctOfCore, percentile, pollRate, round, type PollWindow } from './stats';

export interface PollFigures {
  devices: number;
  achievedHz: number | null;
  detectP50Ms: number | null;
  detectP99Ms: number | null;
  cpuPctOfCore: number | null;
  rssMb: number | null;
}

export interface PollExtras {
  rings: number;
  /** Rings not seen before the end of the grace period (their latency counts as "at least" that long). */
  missed: number;
  /** Polls per device per second over every device, rung ones included (they poll faster while active). */
  allDevicesHz: number | null;
  heapUsedMb: number | null;
  setupMs: number;
  details: Record<string, number>;
}

export interface PollCaseOptions {
  mode: 'hub' | 'baseline';
  devices: number;
  seconds: number;
  /** Rings per second across the office: a random gap between 1000/max and 1000/min ms. */
  ringsPerSecond?: { min: number; max: number };
  /** A ring is hung up this long after it started (but never before it was seen; default 3 s). */
  holdMs?: number;
  /** A child from spawnPoller (started early); one is spawned when absent. */
  child?: JsonChild;
  /** Called when the idle window (idleSeconds) begins, after settling: the next child may load then. */
  onIdleStart?: () => void;
  /** Hub only: after the poll window and its hang-ups, settle and run the idle case in the same process. */
  idleSeconds?: number;
  log: (msg: string) => void;
}

interface Ring {
  phone: number;
  number: string;
  line: number | undefined;
  at: number | undefined;
  seenAt: number | undefined;
  holdOver: boolean;
  hungUp: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function num(m: Message, key: string): number {
  const v = m[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`bench: message ${m.type} lacks a number "${key}"`);
  return v;
}

/** Start a poll child early: it loads, then waits for the farm (see attachPoller). */
export function spawnPoller(mode: 'hub' | 'baseline', devices: number): JsonChild {
  return new JsonChild(mode, './poll-child.ts', ['--mode', mode, '--devices', String(devices)]);
}

/** Hand the farm to a poll child and wait until its devices answer and start-up settled. */
async function attachPoller(child: JsonChild, mode: string, devices: number, farm: FarmInfo, log: (msg: string) => void): Promise<number> {
  log(`${mode}: starting over ${devices} phones`);
  try {
    const ready = child.wait('ready', 240_000);
    child.send({ type: 'farm', ...farm });
    return num(await ready, 'setupMs');
  } catch (e) {
    await child.stop(2000);
    throw e;
  }
}

interface WindowStats {
  wallMs: number;
  cpuMicros: number;
  rssMb: number;
  heapUsedMb: number;
  polls: PollWindow;
  patches: number;
  details: Record<string, number>;
}

function numbers(m: Message, key: string): number[] {
  const v = m[key];
  return Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : 0)) : [];
}

function windowStats(m: Message): WindowStats {
  const details: Record<string, number> = {};
  if (typeof m.details === 'object' && m.details !== null) {
    for (const [k, v] of Object.entries(m.details)) if (typeof v === 'number') details[k] = v;
  }
  const wallMs = num(m, 'wallMs');
  return {
    wallMs,
    cpuMicros: num(m, 'cpuMicros'),
    rssMb: num(m, 'rssMb'),
    heapUsedMb: num(m, 'heapUsedMb'),
    polls: { count: numbers(m, 'count'), first: numbers(m, 'first'), last: numbers(m, 'last'), windowMs: wallMs },
    patches: num(m, 'patches'),
    details,
  };
}

/** One poll case (hub or baseline) against the running farm. */
export async function runPollCase(farm: JsonChild, info: FarmInfo, o: PollCaseOptions): Promise<{ figures: PollFigures; extras: PollExtras; idle?: IdleRun }> {
  const child = o.child ?? spawnPoller(o.mode, o.devices);
  const setupMs = await attachPoller(child, o.mode, o.devices, info, o.log);
  const rate = o.ringsPerSecond ?? { min: 5, max: 10 };
  const holdMs = o.holdMs ?? 3000;
  const rings = new Map<string, Ring>();
  const busy = new Set<number>();
  const rung = new Set<number>();
  const hangup = (r: Ring): void => {
    if (r.hungUp || r.line === undefined) return;
    r.hungUp = true;
    farm
      .request({ type: 'hangup', phone: r.phone, line: r.line })
      .catch((e: unknown) => o.log(`hangup failed: ${String(e)}`))
      .finally(() => busy.delete(r.phone));
  };
  child.on((m) => {
    if (m.type !== 'detect') return;
    const r = rings.get(`${String(m.phone)}|${String(m.number)}`);
    if (!r || r.seenAt !== undefined) return;
    r.seenAt = num(m, 'at');
    if (r.holdOver) hangup(r);
  });

  let stats: WindowStats;
  let graceMs: number;
  let idle: IdleRun | undefined;
  try {
    const farm0 = await farm.request({ type: 'usage' });
    await child.request({ type: 'start' });
    const t0 = Date.now();
    const end = t0 + o.seconds * 1000;
    let k = 0;
    for (;;) {
      await sleep(1000 / rate.max + Math.random() * (1000 / rate.min - 1000 / rate.max));
      if (Date.now() >= end) break;
      let phone = 0;
      for (let tries = 0; tries < 50 && (phone === 0 || busy.has(phone)); tries++) phone = 1 + Math.floor(Math.random() * o.devices);
      if (phone === 0 || busy.has(phone)) continue;
      k += 1;
      const number = `3${String(400_000_000 + k)}`;
      const r: Ring = { phone, number, line: undefined, at: undefined, seenAt: undefined, holdOver: false, hungUp: false };
      rings.set(`${phone}|${number}`, r);
      busy.add(phone);
      rung.add(phone);
      const reply = await farm.request({ type: 'ring', phone, number, name: `Caller ${k}` });
      if (reply.ok !== true) {
        o.log(`ring on phone ${phone} failed: ${String(reply.error)}`);
        rings.delete(`${phone}|${number}`);
        busy.delete(phone);
        continue;
      }
      r.line = num(reply, 'line');
      r.at = num(reply, 'at');
      setTimeout(() => {
        r.holdOver = true;
        if (r.seenAt !== undefined) hangup(r);
      }, holdMs);
    }
    stats = windowStats(await child.request({ type: 'stop' }));
    const farm1 = await farm.request({ type: 'usage' });
    stats.details.farmCpuPct = cpuPctOfCore(num(farm1, 'cpuMicros') - num(farm0, 'cpuMicros'), num(farm1, 'at') - num(farm0, 'at'));
    stats.details.loadAvg1m = loadavg()[0] ?? Number.NaN;
    // Rings near the end are still being looked for; the baseline may need a whole cycle.
    const cycle = stats.details.lastCycleMs ?? 0;
    graceMs = Math.min(60_000, Math.max(5000, 2 * cycle + 1000));
    const graceEnd = Date.now() + graceMs;
    while (Date.now() < graceEnd && [...rings.values()].some((r) => r.seenAt === undefined)) await sleep(100);
    for (const r of rings.values()) hangup(r);
    await sleep(500);
    if (o.idleSeconds !== undefined) idle = await idleWindow(child, o.devices, o.idleSeconds, o.log, o.onIdleStart);
  } finally {
    await child.stop();
  }

  const latencies: number[] = [];
  let missed = 0;
  const now = Date.now();
  for (const r of rings.values()) {
    if (r.at === undefined) continue;
    if (r.seenAt === undefined) missed += 1;
    latencies.push((r.seenAt ?? now) - r.at);
  }
  let totalPolls = 0;
  for (let i = 0; i < stats.polls.count.length; i++) totalPolls += stats.polls.count[i] as number;
  const untouched = new Set<number>();
  for (let i = 1; i <= o.devices; i++) if (!rung.has(i)) untouched.add(i);
  const figures: PollFigures = {
    devices: o.devices,
    // Idle devices only: a rung phone is polled twice as often while its line is active.
    achievedHz: round(pollRate(stats.polls, untouched.size > 0 ? untouched : undefined), 3),
    detectP50Ms: round(percentile(latencies, 50)),
    detectP99Ms: round(percentile(latencies, 99)),
    cpuPctOfCore: round(cpuPctOfCore(stats.cpuMicros, stats.wallMs)),
    rssMb: round(stats.rssMb),
  };
  return {
    figures,
    extras: {
      rings: latencies.length,
      missed,
      allDevicesHz: round(pollRate(stats.polls), 3),
      heapUsedMb: round(stats.heapUsedMb),
      setupMs,
      // CPU per completed poll is the figure least moved by a busy machine; at N polls/s it implies N x this.
      details: { ...stats.details, cpuUsPerPoll: totalPolls > 0 ? stats.cpuMicros / totalPolls : Number.NaN, graceMs },
    },
    ...(idle ? { idle } : {}),
  };
}

export interface IdleFigures {
  devices: number;
  seconds: number;
  patchesEmitted: number;
}

export interface IdleRun {
  figures: IdleFigures;
  cpuPctOfCore: number | null;
  rssMb: number | null;
  settledMs: number;
}

/** Wait until the hub emitted no patch for 1.5 s (over one idle poll of every phone), then count the patches of an idle window. */
async function idleWindow(child: JsonChild, devices: number, seconds: number, log: (msg: string) => void, onIdleStart?: () => void): Promise<IdleRun> {
  const settled = await child.request({ type: 'settle', quietMs: 1500, maxMs: 30_000 }, 40_000);
  const settledMs = num(settled, 'waitedMs');
  log(`idle: settled after ${settledMs} ms; watching ${devices} phones for ${seconds} s`);
  await child.request({ type: 'start' });
  onIdleStart?.();
  await sleep(seconds * 1000);
  const stats = windowStats(await child.request({ type: 'stop' }));
  return {
    figures: { devices, seconds, patchesEmitted: stats.patches },
    cpuPctOfCore: round(cpuPctOfCore(stats.cpuMicros, stats.wallMs)),
    rssMb: round(stats.rssMb),
    settledMs,
  };
}

/** The idle case in a fresh hub process over `devices` phones: nothing changes; patches are counted after it settled. */
export async function runIdleCase(info: FarmInfo, devices: number, seconds: number, log: (msg: string) => void, onIdleStart?: () => void): Promise<IdleRun> {
  const child = spawnPoller('hub', devices);
  await attachPoller(child, 'hub', devices, info, log);
  try {
    return await idleWindow(child, devices, seconds, log, onIdleStart);
  } finally {
    await child.stop();
  }
}

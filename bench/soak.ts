/**
 * `npm run bench -- soak [--quick]` (issue 10, item 6): the real hub in this process against N
 * simulated devices in a child process (bench/soak-farm.ts) for a number of poll cycles (scheduler
 * job runs), with faults switching on and off (bench/soak-faults.ts). Figures are taken twice, in
 * the same calm state: after a warm-up phase (the same faults, a tenth of the cycles) and after the
 * soak phase, each time once the faults were cleared, every device came back and 5 s passed; each
 * after two forced garbage collections. Sockets and timers: every open client socket and every
 * pending timer, ref'd or not, but for the one undici keeps on each idle connection, which follows
 * the sockets (bench/soak-tracker.ts; see measure for the sampling); and the open sockets that
 * carried nothing for 6 s (none may be left at the end).
 * process.getActiveResourcesInfo() alone lists only ref'd handles: none of the hub's timers (it
 * unrefs them, as undici and AbortSignal.timeout do) and only the sockets that carry a request at
 * that instant; its counts are printed beside them on stderr.
 *
 * The last stdout line: {"soak":{"devices","cycles","rssStartMb","rssEndMb","heapStartMb","heapEndMb",
 * "socketsStart","socketsEnd","timersStart","timersEnd","unhandledRejections"}}; progress on stderr.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DeviceConfig, DeviceKind, PollingOverrides } from '../shared/domain';
import { devicesHandlers } from '../main/core/features/devices';
import { Hub } from '../main/core/hub/hub';
import { MemoryDataStore, MemorySecretStore, MemorySettingsStore } from '../main/core/persistence/stores';
import { createDriver } from '../main/drivers/index';
import { JsonChild, progress, type Message } from './proc';
import { parseSoakArgs, SOAK_OTHER_DEVICES, SOAK_USAGE, SoakUsageError, type SoakConfig } from './soak-args';
import { FaultPlan, type PlanDevice } from './soak-faults';
import { activeCounts, ResourceTracker, type AllCounts, type Counts } from './soak-tracker';

export interface SoakFigures {
  devices: number;
  cycles: number;
  rssStartMb: number;
  rssEndMb: number;
  heapStartMb: number;
  heapEndMb: number;
  socketsStart: number;
  socketsEnd: number;
  timersStart: number;
  timersEnd: number;
  unhandledRejections: number;
}

/** Fast polling, so 100,000 cycles take minutes, not hours. */
const SOAK_POLLING: PollingOverrides = { linesIdleMs: 250, linesActiveMs: 250, motionMs: 500, presenceMs: 1000, voicemailMs: 5000, contactsMs: 60_000, historyMs: 60_000 };
const TIMEOUT_MS = 2000;
const log = (msg: string): void => progress('soak', msg);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

interface FarmDevice {
  id: string;
  kind: DeviceKind;
  name: string;
  url: string;
  username: string;
  password: string;
  secret?: string;
  privacyPassword?: string;
}

function farmDevices(m: Message): FarmDevice[] {
  const list = m.devices;
  if (!Array.isArray(list)) throw new Error('soak: the farm did not list its devices');
  return list.map((d: unknown) => {
    const x = d as Partial<FarmDevice>;
    if (typeof x.id !== 'string' || typeof x.url !== 'string' || typeof x.password !== 'string' || typeof x.kind !== 'string') throw new Error('soak: a farm device lacks id, url, kind or password');
    return { id: x.id, kind: x.kind, name: x.name ?? x.id, url: x.url, username: x.username ?? 'admin', password: x.password, ...(x.secret ? { secret: x.secret } : {}), ...(x.privacyPassword ? { privacyPassword: x.privacyPassword } : {}) };
  });
}

function forceGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') return () => undefined;
  return () => (gc as () => void)();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Measure {
  rssMb: number;
  heapMb: number;
  externalMb: number;
  /** process.getActiveResourcesInfo(): what keeps the process alive */
  active: Counts;
  /** every pending timer and open client socket, ref'd or not */
  all: Counts;
}

/**
 * Memory after two forced collections; sockets and timers sampled fifty times over 10 s. Polls may
 * hold an extra connection for a few seconds (a camera's one-request connection, a directory read
 * in parallel), so sockets take the least sample; timers (undici's per-connection ones apart) take
 * the greatest. A leak is in every sample.
 */
async function measure(gc: () => void, tracker: ResourceTracker): Promise<Measure & { range: string; idleSockets: string[] }> {
  gc();
  await sleep(50);
  gc();
  const mem = process.memoryUsage();
  const active: Counts[] = [];
  const all: AllCounts[] = [];
  for (let i = 0; i < 50; i++) {
    active.push(activeCounts());
    all.push(tracker.all());
    await sleep(200);
  }
  const range = (xs: number[]): string => `${Math.min(...xs)}–${Math.max(...xs)}`;
  const sockets = all.map((c) => c.sockets);
  const timers = all.map((c) => c.timers);
  return {
    rssMb: mb(mem.rss),
    heapMb: mb(mem.heapUsed),
    externalMb: mb(mem.external),
    active: { sockets: median(active.map((c) => c.sockets)), timers: median(active.map((c) => c.timers)) },
    all: { sockets: Math.min(...sockets), timers: Math.max(...timers) },
    range: `sockets ${range(sockets)}, timers ${range(timers)}, undici's per-connection timers ${range(all.map((c) => c.connectionTimers))}`,
    idleSockets: await tracker.idle(6000),
  };
}

export async function runSoak(cfg: SoakConfig): Promise<{ figures: SoakFigures; notes: string[]; idleSocketsEnd: number }> {
  const t0 = Date.now();
  const gc = forceGc();
  const tracker = new ResourceTracker();
  tracker.install();
  let unhandled = 0;
  const onUnhandled = (e: unknown): void => {
    unhandled += 1;
    if (unhandled <= 3) log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  };
  process.on('unhandledRejection', onUnhandled);
  const farm = new JsonChild('soak farm', './soak-farm.ts', ['--phones', String(cfg.devices - SOAK_OTHER_DEVICES)]);
  const notes: string[] = [];
  let hubLogLines = 0;
  let threw = 0;
  try {
    const devices = farmDevices(await farm.wait('ready', 120_000));
    const configs: DeviceConfig[] = devices.map((d) => ({ id: d.id, kind: d.kind, name: d.name, url: d.url, username: d.username, polling: SOAK_POLLING }));
    const secrets = new MemorySecretStore();
    for (const d of devices) await secrets.set(d.id, { password: d.password, ...(d.secret ? { secret: d.secret } : {}), ...(d.privacyPassword ? { privacyPassword: d.privacyPassword } : {}) });
    const hub = await Hub.create({
      settings: new MemorySettingsStore({ devices: configs }),
      secrets,
      data: new MemoryDataStore(),
      createDriver,
      timeoutMs: TIMEOUT_MS,
      log: (m) => {
        hubLogLines += 1;
        if (/ threw: /.test(m)) {
          threw += 1;
          if (threw <= 3) log(`hub: ${m}`);
        }
      },
    });
    const refresh = devicesHandlers(hub)['devices.refresh'];
    const plan = new FaultPlan({ devices: devices.map((d): PlanDevice => ({ id: d.id, kind: d.kind, family: familyOf(d.id) })), maxActive: cfg.faults, seed: cfg.seed });
    const lastRetry = new Map<string, number>();
    let retries = 0;
    /** The receptionist's Retry on a device that stopped although its fault is gone. */
    const pressRetry = (now: number): void => {
      for (const rt of hub.runtimes.values()) {
        if (rt.health !== 'auth-failed' || plan.active.has(rt.id) || now - (lastRetry.get(rt.id) ?? 0) < 3000) continue;
        lastRetry.set(rt.id, now);
        retries += 1;
        refresh({ id: rt.id });
      }
    };
    const allOnline = async (what: string, ms: number): Promise<void> => {
      const end = Date.now() + ms;
      for (;;) {
        const down = [...hub.runtimes.values()].filter((r) => r.health !== 'online');
        if (down.length === 0) return;
        if (Date.now() > end) throw new Error(`${what}: ${down.length} devices not online after ${ms} ms (${down.slice(0, 5).map((r) => `${r.id} ${r.health}: ${r.problem ?? ''}`).join('; ')})`);
        pressRetry(Date.now());
        await sleep(250);
      }
    };
    /** Poll `cycles` cycles with faults switching on and off; then clear them, wait for every device and let it settle. */
    const phase = async (label: string, cycles: number): Promise<{ cycles: number; secs: number }> => {
      const c0 = hub.scheduler.stats.runs;
      const tf = Date.now();
      let shown = tf;
      while (hub.scheduler.stats.runs - c0 < cycles) {
        const now = Date.now();
        for (const f of plan.expired(now)) await farm.request({ type: 'clear', device: f.device });
        const f = plan.next(now);
        if (f) {
          const ms = f.kind === 'slow' ? TIMEOUT_MS + 1000 : f.kind === 'lockout' ? f.until - now : undefined;
          const r = await farm.request({ type: 'fault', device: f.device, kind: f.kind, ...(ms === undefined ? {} : { ms }) });
          if (r.ok !== true) throw new Error(`soak: the farm refused ${f.kind} on ${f.device}: ${String(r.error)}`);
        }
        pressRetry(now);
        if (now - shown >= 15_000) {
          shown = now;
          const done = hub.scheduler.stats.runs - c0;
          const online = [...hub.runtimes.values()].filter((r) => r.health === 'online').length;
          const all = tracker.all();
          log(`${label}: ${done}/${cycles} cycles (${Math.round(done / ((now - tf) / 1000))}/s), ${plan.active.size} faults on, ${online} online, RSS ${mb(process.memoryUsage().rss)} MB, heap ${mb(process.memoryUsage().heapUsed)} MB, ${all.sockets} sockets, ${all.timers} timers`);
        }
        await sleep(100);
      }
      const done = { cycles: hub.scheduler.stats.runs - c0, secs: (Date.now() - tf) / 1000 };
      for (const f of plan.drain()) await farm.request({ type: 'clear', device: f.device });
      await allOnline(`${label} end`, 180_000);
      // devices that just recovered settle like the others (keep-alive sockets, backoffs done)
      await sleep(10_000);
      return done;
    };
    try {
      await allOnline('start', 180_000);
      log(`all ${cfg.devices} devices online after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      // The warm-up goes through the same faults, so both figures are taken after a fault phase, in the same calm state.
      const warm = await phase('warm-up', Math.max(5000, Math.round(cfg.cycles / 10)));
      const start = await measure(gc, tracker);
      log(`start (after ${warm.cycles} warm-up cycles): ${JSON.stringify(start)}`);
      const soak = await phase('soak', cfg.cycles);
      const end = await measure(gc, tracker);
      log(`end: ${JSON.stringify(end)}`);
      const applied = [...plan.applied].map(([k, n]) => `${k} ${n}`).join(', ');
      notes.push(`soak phase: ${soak.cycles} cycles in ${soak.secs.toFixed(0)} s (${Math.round(soak.cycles / soak.secs)}/s) after ${warm.cycles} warm-up cycles in ${warm.secs.toFixed(0)} s`);
      notes.push(`faults applied (warm-up and soak): ${applied}; Retry pressed ${retries} times; hub log lines ${hubLogLines}, jobs that threw ${threw}`);
      notes.push(`external memory ${start.externalMb} → ${end.externalMb} MB; samples: start ${start.range}; end ${end.range}`);
      notes.push(`sockets idle for 6 s (nobody's): start ${start.idleSockets.length}, end ${end.idleSockets.length}${end.idleSockets.length ? ` (${end.idleSockets.slice(0, 5).join(', ')})` : ''}`);
      notes.push(
        `process.getActiveResourcesInfo() alone (ref'd handles only: sockets with a request in flight at that instant, no unref'd timer): sockets ${start.active.sockets} → ${end.active.sockets}, timers ${start.active.timers} → ${end.active.timers}`,
      );
      notes.push(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      return {
        figures: {
          devices: cfg.devices,
          cycles: soak.cycles,
          rssStartMb: start.rssMb,
          rssEndMb: end.rssMb,
          heapStartMb: start.heapMb,
          heapEndMb: end.heapMb,
          socketsStart: start.all.sockets,
          socketsEnd: end.all.sockets,
          timersStart: start.all.timers,
          timersEnd: end.all.timers,
          unhandledRejections: unhandled,
        },
        notes,
        idleSocketsEnd: end.idleSockets.length,
      };
    } finally {
      await hub.close();
    }
  } finally {
    await farm.stop();
    process.off('unhandledRejection', onUnhandled);
    tracker.uninstall();
  }
}

/** Farm phone i is SHA-256 when i % 10 = 0, passcode when i % 10 = 5 (bench/soak-farm.ts). */
function familyOf(id: string): string | undefined {
  const m = /^phone-(\d+)$/.exec(id);
  if (!m) return undefined;
  const i = Number(m[1]);
  return i % 10 === 0 ? 'sha256' : i % 10 === 5 ? 'passcode' : 'legacy';
}

export function soakTargets(f: SoakFigures, idleSocketsEnd = 0): { name: string; met: boolean; detail: string }[] {
  const growth = (f.rssEndMb - f.rssStartMb) / f.rssStartMb;
  return [
    { name: 'RSS growth under 10%', met: growth < 0.1, detail: `${f.rssStartMb} → ${f.rssEndMb} MB (${(growth * 100).toFixed(1)}%)` },
    { name: 'no growth in open sockets', met: f.socketsEnd <= f.socketsStart, detail: `${f.socketsStart} → ${f.socketsEnd}` },
    { name: 'no socket left open unused', met: idleSocketsEnd === 0, detail: `${idleSocketsEnd} open sockets carried nothing for 6 s` },
    { name: 'no growth in pending timers', met: f.timersEnd <= f.timersStart, detail: `${f.timersStart} → ${f.timersEnd}` },
    { name: 'zero unhandled rejections', met: f.unhandledRejections === 0, detail: String(f.unhandledRejections) },
  ];
}

/** `npm run bench -- soak …`: returns the exit code (2 usage, 1 a target missed, 0 all met). */
export async function soakMain(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseSoakArgs(argv);
  } catch (e) {
    if (e instanceof SoakUsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(`${SOAK_USAGE}\n`);
    return 0;
  }
  const cfg = parsed.config;
  log(`${cfg.quick ? 'quick' : 'full'} soak: ${cfg.devices} devices, ${cfg.cycles} cycles, up to ${cfg.faults} faults at a time, seed ${cfg.seed}`);
  const { figures, notes, idleSocketsEnd } = await runSoak(cfg);
  for (const n of notes) log(n);
  const targets = soakTargets(figures, idleSocketsEnd);
  for (const t of targets) log(`${t.met ? 'met' : 'MISSED'}: ${t.name}: ${t.detail}`);
  process.stdout.write(`${JSON.stringify({ soak: figures })}\n`);
  return targets.every((t) => t.met) ? 0 : 1;
}

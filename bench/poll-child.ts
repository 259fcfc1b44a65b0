/**
 * The measured process of the poll and idle cases. Runs either the hub or the naive baseline over
 * the first N phones of a farm, alone in its process, so CPU and RSS are its own.
 *
 *   node --import tsx bench/poll-child.ts --mode hub|baseline --devices N
 *
 * It loads, then waits for {"type":"farm","url","username","password"} on stdin before it touches the
 * farm, so the parent can start it (and pay the tsx start-up) while something else still runs.
 * stdout (JSON lines): {"type":"ready","setupMs"} once every device answers and start-up settled;
 * {"type":"detect","phone","number","at"} for each ring seen (at = Date.now() when seen).
 * stdin commands, answered by {"type":"reply","id",...}:
 *   start   → begins a measurement window
 *   stop    → ends it: {"wallMs","cpuMicros","rssMb","heapUsedMb","heapTotalMb","count","first","last",
 *             "patches","details"}; count/first/last per phone (first/last: ms since start); details:
 *             the poller's own figures, poll round-trip p50/p99 and this process's event-loop delay
 *   settle  → {"waitedMs"} once no patch came for `quietMs` (at most `maxMs`)
 *   exit    → the poller closes (hub sessions closed) and the process exits
 * Detections keep being reported outside windows.
 */
import { HubPoller } from './hub-poller';
import { NaivePoller } from './naive-poller';
import type { FarmInfo, Poller, PollerHooks } from './poller';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { emit, progress, readMessages, type Message } from './proc';
import { percentile } from './stats';

function flag(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  const v = i >= 0 ? argv[i + 1] : undefined;
  if (v === undefined) throw new Error(`poll-child: ${name} is required`);
  return v;
}

interface Mark {
  at: number;
  cpu: NodeJS.CpuUsage;
  patches: number;
  loopDelay: IntervalHistogram;
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

function stop(poller: Poller, mark: Mark): Message {
  poller.polls.end();
  mark.loopDelay.disable();
  const lat = poller.polls.latencies;
  const cpu = process.cpuUsage(mark.cpu);
  const wallMs = performance.now() - mark.at;
  const mem = process.memoryUsage();
  const p = poller.polls;
  return {
    type: 'reply',
    wallMs,
    cpuMicros: cpu.user + cpu.system,
    rssMb: mem.rss / 2 ** 20,
    heapUsedMb: mem.heapUsed / 2 ** 20,
    heapTotalMb: mem.heapTotal / 2 ** 20,
    count: Array.from(p.count),
    first: Array.from(p.first, (t) => r1(t - mark.at)),
    last: Array.from(p.last, (t) => r1(t - mark.at)),
    patches: poller.patches() - mark.patches,
    details: {
      ...poller.details(),
      pollP50Ms: r1(percentile(lat, 50)),
      pollP99Ms: r1(percentile(lat, 99)),
      // How late this process's event loop ran (ms): high = this process was starved or busy.
      loopDelayP50Ms: r1(mark.loopDelay.percentile(50) / 1e6),
      loopDelayP99Ms: r1(mark.loopDelay.percentile(99) / 1e6),
    },
  };
}

function farmOf(m: Message): FarmInfo | undefined {
  const { url, username, password } = m;
  return typeof url === 'string' && typeof username === 'string' && typeof password === 'string' ? { url, username, password } : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const mode = flag(argv, '--mode');
  const n = Number(flag(argv, '--devices'));
  if (mode !== 'hub' && mode !== 'baseline') throw new Error(`poll-child: --mode must be hub or baseline, not ${mode}`);
  if (!Number.isInteger(n) || n < 1) throw new Error('poll-child: --devices must be a positive whole number');
  const hooks: PollerHooks = {
    detect: (phone, number, at) => emit({ type: 'detect', phone, number, at }),
    log: (msg) => progress(mode, msg),
  };
  let poller: Poller | undefined = undefined;
  let gotFarm: (farm: FarmInfo) => void = () => undefined;
  const farmInfo = new Promise<FarmInfo>((resolve) => (gotFarm = resolve));

  let mark: Mark | undefined;
  let exiting = false;
  const exit = async (): Promise<void> => {
    if (exiting) return;
    exiting = true;
    await poller?.close().catch((e: unknown) => progress(mode, `close failed: ${String(e)}`));
    process.exit(0);
  };
  readMessages(process.stdin, (m) => {
    const id = typeof m.id === 'number' ? m.id : -1;
    if (m.type === 'exit') {
      void exit();
      return;
    }
    if (m.type === 'farm') {
      const farm = farmOf(m);
      if (farm) gotFarm(farm);
      else progress(mode, 'the farm message lacks url, username or password');
      return;
    }
    if (!poller) {
      emit({ type: 'reply', id, error: `${m.type} before the poller started` });
    } else if (m.type === 'start') {
      poller.polls.begin();
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      mark = { at: performance.now(), cpu: process.cpuUsage(), patches: poller.patches(), loopDelay };
      emit({ type: 'reply', id });
    } else if (m.type === 'stop') {
      emit(mark ? { ...stop(poller, mark), id } : { type: 'reply', id, error: 'stop without start' });
    } else if (m.type === 'settle') {
      const quietMs = typeof m.quietMs === 'number' ? m.quietMs : 2000;
      const maxMs = typeof m.maxMs === 'number' ? m.maxMs : 30_000;
      void poller.settle(quietMs, maxMs).then((waitedMs) => emit({ type: 'reply', id, waitedMs }));
    }
  });
  process.stdin.on('end', () => void exit());

  // Loaded (the slow part of a tsx start-up); the parent may have started us early.
  const farm = await farmInfo;
  const t0 = Date.now();
  poller = mode === 'hub' ? new HubPoller(farm, n, hooks) : new NaivePoller(farm, n, hooks);
  await poller.start();
  await poller.ready(240_000);
  emit({ type: 'ready', setupMs: Date.now() - t0 });
}

main().catch((e: unknown) => {
  progress('poll-child', `failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});

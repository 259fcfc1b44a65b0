/**
 * `npm run bench [-- --json] [--quick] [--devices N] [--seconds S] ...` (see ./args.ts).
 *
 * Runs, in this order, each measured side alone in its own process:
 *   1. the phone farm child (bench/farm-child.ts), sized for the largest case;
 *   2. poll, hub: a Hub over N phones (bench/poll-child.ts --mode hub) while this process rings
 *      random lines through the farm;
 *   3. idle: the idle devices, nothing changing, patches counted (in the poll hub's process once it
 *      settled when the sizes are equal, as with --quick; else in a fresh hub process);
 *   4. poll, baseline: sequential polling with a new connection per request, same farm, same window
 *      (after the hubs closed: the phones keep one session per account, so they cannot share them);
 *   5. search (bench/search.ts), in this process once the others are done.
 * With --json the LAST stdout line is the result object; all progress goes to stderr.
 * `npm run bench -- fanout [--json] …` runs the many-desk bench instead (bench/fanout.ts).
 * `npm run bench -- soak [--quick] …` runs the soak instead (bench/soak.ts).
 */
import { BenchUsageError, parseBenchArgs, type BenchConfig } from './args';
import { runIdleCase, runPollCase, spawnPoller, type PollExtras } from './poll';
import type { FarmInfo } from './poller';
import { JsonChild, progress, type Message } from './proc';
import { checkTargets, formatReport, type BenchResult, type SearchFigures } from './report';
import { runSearchBench } from './search';

const log = (msg: string): void => progress('main', msg);

function farmInfo(m: Message): FarmInfo {
  const { url, username, password } = m;
  if (typeof url !== 'string' || typeof username !== 'string' || typeof password !== 'string') throw new Error('bench: the farm did not say its URL and credentials');
  return { url, username, password };
}

function extrasNote(name: string, e: PollExtras): string {
  const d = Object.entries(e.details)
    .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(1)}`)
    .join(' ');
  return `${name}: ${e.rings} rings, ${e.missed} not seen in time; all-device Hz ${e.allDevicesHz ?? 'n/a'}; heap used ${e.heapUsedMb ?? 'n/a'} MB; setup ${e.setupMs} ms; ${d}`;
}

async function run(cfg: BenchConfig): Promise<{ result: BenchResult; notes: string[] }> {
  const t0 = Date.now();
  const phones = Math.max(cfg.devices, cfg.idleDevices);
  log(`${cfg.quick ? 'quick' : 'full'} run: poll ${cfg.devices} phones for ${cfg.seconds} s (hub, then baseline), idle ${cfg.idleDevices} phones for ${cfg.idleSeconds} s, search ${cfg.contacts} contacts`);
  const farm = new JsonChild('farm', './farm-child.ts', ['--phones', String(phones)]);
  // Children load (tsx start-up) while the previous step still runs; they touch the farm only when told.
  const hubChild = spawnPoller('hub', cfg.devices);
  let baseChild: JsonChild | undefined;
  const loadBaseline = (): void => {
    baseChild ??= spawnPoller('baseline', cfg.devices);
  };
  const notes: string[] = [];
  const phases: string[] = [];
  let mark = Date.now();
  const phase = (name: string): void => {
    const now = Date.now();
    phases.push(`${name} ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };
  let poll: BenchResult['poll'];
  let idle: BenchResult['idle'];
  try {
    const info = farmInfo(await farm.wait('ready', 60_000));
    phase('farm start');
    // Same size: the idle window runs in the poll hub's process once its calls ended and it settled
    // (one start-up less, and a stronger check: an office that was busy must fall silent too).
    const sameHub = cfg.idleDevices === cfg.devices;
    const hub = await runPollCase(farm, info, {
      mode: 'hub',
      child: hubChild,
      devices: cfg.devices,
      seconds: cfg.seconds,
      ...(sameHub ? { idleSeconds: cfg.idleSeconds, onIdleStart: loadBaseline } : {}),
      log,
    });
    log(`hub: ${JSON.stringify(hub.figures)}`);
    phase(sameHub ? 'hub poll + idle' : 'hub poll');
    const idleRun = hub.idle ?? (await runIdleCase(info, cfg.idleDevices, cfg.idleSeconds, log, loadBaseline));
    log(`idle: ${JSON.stringify(idleRun.figures)}`);
    if (!sameHub) phase('idle');
    loadBaseline();
    const base = await runPollCase(farm, info, { mode: 'baseline', child: baseChild, devices: cfg.devices, seconds: cfg.seconds, log });
    log(`baseline: ${JSON.stringify(base.figures)}`);
    phase('baseline');
    poll = { ...hub.figures, baseline: base.figures };
    idle = idleRun.figures;
    notes.push(extrasNote('hub', hub.extras), extrasNote('baseline', base.extras));
    const cycle = base.extras.details.lastCycleMs;
    if (cycle !== undefined && cycle > 0) {
      notes.push(
        `baseline: one sequential pass over ${cfg.devices} phones takes ${Math.round(cycle)} ms (${(cycle / cfg.devices).toFixed(2)} ms per request on a fresh loopback connection); ` +
          `its detect p99 is bounded by about one pass, so 10x the hub's p99 needs passes of ${(((hub.figures.detectP99Ms ?? 0) * 10) / 1000).toFixed(1)} s or more`,
      );
    }
    notes.push(
      `idle hub (${sameHub ? 'the poll hub, after its calls ended' : 'a fresh hub'}): settled in ${idleRun.settledMs} ms; CPU ${idleRun.cpuPctOfCore ?? 'n/a'} % of one core, RSS ${idleRun.rssMb ?? 'n/a'} MB`,
    );
  } finally {
    await Promise.all([hubChild.stop(), baseChild?.stop(), farm.stop()]);
  }
  log(`search: ${cfg.contacts} contacts, ${cfg.queries} queries`);
  const s = await runSearchBench({ contacts: cfg.contacts, queries: cfg.queries });
  // Exactly the contract's fields, whatever else the search bench returns.
  const search: SearchFigures = {
    contacts: s.contacts,
    buildMs: s.buildMs,
    queryP50Ms: s.queryP50Ms,
    queryP99Ms: s.queryP99Ms,
    baseline: { queryP50Ms: s.baseline.queryP50Ms, queryP99Ms: s.baseline.queryP99Ms },
  };
  phase('search');
  notes.push(`time: ${phases.join(', ')}; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { result: { poll, search, idle }, notes };
}

async function main(): Promise<number> {
  // `npm run bench -- fanout …`: the many-desk bench (bench/fanout.ts), on its own.
  if (process.argv[2] === 'fanout') return (await import('./fanout')).fanoutMain(process.argv.slice(3));
  // `npm run bench -- soak …`: the hub under switching faults for 100,000 poll cycles (bench/soak.ts).
  if (process.argv[2] === 'soak') return (await import('./soak')).soakMain(process.argv.slice(3));
  let parsed;
  try {
    parsed = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof BenchUsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(`${parsed.usage}\n`);
    return 0;
  }
  const cfg = parsed.config;
  const { result, notes } = await run(cfg);
  if (cfg.json) {
    for (const n of notes) log(n);
    for (const t of checkTargets(result)) log(`${t.met ? 'met' : 'MISSED'}: ${t.name}: ${t.detail}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stdout.write(`${formatReport(result, notes)}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);

/**
 * `npm run bench -- fanout [--json] [--desks N] [--devices N] [--seconds S] [--quick]`
 *
 * One hub (`npm run hub`, a child process) over a phone farm (bench/farm-child.ts, another child)
 * publishing to a Mosquitto of its own (the repo's config and ACL), and N lightweight desks
 * (bench/fanout-desks.ts) in this process, while random farm phones ring and hang up. Two windows:
 * one desk, then N desks. Prints (with --json, as the LAST stdout line):
 *   {"fanout":{"desks","devices","deliveryP50Ms","deliveryP99Ms","hubCpuPctOfCore","brokerCpuPctOfCore",
 *              "deviceRequestsPerSec","deviceRequestsPerSecOneDesk"}}
 * delivery = the hub publishing a patch → a desk having checked and applied it; CPU = the hub's and
 * the broker's own processes over the N-desk window; device requests = the farm's request counters.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mqtt from 'mqtt';
import { topicsFor } from '../shared/mqtt/topics';
import { startLocalBroker, type LocalBroker } from '../main/hub/local-broker';
import { LightDesk } from './fanout-desks';
import { phoneConfigs } from './hub-poller';
import { JsonChild, progress, REPO_ROOT, type Message } from './proc';
import { percentile, round } from './stats';

export interface FanoutConfig {
  desks: number;
  devices: number;
  seconds: number;
  json: boolean;
}

export interface FanoutFigures {
  desks: number;
  devices: number;
  deliveryP50Ms: number | null;
  deliveryP99Ms: number | null;
  hubCpuPctOfCore: number | null;
  brokerCpuPctOfCore: number | null;
  deviceRequestsPerSec: number | null;
  deviceRequestsPerSecOneDesk: number | null;
}

export const FANOUT_USAGE = 'usage: npm run bench -- fanout [--json] [--desks N (50)] [--devices N (1000)] [--seconds S (10)] [--quick (10 desks, 100 phones, 5 s)]';

export function parseFanoutArgs(argv: readonly string[]): FanoutConfig {
  const cfg: FanoutConfig = { desks: 50, devices: 1000, seconds: 10, json: false };
  const quick = argv.includes('--quick');
  if (quick) Object.assign(cfg, { desks: 10, devices: 100, seconds: 5 });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') cfg.json = true;
    else if (a === '--quick') continue;
    else if (a === '--desks' || a === '--devices' || a === '--seconds') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive whole number\n${FANOUT_USAGE}`);
      cfg[a.slice(2) as 'desks' | 'devices' | 'seconds'] = n;
    } else throw new Error(`unknown option ${String(a)}\n${FANOUT_USAGE}`);
  }
  return cfg;
}

const log = (m: string): void => progress('fanout', m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds a process has used (Linux /proc), or undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return undefined;
  }
}

function startHub(broker: LocalBroker, dir: string, password: string): Promise<{ proc: ChildProcess; stderr: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'main/hub/cli.ts'), '--broker', broker.url, '--office', 'bench', '--dir', dir], {
    cwd: REPO_ROOT,
    env: { ...process.env, FRONTDESK_BROKER_USERNAME: 'hub', FRONTDESK_BROKER_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub was not ready within 120 s: ${err.slice(-1500)}`)), 120_000);
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).once('line', () => {
      clearTimeout(timer);
      resolve({ proc, stderr: () => err });
    });
    proc.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${String(c)}): ${err.slice(-1500)}`));
    });
  });
}

/** Wait until the retained state shows `n` devices online (the hub probed the whole farm). */
async function untilOnline(url: string, password: string, base: ReturnType<typeof topicsFor>, n: number, timeoutMs: number): Promise<number> {
  const c = await mqtt.connectAsync(url, { protocolVersion: 5, username: 'desk1', password, clientId: 'bench-watch' });
  const online = new Set<string>();
  c.on('message', (topic, payload) => {
    const key = base.keyOf(topic);
    if (!key?.startsWith('device/')) return;
    if (payload.length > 0 && payload.includes('"health":"online"')) online.add(key);
    else online.delete(key);
  });
  await c.subscribeAsync(`${base.base}/state/device/+`, { qos: 0 });
  const t0 = Date.now();
  while (online.size < n && Date.now() - t0 < timeoutMs) await sleep(200);
  await c.endAsync();
  return online.size;
}

/** Ring random farm phones (and hang them up a second later) until stopped. */
function ringLoop(farm: JsonChild, phones: number, everyMs: number): () => Promise<void> {
  let on = true;
  const loop = (async () => {
    while (on) {
      const phone = 1 + Math.floor(Math.random() * phones);
      void farm.request({ type: 'ring', phone, number: `0${Math.floor(1e8 + Math.random() * 9e8)}`, name: 'Bench' }).then(
        async (r: Message) => {
          if (r.ok !== true || typeof r.line !== 'number') return;
          await sleep(1000);
          if (on) await farm.request({ type: 'hangup', phone, line: r.line }).catch(() => undefined);
        },
        () => undefined,
      );
      await sleep(everyMs);
    }
  })();
  return async () => {
    on = false;
    await loop;
  };
}

async function farmRequests(farm: JsonChild): Promise<number> {
  const r = await farm.request({ type: 'usage' });
  if (typeof r.requests !== 'number') throw new Error('the farm does not count requests (bench/farm-child.ts usage)');
  return r.requests;
}

/** The farm's request rate over `seconds`. */
async function measure(farm: JsonChild, seconds: number): Promise<{ rate: number; wallS: number }> {
  const before = await farmRequests(farm);
  const at = Date.now();
  await sleep(seconds * 1000);
  const n = (await farmRequests(farm)) - before;
  const wallS = (Date.now() - at) / 1000;
  return { rate: n / wallS, wallS };
}

/** Wait until the device load is steady (two 3 s rates within 5%; at most 60 s): start-up reads are over. */
async function settle(farm: JsonChild): Promise<number> {
  let last = (await measure(farm, 3)).rate;
  for (let i = 0; i < 20; i++) {
    const now = (await measure(farm, 3)).rate;
    if (last > 0 && Math.abs(now - last) / last < 0.05) return now;
    last = now;
  }
  return last;
}

export async function runFanout(cfg: FanoutConfig): Promise<{ fanout: FanoutFigures; notes: string[] }> {
  const pw = (u: string) => `bench-${u}-pw`;
  const users = Array.from({ length: cfg.desks }, (_, i) => `desk${i + 1}`);
  const topics = topicsFor({ prefix: 'frontdesk', office: 'bench' });
  const notes: string[] = [];
  log(`${cfg.desks} desks, ${cfg.devices} phones, windows of ${cfg.seconds} s`);
  const farm = new JsonChild('farm', './farm-child.ts', ['--phones', String(cfg.devices)]);
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-fanout-'));
  let broker: LocalBroker | undefined;
  let hub: { proc: ChildProcess; stderr: () => string } | undefined;
  const desks: LightDesk[] = [];
  let stopRinging: (() => Promise<void>) | undefined;
  try {
    const ready = await farm.wait('ready', 60_000);
    const info = { url: String(ready.url), username: String(ready.username), password: String(ready.password) };
    broker = await startLocalBroker({ users: Object.fromEntries(['hub', ...users].map((u) => [u, pw(u)])), log });
    const configs = phoneConfigs(info, cfg.devices);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { devices: configs } }), { mode: 0o600 });
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(Object.fromEntries(configs.map((c) => [c.id, { password: info.password }]))), { mode: 0o600 });
    const t0 = Date.now();
    hub = await startHub(broker, dir, pw('hub'));
    const online = await untilOnline(broker.url, pw('desk1'), topics, cfg.devices, 120_000);
    notes.push(`hub: ${online}/${cfg.devices} phones online after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    desks.push(await LightDesk.connect(broker.url, 'desk1', pw('desk1'), topics));
    stopRinging = ringLoop(farm, cfg.devices, Math.max(20, Math.round(2000 / Math.max(1, cfg.devices / 100))));
    const b = broker;
    notes.push(`device load settled at ${(await settle(farm)).toFixed(0)} requests/s after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Windows alternate (1 desk, N desks, 1 desk, N desks) so a change in this machine's load
    // weighs on both figures alike; delivery and CPU are taken over the N-desk windows.
    const rate = { one: [] as number[], many: [] as number[] };
    let hubCpu = 0;
    let brokerCpu = 0;
    let manyWall = 0;
    const delays: number[] = [];
    let gaps = 0;
    let invalid = 0;
    for (let round = 0; round < 2; round++) {
      while (desks.length > 1) await desks.pop()?.close();
      await sleep(1000);
      rate.one.push((await measure(farm, cfg.seconds)).rate);
      for (let i = 1; i < users.length; i += 10) desks.push(...(await Promise.all(users.slice(i, i + 10).map((u) => LightDesk.connect(b.url, u, pw(u), topics)))));
      await sleep(1000);
      for (const d of desks) d.record(true);
      const hub0 = cpuSeconds(hub.proc.pid);
      const broker0 = cpuSeconds(b.pid);
      const m = await measure(farm, cfg.seconds);
      hubCpu += (cpuSeconds(hub.proc.pid) ?? Number.NaN) - (hub0 ?? Number.NaN);
      brokerCpu += (cpuSeconds(b.pid) ?? Number.NaN) - (broker0 ?? Number.NaN);
      manyWall += m.wallS;
      rate.many.push(m.rate);
      for (const d of desks) {
        d.record(false);
        delays.push(...d.delays.splice(0));
        gaps += d.gaps;
        invalid += d.invalid;
        d.gaps = 0;
        d.invalid = 0;
      }
      log(`round ${round + 1}: ${rate.one[round]!.toFixed(1)} device requests/s with 1 desk, ${m.rate.toFixed(1)} with ${cfg.desks}`);
    }
    const avg = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const oneDesk = avg(rate.one);
    const nDesks = avg(rate.many);
    const pct = (cpu: number) => (Number.isFinite(cpu) ? round((cpu / manyWall) * 100) : null);
    const hubPct = pct(hubCpu);
    const brokerPct = pct(brokerCpu);
    notes.push(`${delays.length} patch deliveries in the ${cfg.desks}-desk windows (${gaps} revision gaps, ${invalid} invalid)`);
    return {
      fanout: {
        desks: cfg.desks,
        devices: cfg.devices,
        deliveryP50Ms: delays.length ? round(percentile(delays, 50)) : null,
        deliveryP99Ms: delays.length ? round(percentile(delays, 99)) : null,
        hubCpuPctOfCore: hubPct,
        brokerCpuPctOfCore: brokerPct,
        deviceRequestsPerSec: round(nDesks),
        deviceRequestsPerSecOneDesk: round(oneDesk),
      },
      notes,
    };
  } finally {
    await stopRinging?.();
    await Promise.all(desks.map((d) => d.close()));
    if (hub && hub.proc.exitCode === null) {
      const exited = new Promise((r) => hub?.proc.once('exit', r));
      hub.proc.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
    }
    await broker?.stop();
    await farm.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `fanout` subcommand: exit code. */
export async function fanoutMain(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${FANOUT_USAGE}\n`);
    return 0;
  }
  let cfg: FanoutConfig;
  try {
    cfg = parseFanoutArgs(argv);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const { fanout, notes } = await runFanout(cfg);
  for (const n of notes) log(n);
  const p99 = fanout.deliveryP99Ms;
  log(`${p99 !== null && p99 <= 100 ? 'met' : 'MISSED'}: delivery p99 ${p99 ?? 'n/a'} ms (target ≤ 100 ms at 50 desks)`);
  const same = fanout.deviceRequestsPerSec !== null && fanout.deviceRequestsPerSecOneDesk ? Math.abs(fanout.deviceRequestsPerSec - fanout.deviceRequestsPerSecOneDesk) / fanout.deviceRequestsPerSecOneDesk : null;
  log(`${same !== null && same < 0.05 ? 'met' : 'MISSED'}: device requests/s with ${cfg.desks} desks ${fanout.deviceRequestsPerSec ?? 'n/a'} vs one desk ${fanout.deviceRequestsPerSecOneDesk ?? 'n/a'}`);
  process.stdout.write(cfg.json ? `${JSON.stringify({ fanout })}\n` : `${Object.entries(fanout).map(([k, v]) => `${k}: ${String(v)}`).join('\n')}\n`);
  return 0;
}

/**
 * The phone farm in its own process, so the hub's CPU and RSS are measured without the simulators.
 *
 *   node --import tsx bench/farm-child.ts --phones N
 *
 * First stdout line: {"type":"ready","url","username","password","phones"} (phone i at <url>/phones/<i>).
 * Then JSON-line commands on stdin, each answered by {"type":"reply","id",...}:
 *   {"type":"ring","id","phone":i,"number","name"}   → {"ok":true,"line","at"}: `at` is Date.now()
 *       right after the simulator put the line in the ringing state (the reference of detect latency)
 *   {"type":"hangup","id","phone":i,"line"}          → {"ok":true,"at"}
 *   {"type":"usage","id"}                            → {"ok":true,"cpuMicros","at"}: this process's CPU
 *       time so far and performance.now(), to tell how busy the farm was during a window; `requests`: HTTP
 *       requests the phones received so far (their fault gates' counters), for device-load figures
 *   {"type":"exit"} (or stdin closing)               → the farm closes and the process exits
 * A failed command answers {"ok":false,"error"}.
 */
import { createPhoneFarm, type PhoneFarm } from '../sim/grandstream-phone/farm';
import { emit, progress, readMessages, type Message } from './proc';

function phonesArg(argv: readonly string[]): number {
  const i = argv.indexOf('--phones');
  const n = Number(i >= 0 ? argv[i + 1] : NaN);
  if (!Number.isInteger(n) || n < 1) throw new Error('farm-child: --phones N (a positive whole number) is required');
  return n;
}

function handle(farm: PhoneFarm, m: Message): Message {
  const id = typeof m.id === 'number' ? m.id : -1;
  if (m.type === 'usage') {
    const cpu = process.cpuUsage();
    const requests = farm.phones.reduce((n, p) => n + p.gate.requests, 0);
    return { type: 'reply', id, ok: true, cpuMicros: cpu.user + cpu.system, at: performance.now(), requests };
  }
  const phone = typeof m.phone === 'number' ? farm.phones[m.phone - 1] : undefined;
  if (!phone) return { type: 'reply', id, ok: false, error: `no phone ${String(m.phone)}` };
  if (m.type === 'ring') {
    const number = typeof m.number === 'string' ? m.number : '';
    const name = typeof m.name === 'string' ? m.name : '';
    const line = phone.sim.ring(number, name);
    const at = Date.now();
    return { type: 'reply', id, ok: true, line, at };
  }
  if (m.type === 'hangup') {
    const line = typeof m.line === 'number' ? m.line : -1;
    const done = phone.sim.remoteHangup(line);
    return { type: 'reply', id, ok: true, hungUp: done, at: Date.now() };
  }
  return { type: 'reply', id, ok: false, error: `unknown command ${m.type}` };
}

async function main(): Promise<void> {
  const n = phonesArg(process.argv.slice(2));
  const farm = await createPhoneFarm(n);
  const first = farm.phones[0];
  if (!first) throw new Error('farm-child: the farm has no phone');
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await farm.close();
    process.exit(0);
  };
  readMessages(process.stdin, (m) => {
    if (m.type === 'exit') {
      void close();
      return;
    }
    try {
      emit(handle(farm, m));
    } catch (e) {
      emit({ type: 'reply', id: typeof m.id === 'number' ? m.id : -1, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
  process.stdin.on('end', () => void close());
  progress('farm', `${n} phones on ${farm.url} (pid ${process.pid})`);
  emit({ type: 'ready', url: farm.url, username: first.sim.options.username, password: first.sim.password, phones: n });
}

main().catch((e: unknown) => {
  progress('farm', `failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});

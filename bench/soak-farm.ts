/**
 * The soak's simulated devices, in their own process so the hub's memory, sockets and timers are
 * measured alone:
 *
 *   node --import tsx bench/soak-farm.ts --phones N
 *
 * N phones in one phone farm (one port, phone i under /phones/<i>; every 10th of the SHA-256
 * family, every 10th + 5 of the passcode family, the rest challenge-login), plus a small office of
 * the other kinds, each on its own port: two cameras (GXV, GSC36xx), KalliopePBX 3.x and 4.x,
 * NethVoice.
 *
 * First stdout line: {"type":"ready","devices":[{id,kind,name,url,username,password,secret?,privacyPassword?}]}.
 * Then JSON-line commands on stdin, each answered by {"type":"reply","id","ok",...}:
 *   {"type":"fault","id","device","kind","ms"?}  set a fault (sim/lib/types.ts FAULT_KINDS); ok:false when it does not apply
 *   {"type":"clear","id","device"}               clear it
 *   {"type":"usage","id"}                        → {"cpuMicros","rssMb"} of this process
 *   {"type":"exit"} (or stdin closing)           close and exit
 */
import { createPhoneFarm, type PhoneFarm } from '../sim/grandstream-phone/farm';
import { controlRequest } from '../sim/lib/control-client';
import { FAULT_KINDS, type Fault, type FaultKind } from '../sim/lib/types';
import { startOffice, type OfficeConfig, type RunningOffice } from '../sim/office';
import { emit, progress, readMessages, type Message } from './proc';

const PASSWORD = 'Soak!pw2025';

const OTHERS: OfficeConfig = {
  name: 'soak office',
  devices: [
    { kind: 'grandstream-camera', id: 'cam-gxv', name: 'Soak camera GXV', model: 'GXV3610_HD', password: 'Cam!soak1' },
    { kind: 'grandstream-camera', id: 'cam-gsc', name: 'Soak camera GSC', model: 'GSC3610', family: 'gsc36xx', password: 'Gsc!soak1' },
    {
      kind: 'kalliope',
      id: 'pbx-3',
      name: 'Soak Kalliope 3',
      password: 'Kpbx!soak3',
      receptionExtension: '200',
      extensions: [
        { extension: '200', name: 'Reception', voicemail: true },
        { extension: '201', name: 'Office 1' },
        { extension: '202', name: 'Office 2', voicemail: true },
      ],
      phonebook: { generate: 50, seed: 3, contacts: [] },
    },
    {
      kind: 'kalliope',
      id: 'pbx-4',
      name: 'Soak Kalliope 4',
      generation: '4.x',
      password: 'Kpbx!soak4',
      receptionExtension: '400',
      extensions: [
        { extension: '400', name: 'Reception 4', voicemail: true },
        { extension: '401', name: 'Office 41' },
      ],
    },
    {
      kind: 'nethvoice',
      id: 'nv',
      name: 'Soak NethVoice',
      password: 'Nv!soak1',
      secret: '0123456789abcdef',
      users: [
        { username: 'r1', name: 'Reception NV', extension: '301', voicemail: true },
        { username: 'u2', name: 'User 2', extension: '302' },
      ],
    },
  ],
};

interface SoakDevice {
  id: string;
  kind: string;
  name: string;
  url: string;
  username: string;
  password: string;
  secret?: string;
  privacyPassword?: string;
}

function phonesArg(argv: readonly string[]): number {
  const i = argv.indexOf('--phones');
  const n = Number(i >= 0 ? argv[i + 1] : NaN);
  if (!Number.isInteger(n) || n < 1) throw new Error('soak-farm: --phones N (a positive whole number) is required');
  return n;
}

function parseFault(m: Message): Fault | undefined {
  const kind = m.kind;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as FaultKind, ...(typeof m.ms === 'number' ? { ms: m.ms } : {}) };
}

async function handle(farm: PhoneFarm, office: RunningOffice, m: Message): Promise<Message> {
  const id = typeof m.id === 'number' ? m.id : -1;
  if (m.type === 'usage') {
    const cpu = process.cpuUsage();
    return { type: 'reply', id, ok: true, cpuMicros: cpu.user + cpu.system, rssMb: process.memoryUsage().rss / 2 ** 20 };
  }
  const target = typeof m.device === 'string' ? m.device : '';
  if (m.type !== 'fault' && m.type !== 'clear') return { type: 'reply', id, ok: false, error: `unknown command ${m.type}` };
  const fault = m.type === 'fault' ? parseFault(m) : null;
  if (fault === undefined) return { type: 'reply', id, ok: false, error: `bad fault kind ${String(m.kind)}` };
  const phone = farm.phones.find((p) => p.id === target);
  if (phone) return { type: 'reply', id, ok: phone.gate.set(fault) };
  const r = fault ? await controlRequest(office, 'POST', `/devices/${encodeURIComponent(target)}/fault`, fault) : await controlRequest(office, 'DELETE', `/devices/${encodeURIComponent(target)}/fault`);
  return { type: 'reply', id, ok: r.status === 200, ...(r.status === 200 ? {} : { error: r.text.slice(0, 200) }) };
}

async function main(): Promise<void> {
  const n = phonesArg(process.argv.slice(2));
  const farm = await createPhoneFarm(n, {
    defaults: { password: PASSWORD },
    perPhone: (i) => (i % 10 === 0 ? { family: 'sha256', model: 'GXP2170' } : i % 10 === 5 ? { family: 'passcode', model: 'GRP2614' } : {}),
  });
  const office = await startOffice({ office: OTHERS });
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await Promise.all([farm.close(), office.close()]);
    process.exit(0);
  };
  readMessages(process.stdin, (m) => {
    if (m.type === 'exit') {
      void close();
      return;
    }
    handle(farm, office, m).then(emit, (e: unknown) => emit({ type: 'reply', id: typeof m.id === 'number' ? m.id : -1, ok: false, error: e instanceof Error ? e.message : String(e) }));
  });
  process.stdin.on('end', () => void close());
  const devices: SoakDevice[] = [
    ...farm.phones.map((p) => ({ id: p.id, kind: 'grandstream-phone', name: `Phone ${p.index}`, url: p.url, username: p.sim.options.username, password: p.sim.password })),
    ...office.manifest.devices.map((d) => ({
      id: d.id,
      kind: d.kind,
      name: d.name,
      url: d.url,
      username: d.username,
      password: d.password,
      ...(typeof d.secret === 'string' ? { secret: d.secret } : {}),
      ...(typeof d.privacyPassword === 'string' ? { privacyPassword: d.privacyPassword } : {}),
    })),
  ];
  progress('soak farm', `${n} phones on ${farm.url}, ${office.manifest.devices.length} other devices (pid ${process.pid})`);
  emit({ type: 'ready', devices });
}

main().catch((e: unknown) => {
  progress('soak farm', `failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});

/**
 * Arguments of `npm run hub`. Broker credentials come from the environment
 * (FRONTDESK_BROKER_USERNAME, FRONTDESK_BROKER_PASSWORD) or a file (--credentials, JSON
 * {"username","password"}, owner-only), never from argv, where other users could read them.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brokerUrlProblem, fingerprintSchema } from '../../shared/ipc/features/desk';
import { DEFAULT_OFFICE, DEFAULT_PREFIX, TOPIC_ID, TOPIC_PREFIX } from '../../shared/mqtt/topics';

export const HUB_USAGE = `usage: npm run hub -- --broker mqtts://HOST:PORT [--office ID] [--prefix P] [--credentials FILE]
         [--ca FILE | --fingerprint SHA256] [--dir DIR] [--secrets FILE] [--demo] [--office-file FILE]
  --broker       the MQTT 5 broker (mqtts://; mqtt:// only to this machine)
  --office       office id in the topics (default ${DEFAULT_OFFICE}); --prefix topic prefix (default ${DEFAULT_PREFIX})
  --credentials  JSON file {"username","password"} (chmod 600); else FRONTDESK_BROKER_USERNAME / FRONTDESK_BROKER_PASSWORD
  --ca           PEM of the broker's CA; --fingerprint: SHA-256 of the broker's certificate instead
  --dir          the hub's own settings folder (config.json, secrets.json, data/); default $FRONTDESK_HUB_DIR or ~/.config/frontdesk-hub
  --secrets      device passwords file (default DIR/secrets.json, chmod 600)
  --demo         publish the simulated demo office (also the default while no device is configured)
The first stdout line is one JSON object once the office is published; SIGTERM stops cleanly.`;

export class HubUsageError extends Error {
  override readonly name = 'HubUsageError';
}

export interface HubArgs {
  broker: string;
  office: string;
  prefix: string;
  username?: string;
  password?: string;
  ca?: string;
  fingerprint?: string;
  dir: string;
  secrets: string;
  demo: boolean;
  officeFile?: string;
  help: boolean;
}

const SECRET_FLAGS = /^--?(p|pass|password|passwd|pw|secret|token)(=|$)/i;

export async function parseHubArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<HubArgs> {
  if (argv.some((a) => SECRET_FLAGS.test(a))) {
    throw new HubUsageError('passwords are never taken from the command line (other users can read it): use FRONTDESK_BROKER_PASSWORD or --credentials FILE');
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        broker: { type: 'string' },
        office: { type: 'string' },
        prefix: { type: 'string' },
        credentials: { type: 'string' },
        ca: { type: 'string' },
        fingerprint: { type: 'string' },
        dir: { type: 'string' },
        secrets: { type: 'string' },
        demo: { type: 'boolean' },
        'office-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new HubUsageError(e instanceof Error ? e.message : String(e));
  }
  const dir = resolve(str(values.dir) ?? env.FRONTDESK_HUB_DIR ?? join(homedir(), '.config', 'frontdesk-hub'));
  const base: HubArgs = { broker: '', office: DEFAULT_OFFICE, prefix: DEFAULT_PREFIX, dir, secrets: resolve(str(values.secrets) ?? join(dir, 'secrets.json')), demo: values.demo === true, help: values.help === true };
  if (base.help) return base;
  const broker = str(values.broker);
  if (!broker) throw new HubUsageError('--broker mqtts://HOST:PORT is required');
  const problem = brokerUrlProblem(broker);
  if (problem) throw new HubUsageError(`--broker ${problem}`);
  const office = str(values.office) ?? DEFAULT_OFFICE;
  if (!TOPIC_ID.test(office)) throw new HubUsageError('--office may hold only letters, digits, dot, dash and underscore (at most 64)');
  const prefix = str(values.prefix) ?? DEFAULT_PREFIX;
  if (!TOPIC_PREFIX.test(prefix)) throw new HubUsageError('--prefix must be topic levels of letters, digits, dot, dash or underscore separated by /');
  let fingerprint: string | undefined;
  if (values.fingerprint !== undefined) {
    const f = fingerprintSchema.safeParse(values.fingerprint);
    if (!f.success) throw new HubUsageError('--fingerprint must be a SHA-256 fingerprint (64 hex digits, colons allowed)');
    fingerprint = f.data;
  }
  const creds = await credentials(str(values.credentials), env);
  const ca = str(values.ca);
  const officeFile = str(values['office-file']);
  return {
    ...base,
    broker,
    office,
    prefix,
    ...creds,
    ...(ca ? { ca: await readFile(resolve(ca), 'utf8').catch(() => fail(`--ca: cannot read ${ca}`)) } : {}),
    ...(fingerprint ? { fingerprint } : {}),
    ...(officeFile ? { officeFile: resolve(officeFile) } : {}),
  };
}

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function fail(msg: string): never {
  throw new HubUsageError(msg);
}

async function credentials(file: string | undefined, env: NodeJS.ProcessEnv): Promise<{ username?: string; password?: string }> {
  if (file) {
    const path = resolve(file);
    const s = await stat(path).catch(() => fail(`--credentials: cannot read ${file}`));
    if ((s.mode & 0o077) !== 0) fail(`--credentials: ${file} can be read by other users (mode ${(s.mode & 0o777).toString(8)}): chmod 600 it`);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      fail(`--credentials: ${file} must be JSON {"username": "...", "password": "..."}`);
    }
    const o = raw as { username?: unknown; password?: unknown };
    if (typeof o?.username !== 'string' || typeof o.password !== 'string' || o.username === '') fail(`--credentials: ${file} must be JSON {"username": "...", "password": "..."}`);
    return { username: o.username, password: o.password };
  }
  const username = env.FRONTDESK_BROKER_USERNAME?.trim();
  const password = env.FRONTDESK_BROKER_PASSWORD;
  if (password && !username) fail('FRONTDESK_BROKER_PASSWORD is set without FRONTDESK_BROKER_USERNAME');
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/**
 * A Mosquitto of our own on this machine, for the integration tests and the fanout bench: the
 * repo's deploy/mosquitto/mosquitto.conf and ACL, with the machine-specific lines (listeners,
 * password file, certificates, persistence folder) replaced by a temporary folder's and free ports.
 * A missing Mosquitto is an error that says how to install it, never a skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_MOSQUITTO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'mosquitto');
export const MOSQUITTO_MISSING =
  'Mosquitto is not installed, and the many-desk tests need a real MQTT 5 broker: install it with `apt-get install -y mosquitto` ' +
  '(Debian/Ubuntu; .ci/run and `npm run test:unit` do this when they may), or set FRONTDESK_MOSQUITTO to its path.';

/** Lines of the shipped config that name this machine's files and ports: the local broker sets its own. */
const LOCAL_KEYS = new Set(['listener', 'password_file', 'acl_file', 'certfile', 'keyfile', 'cafile', 'tls_version', 'persistence_location', 'user', 'log_dest', 'pid_file']);

export function findMosquitto(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FRONTDESK_MOSQUITTO) return existsSync(env.FRONTDESK_MOSQUITTO) ? env.FRONTDESK_MOSQUITTO : undefined;
  for (const p of ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/local/bin/mosquitto', '/opt/homebrew/sbin/mosquitto']) if (existsSync(p)) return p;
  const w = spawnSync('sh', ['-c', 'command -v mosquitto'], { encoding: 'utf8' });
  const found = w.status === 0 ? w.stdout.trim() : '';
  return found !== '' ? found : undefined;
}

/** A password file line as mosquitto_passwd 2.x writes it (PBKDF2-SHA512, `$7$`). */
export function passwordLine(user: string, password: string): string {
  const salt = randomBytes(12);
  const iterations = 101;
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `${user}:$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface LocalBrokerOptions {
  /** Broker users and their passwords. */
  users: Record<string, string>;
  /** Lines appended to a copy of the repo's ACL (a test's own spy user). */
  extraAcl?: string;
  /** A TLS listener too, with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
  log?: (msg: string) => void;
}

export interface LocalBroker {
  readonly url: string;
  readonly tlsUrl: string | undefined;
  readonly port: number;
  readonly pid: number | undefined;
  readonly dir: string;
  /** Stop (SIGTERM: it saves its retained messages) and start again on the same ports. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`mosquitto exited (${child.exitCode ?? child.signalCode}) before it listened: ${stderr().slice(-600)}`));
        return;
      }
      const sock = netConnect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > end) reject(new Error(`mosquitto did not listen on ${port} within ${timeoutMs} ms: ${stderr().slice(-600)}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startLocalBroker(opts: LocalBrokerOptions): Promise<LocalBroker> {
  const bin = findMosquitto();
  if (!bin) throw new Error(MOSQUITTO_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-mosquitto-'));
  const port = await freePort();
  const tlsPort = opts.tls ? await freePort() : undefined;
  const acl = join(dir, 'acl');
  writeFileSync(acl, `${readFileSync(join(REPO_MOSQUITTO_DIR, 'acl'), 'utf8')}\n${opts.extraAcl ?? ''}\n`, { mode: 0o600 });
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, `${Object.entries(opts.users).map(([u, p]) => passwordLine(u, p)).join('\n')}\n`, { mode: 0o600 });
  const shipped = readFileSync(join(REPO_MOSQUITTO_DIR, 'mosquitto.conf'), 'utf8')
    .split('\n')
    .filter((l) => !LOCAL_KEYS.has(l.trim().split(/\s+/)[0] ?? ''));
  const conf = [
    ...shipped,
    `user ${userInfo().username}`,
    `password_file ${passwd}`,
    `acl_file ${acl}`,
    `persistence_location ${dir}/`,
    'log_dest stderr',
    `listener ${port} 127.0.0.1`,
    ...(opts.tls && tlsPort ? [`listener ${tlsPort} 127.0.0.1`, `certfile ${opts.tls.certFile}`, `keyfile ${opts.tls.keyFile}`, 'tls_version tlsv1.2'] : []),
  ].join('\n');
  const confFile = join(dir, 'mosquitto.conf');
  writeFileSync(confFile, `${conf}\n`, { mode: 0o600 });

  let child: ChildProcess | undefined;
  let err = '';
  const start = async (): Promise<void> => {
    err = '';
    const c = spawn(bin, ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    c.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    await waitForPort(port, c, () => err);
    if (tlsPort) await waitForPort(tlsPort, c, () => err);
    opts.log?.(`mosquitto ${c.pid ?? '?'} on ${port}${tlsPort ? ` (TLS ${tlsPort})` : ''}`);
  };
  const halt = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    tlsUrl: tlsPort ? `mqtts://127.0.0.1:${tlsPort}` : undefined,
    port,
    get pid() {
      return child?.pid;
    },
    dir,
    restart: async (downMs = 500) => {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

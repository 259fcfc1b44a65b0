/**
 * `node --import tsx scripts/ensure-mosquitto.ts [--check]` (run by `npm run test:unit`, so by `npm test`)
 *
 * The many-desk integration tests (tests/integration/mqtt*.test.ts) start their own Mosquitto.
 * Found (FRONTDESK_MOSQUITTO, /usr/sbin/mosquitto, PATH): says which, exit 0. Missing: installs the
 * Debian package `mosquitto` with apt-get as root or through sudo without a password prompt; else
 * exit 1 saying what to do (the tests would fail anyway, with the same message: never a skip).
 * `--check` only reports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findMosquitto, MOSQUITTO_MISSING } from '../main/hub/local-broker';

const say = (m: string) => process.stdout.write(`[mosquitto] ${m}\n`);

function aptPrefix(): string[] | null {
  if (!existsSync('/usr/bin/apt-get')) return null;
  if (typeof process.getuid === 'function' && process.getuid() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return !sudo.error && sudo.status === 0 ? ['sudo', '-n'] : null;
}

function run(cmd: string, args: string[]): boolean {
  say(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return !r.error && r.status === 0;
}

function main(): number {
  const found = findMosquitto();
  if (found) {
    say(`using ${found}`);
    return 0;
  }
  if (process.env.FRONTDESK_MOSQUITTO) {
    say(`FRONTDESK_MOSQUITTO names ${process.env.FRONTDESK_MOSQUITTO}, which does not exist`);
    return 1;
  }
  if (process.argv.includes('--check')) {
    say(MOSQUITTO_MISSING);
    return 1;
  }
  const prefix = aptPrefix();
  if (prefix) {
    const [cmd, ...pre] = [...prefix, 'apt-get'] as [string, ...string[]];
    if (run(cmd, [...pre, 'update', '-qq']) && run(cmd, [...pre, 'install', '-y', '-qq', 'mosquitto'])) {
      const now = findMosquitto();
      if (now) {
        say(`installed ${now}`);
        return 0;
      }
    }
  }
  say(MOSQUITTO_MISSING);
  return 1;
}

process.exitCode = main();

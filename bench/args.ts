/**
 * Command line of `npm run bench`: what to measure and how long. Pure (no I/O) so it is unit-tested.
 *
 *   --json            print one JSON object on the last stdout line (progress goes to stderr)
 *   --quick           the same shape in under a minute (N=200, 8 s poll and 10 s idle windows, 10,000 contacts)
 *   --devices N       phones polled in the poll case (default 1,000; quick 200)
 *   --seconds S       poll measurement window, hub and baseline each (default 30; quick 8)
 *   --idle-devices N  phones in the idle case (default 200; quick: the --devices value)
 *   --idle-seconds S  idle window (default 60; quick 10)
 *   --contacts N      contacts in the search case (default 100,000; quick 10,000)
 *   --queries N       keystroke queries in the search case (default 1,000)
 */

export interface BenchConfig {
  json: boolean;
  quick: boolean;
  devices: number;
  seconds: number;
  idleDevices: number;
  idleSeconds: number;
  contacts: number;
  queries: number;
}

export type ParseResult = { help: true; usage: string } | { help: false; config: BenchConfig };

export class BenchUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'BenchUsageError';
  }
}

export const USAGE = [
  'Usage: npm run bench -- [--json] [--quick] [--devices N] [--seconds S]',
  '                        [--idle-devices N] [--idle-seconds S] [--contacts N] [--queries N]',
  '  --json     one JSON object on the last stdout line (progress on stderr)',
  '  --quick    same shape, under a minute: 200 phones, 8 s poll and 10 s idle windows, 10,000 contacts',
].join('\n');

const NUMERIC_FLAGS = {
  '--devices': 'devices',
  '--seconds': 'seconds',
  '--idle-devices': 'idleDevices',
  '--idle-seconds': 'idleSeconds',
  '--contacts': 'contacts',
  '--queries': 'queries',
} as const;

type NumericKey = (typeof NUMERIC_FLAGS)[keyof typeof NUMERIC_FLAGS];

const LIMITS: Record<NumericKey, { min: number; max: number; integer: boolean }> = {
  devices: { min: 1, max: 5000, integer: true },
  seconds: { min: 1, max: 3600, integer: false },
  idleDevices: { min: 1, max: 5000, integer: true },
  idleSeconds: { min: 1, max: 3600, integer: false },
  contacts: { min: 1, max: 2_000_000, integer: true },
  queries: { min: 1, max: 1_000_000, integer: true },
};

function isNumericFlag(flag: string): flag is keyof typeof NUMERIC_FLAGS {
  return Object.hasOwn(NUMERIC_FLAGS, flag);
}

function parseNumber(flag: string, raw: string | undefined, key: NumericKey): number {
  if (raw === undefined || raw.startsWith('--')) throw new BenchUsageError(`${flag} needs a value.`);
  const v = Number(raw.replace(/_/g, ''));
  const lim = LIMITS[key];
  if (!Number.isFinite(v) || (lim.integer && !Number.isInteger(v))) throw new BenchUsageError(`${flag} must be ${lim.integer ? 'a whole number' : 'a number'}, not "${raw}".`);
  if (v < lim.min || v > lim.max) throw new BenchUsageError(`${flag} must be between ${lim.min} and ${lim.max}, not ${v}.`);
  return v;
}

/** Parse `process.argv.slice(2)`; `--flag=value` and `--flag value` are both accepted. */
export function parseBenchArgs(argv: readonly string[]): ParseResult {
  let json = false;
  let quick = false;
  const given: Partial<Record<NumericKey, number>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    if (flag === '--help' || flag === '-h') return { help: true, usage: USAGE };
    if (flag === '--json' || flag === '--quick') {
      if (inline !== undefined) throw new BenchUsageError(`${flag} takes no value.`);
      if (flag === '--json') json = true;
      else quick = true;
      continue;
    }
    if (isNumericFlag(flag)) {
      const key = NUMERIC_FLAGS[flag];
      given[key] = parseNumber(flag, inline ?? argv[++i], key);
      continue;
    }
    throw new BenchUsageError(`Unknown option "${arg}".`);
  }
  const devices = given.devices ?? (quick ? 200 : 1000);
  return {
    help: false,
    config: {
      json,
      quick,
      devices,
      seconds: given.seconds ?? (quick ? 8 : 30),
      idleDevices: given.idleDevices ?? (quick ? devices : 200),
      idleSeconds: given.idleSeconds ?? (quick ? 10 : 60),
      contacts: given.contacts ?? (quick ? 10_000 : 100_000),
      queries: given.queries ?? 1000,
    },
  };
}

/**
 * Command line of `npm run bench -- soak`. Pure (no I/O) so it is unit-tested.
 *
 *   --quick          the same run, smaller: 10,000 poll cycles (about a minute)
 *   --devices N      simulated devices (default 200: 195 farm phones + 5 other kinds)
 *   --cycles N       poll cycles measured between the start and end figures (default 100,000)
 *   --faults N       devices with a fault at a time (default 10)
 *   --seed N         the fault plan's random seed (default 1)
 */
export interface SoakConfig {
  quick: boolean;
  devices: number;
  cycles: number;
  faults: number;
  seed: number;
}

export class SoakUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${SOAK_USAGE}`);
    this.name = 'SoakUsageError';
  }
}

export const SOAK_USAGE = [
  'Usage: npm run bench -- soak [--quick] [--devices N] [--cycles N] [--faults N] [--seed N]',
  '  the hub against N simulated devices (a phone farm and 5 other kinds in a child process) for',
  '  N poll cycles with faults switching on and off; the last stdout line is {"soak":{...}}',
  '  --quick    10,000 cycles instead of 100,000',
].join('\n');

/** Other kinds beside the farm phones (bench/soak-farm.ts). */
export const SOAK_OTHER_DEVICES = 5;

const FLAGS = { '--devices': 'devices', '--cycles': 'cycles', '--faults': 'faults', '--seed': 'seed' } as const;
type Key = (typeof FLAGS)[keyof typeof FLAGS];
const LIMITS: Record<Key, [number, number]> = {
  devices: [SOAK_OTHER_DEVICES + 1, 2000],
  cycles: [100, 10_000_000],
  faults: [0, 1000],
  seed: [0, 2 ** 31 - 1],
};

export function parseSoakArgs(argv: readonly string[]): { help: true } | { help: false; config: SoakConfig } {
  let quick = false;
  const given: Partial<Record<Key, number>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (flag === '--help' || flag === '-h') return { help: true };
    if (flag === '--quick') {
      if (inline !== undefined) throw new SoakUsageError('--quick takes no value.');
      quick = true;
      continue;
    }
    if (!Object.hasOwn(FLAGS, flag)) throw new SoakUsageError(`Unknown option "${arg}".`);
    const key = FLAGS[flag as keyof typeof FLAGS];
    const raw = inline ?? argv[++i];
    if (raw === undefined || raw.startsWith('--')) throw new SoakUsageError(`${flag} needs a value.`);
    const v = Number(raw.replace(/_/g, ''));
    const [min, max] = LIMITS[key];
    if (!Number.isInteger(v) || v < min || v > max) throw new SoakUsageError(`${flag} must be a whole number between ${min} and ${max}, not "${raw}".`);
    given[key] = v;
  }
  const devices = given.devices ?? 200;
  return {
    help: false,
    config: {
      quick,
      devices,
      cycles: given.cycles ?? (quick ? 10_000 : 100_000),
      faults: Math.min(given.faults ?? 10, devices - 1),
      seed: given.seed ?? 1,
    },
  };
}

/**
 * `npm run start:web -- [--demo] [--port N] [--office FILE]`
 * Runs the main core in Node and serves the built renderer on 127.0.0.1. The FIRST stdout line is
 * one JSON object (a public contract): {"url": "...?token=...", "control"?: "<sim control URL>",
 * "controlToken"?: "<bearer token of the sim control API>"}.
 * Everything else goes to stderr. Documents (contact index, call history) are kept as owner-only
 * files in $FRONTDESK_DATA_DIR, or in the `data` folder next to the settings file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDriver } from '../drivers';
import { FileDataStore } from '../core/persistence/file-data-store';
import { MemorySecretStore } from '../core/persistence/stores';
import { startRuntime } from '../runtime/start';
import { ConfSettingsStore } from './conf-store';
import { startWebHarness } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (m: string) => process.stderr.write(`[frontdesk] ${m}\n`);

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run start:web -- [--demo] [--port N] [--office FILE]\n`);
  process.exit(2);
}

// A stray rejection in one device's handling must not take down every other device: log it.
process.on('unhandledRejection', (e: unknown) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

async function main(): Promise<void> {
  let values: { demo?: boolean; port?: string; office?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { demo: { type: 'boolean' }, port: { type: 'string' }, office: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  if (values.help) usage('Frontdesk web harness');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be a port number, got "${values.port}"`);

  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const settings = new ConfSettingsStore();
  const dataDir = process.env.FRONTDESK_DATA_DIR || join(settings.directory, 'data');
  const runtime = await startRuntime({
    mode: 'web',
    version,
    settings,
    // The web harness never writes secrets to disk: they live in memory for this run.
    secrets: new MemorySecretStore(),
    data: new FileDataStore(resolve(dataDir)),
    createDriver,
    demo: values.demo ? 'force' : 'auto',
    ...(values.office ? { officeFile: values.office } : {}),
    log,
  });
  const harness = await startWebHarness({
    router: runtime.core.router,
    events: runtime.core.events,
    staticDir: join(root, 'out', 'renderer'),
    port,
    log,
  });
  process.stdout.write(JSON.stringify({ url: harness.url, ...(runtime.office ? { control: runtime.office.control, controlToken: runtime.office.controlToken } : {}) }) + '\n');
  log(`serving ${harness.origin}${runtime.office ? ' with the demo office' : ''}; press Ctrl+C to stop`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await harness.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  log(`failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

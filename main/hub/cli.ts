/**
 * `npm run hub -- --broker mqtts://HOST:PORT ...` (see ./args.ts): the Frontdesk core, headless,
 * with its own settings (DIR/config.json), secret store (DIR/secrets.json) and documents (DIR/data),
 * polling the office once and publishing it over MQTT 5 for the desks (shared/mqtt/topics.ts).
 * The FIRST stdout line is one JSON object (a public contract) once the office is published:
 *   {"ready":true,"office","prefix","topics","broker","run","devices","demo","control"?,"controlToken"?}
 * (control/controlToken: the simulated demo office's control API, in demo mode). Everything else
 * goes to stderr. SIGTERM/SIGINT: publish "offline", close the drivers, exit 0.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDriver } from '../drivers';
import { FileDataStore } from '../core/persistence/file-data-store';
import { startRuntime, type Runtime } from '../runtime/start';
import { ConfSettingsStore } from '../web/conf-store';
import { HUB_USAGE, HubUsageError, parseHubArgs } from './args';
import { brokerErrorText } from './connect';
import { HubLink } from './publisher';
import { FileSecretStore } from './secret-file';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (m: string) => process.stderr.write(`[frontdesk hub] ${m}\n`);

process.on('unhandledRejection', (e: unknown) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

async function main(): Promise<number> {
  let args;
  try {
    args = await parseHubArgs(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof HubUsageError) {
      process.stderr.write(`${e.message}\n${HUB_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${HUB_USAGE}\n`);
    return 0;
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const secrets = new FileSecretStore(args.secrets);
  await secrets.load();
  const settings = new ConfSettingsStore(args.dir);
  const live: { runtime?: Runtime; link?: HubLink } = {};
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await live.link?.close().catch((e: unknown) => log(`leaving the broker: ${brokerErrorText(e)}`));
    await live.runtime?.close().catch((e: unknown) => log(`closing the core: ${e instanceof Error ? e.message : String(e)}`));
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));

  const rt = await startRuntime({
    mode: 'hub',
    version,
    settings,
    secrets,
    data: new FileDataStore(join(args.dir, 'data')),
    createDriver,
    demo: args.demo ? 'force' : 'auto',
    ...(args.officeFile ? { officeFile: args.officeFile } : {}),
    log,
  });
  live.runtime = rt;
  const link = await HubLink.start({
    broker: {
      url: args.broker,
      ...(args.username !== undefined ? { username: args.username } : {}),
      ...(args.password !== undefined ? { password: args.password } : {}),
      ...(args.ca ? { ca: args.ca } : {}),
      ...(args.fingerprint ? { fingerprint: args.fingerprint } : {}),
    },
    root: { prefix: args.prefix, office: args.office },
    core: rt.core,
    log,
  });
  live.link = link;
  if (stopping) await link.close();
  const office = rt.office;
  const devices = rt.core.hub.registry.all().length;
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      office: args.office,
      prefix: args.prefix,
      topics: link.topics.base,
      broker: args.broker,
      run: link.run,
      devices,
      demo: rt.core.demo,
      ...(office ? { control: office.control, controlToken: office.controlToken } : {}),
    })}\n`,
  );
  log(`publishing ${devices} device(s) of office "${args.office}" on ${link.topics.base}/…${rt.core.demo ? ' (the demo office)' : ''}`);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    log(`failed to start: ${brokerErrorText(e)}`);
    process.exit(1);
  },
);

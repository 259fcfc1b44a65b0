/**
 * One run of the `frontdesk` CLI with its I/O injected, so it can be tested without spawning.
 * Returns the exit code. Always closes the driver it created.
 */
import type { Driver, DriverConfig } from '../core/driver/types';
import { parseCli, secretValues, USAGE, type Connection } from './args';
import { runCommand } from './commands';
import { describeFailure, errorLine, EXIT_OK } from './exit-codes';
import { jsonLine } from './output';
import { UsageError } from './usage-error';

export interface CliDeps {
  /** May be async, so the entry point can load the driver registry only once the arguments are valid. */
  createDriver(config: DriverConfig): Driver | Promise<Driver>;
  stdout(text: string): Promise<void> | void;
  stderr(text: string): Promise<void> | void;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  env?: Readonly<Record<string, string | undefined>>;
}

/** The device name used in driver messages: the host the user typed, never credentials. */
export function deviceLabel(c: Connection): string {
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(c.url) ? c.url : `http://${c.url}`);
    return `${c.kind} ${u.host}`;
  } catch {
    return c.kind;
  }
}

/** The driver configuration; `extension` is the --exten of dial/voicemail (the reception extension of a PBX). */
export function driverConfig(c: Connection, extension?: string): DriverConfig {
  const config: DriverConfig = { device: deviceLabel(c), kind: c.kind, url: c.url, username: c.user, password: c.password };
  if (extension !== undefined) config.extension = extension;
  if (c.secret !== undefined) config.secret = c.secret;
  if (c.privacyPassword !== undefined) config.privacyPassword = c.privacyPassword;
  if (c.timeoutMs !== undefined) config.timeoutMs = c.timeoutMs;
  if (c.family !== undefined) config.family = c.family;
  if (c.tenantDomain !== undefined) config.tenantDomain = c.tenantDomain;
  return config;
}

/** Values given to --user in argv (also when parsing fails): a user name is never redacted. */
export function userValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if (a === '--user' && argv[i + 1] !== undefined) out.push(argv[i + 1] ?? '');
    else if (a.startsWith('--user=')) out.push(a.slice('--user='.length));
  });
  return out.filter((v) => v !== '');
}

export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const env = deps.env ?? {};
  const secrets = secretValues(argv, env);
  const users = userValues(argv);
  const fail = async (e: unknown): Promise<number> => {
    const f = describeFailure(e, secrets, users);
    await deps.stderr(errorLine(f));
    return f.code;
  };

  let parsed;
  try {
    parsed = parseCli(argv, env);
  } catch (e) {
    return fail(e);
  }
  if (parsed.help) {
    await deps.stdout(USAGE);
    return EXIT_OK;
  }
  const { command, connection } = parsed.args;
  if (connection.password !== '') secrets.push(connection.password);
  if (connection.secret !== undefined) secrets.push(connection.secret);
  if (connection.privacyPassword !== undefined) secrets.push(connection.privacyPassword);

  let driver: Driver;
  try {
    const extension = 'exten' in command ? command.exten : undefined;
    driver = await deps.createDriver(driverConfig(connection, extension));
  } catch (e) {
    // a constructor refusing the configuration (e.g. a URL it cannot use) is a usage problem
    if (e instanceof Error && !('kind' in e)) return fail(new UsageError(e.message));
    return fail(e);
  }

  let result: unknown;
  try {
    result = await runCommand(driver, command, { writeFile: deps.writeFile });
  } catch (e) {
    await closeQuietly(driver);
    return fail(e);
  }
  await closeQuietly(driver);
  await deps.stdout(jsonLine(result));
  return EXIT_OK;
}

/** close() must not turn a finished command into a failure. */
async function closeQuietly(driver: Driver): Promise<void> {
  try {
    await driver.close();
  } catch {
    // sockets are released by process exit anyway
  }
}

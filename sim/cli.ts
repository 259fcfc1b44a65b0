/**
 * `npm run sim -- [--office FILE] [--manifest FILE] [--control-port N]`
 *
 * Starts the simulated office, writes the manifest JSON to FILE (default .sim-manifest.json in the
 * current directory), prints one JSON line {"control": "...", "manifest": "<absolute path>"} to
 * stdout and runs until SIGTERM/SIGINT, then closes every server and exits 0.
 * The manifest file (public contract) is {control, controlToken, devices} with every device's
 * credentials, so it is written owner-only (0600), replacing any older file. Control requests
 * need `Authorization: Bearer <controlToken>` (see sim/control.ts); the token is not printed.
 * Exit codes: 2 bad arguments or invalid office file; 1 the office could not start.
 */
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Manifest } from './lib/types';
import { OfficeConfigError, startOffice, type RunningOffice } from './office';

const USAGE = `usage: npm run sim -- [--office FILE] [--manifest FILE] [--control-port N]
  --office FILE        office description (default: sim/office.json)
  --manifest FILE      where to write the manifest JSON, owner-only, with the control API's
                       token as "controlToken" (default: ./.sim-manifest.json)
  --control-port N     port of the control API on 127.0.0.1 (default: random)
  --help               show this help`;

export interface CliArgs {
  office?: string;
  manifest: string;
  controlPort?: number;
  help: boolean;
}

/** Parse argv (without node and script). Throws Error with a message for bad arguments. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { manifest: '.sim-manifest.json', help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--office':
        out.office = value();
        break;
      case '--manifest':
        out.manifest = value();
        break;
      case '--control-port': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 65535) throw new Error(`--control-port must be a port number, got "${v}"`);
        out.controlPort = n;
        break;
      }
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new Error(`unknown argument "${raw}"`);
    }
  }
  return out;
}

/**
 * Write the manifest owner-only: a fresh 0600 temporary file renamed over FILE, so an older file
 * with wider permissions is replaced, never reused, and no reader ever sees a half-written file.
 */
export function writeManifestFile(path: string, manifest: Manifest & { controlToken: string }): void {
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  try {
    writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`sim: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let office: RunningOffice;
  try {
    office = await startOffice({ officeFile: args.office ? resolve(args.office) : undefined, controlPort: args.controlPort });
  } catch (e) {
    const bad = e instanceof OfficeConfigError;
    process.stderr.write(`sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(bad ? 2 : 1);
  }
  const manifestPath = resolve(args.manifest);
  try {
    writeManifestFile(manifestPath, { control: office.control, controlToken: office.controlToken, devices: office.manifest.devices });
  } catch (e) {
    process.stderr.write(`sim: cannot write manifest ${manifestPath}: ${e instanceof Error ? e.message : String(e)}\n`);
    await office.close();
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify({ control: office.control, manifest: manifestPath })}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`sim: ${signal}, closing\n`);
    office.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`sim: close failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) void main();

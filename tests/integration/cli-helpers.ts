/**
 * Spawns the real `frontdesk` CLI (node --import tsx main/cli/index.ts) from the repo root.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { callControl } from '../../sim/lib/control-client';
import type { ManifestDevice } from '../../sim/lib/types';
import type { RunningOffice } from '../../sim/office';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI; `secrets` must not appear in stdout or stderr. `extraEnv` is added to a clean environment. */
export function runCli(args: readonly string[], secrets: readonly string[] = [], extraEnv: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['FRONTDESK_PASSWORD'];
  delete env['FRONTDESK_SECRET'];
  delete env['FRONTDESK_PRIVACY_PASSWORD'];
  Object.assign(env, extraEnv);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'main', 'cli', 'index.ts'), ...args],
      { cwd: REPO_ROOT, env, timeout: 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(err);
          return;
        }
        const run = { code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr };
        for (const s of secrets) {
          if (s === '') continue;
          expect(run.stdout, 'a secret leaked to stdout').not.toContain(s);
          expect(run.stderr, 'a secret leaked to stderr').not.toContain(s);
        }
        resolve(run);
      },
    );
  });
}

/** Connection flags for a manifest device (never --secret: tests add it explicitly). */
export function conn(d: ManifestDevice, over: { url?: string; password?: string } = {}): string[] {
  return ['--kind', d.kind, '--url', over.url ?? d.url, '--user', d.username, '--password', over.password ?? d.password];
}

export function deviceOf(office: RunningOffice, id: string): ManifestDevice {
  const d = office.manifest.devices.find((x) => x.id === id);
  if (!d) throw new Error(`the office has no device "${id}"`);
  return d;
}

export function secretsOf(d: ManifestDevice): string[] {
  return [d.password, ...(d.secret ? [d.secret] : [])];
}

/** Run a successful command and parse its single JSON document. */
export async function okJson(args: readonly string[], secrets: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<unknown> {
  const r = await runCli(args, secrets, extraEnv);
  expect(r.stderr, `stderr of ${args[0] ?? ''}`).toBe('');
  expect(r.code, `exit code of ${args[0] ?? ''}`).toBe(0);
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.trimEnd()).not.toContain('\n');
  return JSON.parse(r.stdout) as unknown;
}

export interface CliErrorOut {
  error: { kind: string; message: string; endpoint?: string };
}

/** Run a failing command: nothing on stdout, one JSON line on stderr. */
export async function failJson(args: readonly string[], secrets: readonly string[], code: number): Promise<CliErrorOut> {
  const r = await runCli(args, secrets);
  expect(r.stdout).toBe('');
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd()).not.toContain('\n');
  const parsed = JSON.parse(r.stderr) as CliErrorOut;
  expect(Object.keys(parsed)).toEqual(['error']);
  expect(Object.keys(parsed.error).every((k) => ['kind', 'message', 'endpoint'].includes(k))).toBe(true);
  return parsed;
}

/** POST/DELETE to the office control API, with the run's bearer token. */
export async function control(office: RunningOffice, method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  return callControl(office, method, path, body);
}

/** The simulator's own view of a phone's lines (GET /devices/{id}/state), without spawning the CLI. */
export async function simLines(office: RunningOffice, id: string): Promise<{ line: number; state: string; remoteNumber: string }[]> {
  const body = (await callControl(office, 'GET', `/devices/${encodeURIComponent(id)}/state`)) as { state?: { lines?: { line: number; state: string; remoteNumber: string }[] } };
  const lines = body.state?.lines;
  if (!Array.isArray(lines)) throw new Error(`device ${id} reports no lines`);
  return lines;
}

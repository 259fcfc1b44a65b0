/** Starts the web harness as a child process, the way an admin would, and reads its first JSON line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { callControl, type ControlEndpoint, type ControlMethod } from '../../sim/lib/control-client';

export interface HarnessLine {
  url: string;
  control?: string;
  /** Bearer token of the simulated office's control API (with `control`). */
  controlToken?: string;
}

export interface RunningHarness {
  info: HarnessLine;
  stderr: string[];
  stop(): Promise<void>;
}

export async function startHarness(args: string[] = ['--demo']): Promise<RunningHarness> {
  // A private settings and data folder per run: no leftovers from earlier runs or the user's own harness.
  const home = mkdtempSync(join(tmpdir(), 'frontdesk-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: home, FRONTDESK_DATA_DIR: join(home, 'data') },
  });
  child.once('exit', () => rmSync(home, { recursive: true, force: true }));
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web harness printed nothing in 30 s: ${stderr.join('')}`)), 30_000);
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`web harness exited with ${code}: ${stderr.join('')}`)));
  });
  const info = JSON.parse(first) as HarnessLine;
  return {
    info,
    stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The demo office's control API of this harness run (its URL and token from the first JSON line). */
export function controlEndpoint(info: HarnessLine): ControlEndpoint {
  if (!info.control || !info.controlToken) throw new Error(`the web harness printed no demo office control API: ${JSON.stringify({ control: info.control })}`);
  return { control: info.control, controlToken: info.controlToken };
}

export async function control(ep: ControlEndpoint, method: ControlMethod, path: string, body?: unknown): Promise<unknown> {
  return callControl(ep, method, path, body);
}

/**
 * Helpers for the frame, Devices, Settings, first-run and language specs: screenshots in light and
 * dark, a second simulated office (its devices survive leaving the harness's demo office), and
 * reading the hub's state through the page's own bridge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, type Page } from 'playwright/test';
import type { InvokeMethod, InvokeOutput } from '../../shared/ipc/contract';
import type { ControlEndpoint } from '../../sim/lib/control-client';
import { control, controlEndpoint, type HarnessLine } from './harness';
import type { Manifest } from '../../sim/lib/types';

/** Screenshot the page in light and in dark (test-results/screens/<name>-light|dark.png), then restore light. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screens/frame/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export interface OwnOffice extends ControlEndpoint {
  manifest: Manifest;
  stop(): Promise<void>;
}

/**
 * A second simulated office in its own process (`npm run sim`), with the device credentials in
 * its owner-only manifest. Adding a device to the web harness ends its built-in demo office (the
 * app stops it), so devices added in a test live here.
 */
export async function startOwnOffice(): Promise<OwnOffice> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-e2e-office-'));
  const manifestFile = join(dir, 'manifest.json');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--manifest', manifestFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulated office printed nothing in 30 s: ${stderr.join('')}`)), 30_000);
    createInterface({ input: child.stdout! }).once('line', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`the simulated office exited with ${code}: ${stderr.join('')}`)));
  });
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest & { controlToken: string; control: string };
  return {
    manifest,
    control: manifest.control,
    controlToken: manifest.controlToken,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The demo office's password of a device, from the office file the simulators are built from. */
export function officePassword(id: string): string {
  const office = JSON.parse(readFileSync('sim/office.json', 'utf8')) as { devices: { id: string; password: string }[] };
  const d = office.devices.find((x) => x.id === id);
  if (!d) throw new Error(`sim/office.json has no device "${id}"`);
  return d.password;
}

/** Call a contract method through the page's own bridge (the same one the UI uses) and unwrap it. */
export async function hub<M extends InvokeMethod>(page: Page, method: M, input?: unknown): Promise<InvokeOutput<M>> {
  const r = await page.evaluate(
    async ([m, i]) => {
      const api = window.frontdesk;
      if (!api) throw new Error('no bridge on the page');
      const fn = api.invoke[m as InvokeMethod] as (x?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;
      return fn(i);
    },
    [method, input] as const,
  );
  if (!r.ok) throw new Error(`${method}: ${r.error?.message ?? 'failed'}`);
  return r.value as InvokeOutput<M>;
}

/** How many devices the harness's demo office has (its control API's manifest). */
export async function demoDeviceCount(info: HarnessLine): Promise<number> {
  const m = (await control(controlEndpoint(info), 'GET', '/manifest')) as { devices: unknown[] };
  return m.devices.length;
}

/** Open the app and wait until every device of the demo office is online; answers how many there are. */
export async function openOffice(page: Page, info: HarnessLine): Promise<number> {
  const n = await demoDeviceCount(info);
  await page.goto(info.url);
  await expect(page.getByTestId('status-summary')).toHaveText(`All ${n} devices online`, { timeout: 30_000 });
  return n;
}

/**
 * The many-desk test rig: a real Mosquitto with the repo's config and ACL (main/hub/local-broker.ts),
 * the simulated office in this process (so its request counters and control API are at hand), the
 * hub as a real `npm run hub` child process over that office (its own settings folder and 0600
 * secrets file), and desks as full cores in this process that connect through `desk.connect`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mqtt, { type MqttClient } from 'mqtt';
import type { PollingOverrides } from '../../shared/domain';
import type { EventName, EventPayload, IpcResult } from '../../shared/ipc/contract';
import { createCore, type Core } from '../../main/core/app';
import { MemoryDataStore, MemorySecretStore, MemorySettingsStore } from '../../main/core/persistence/stores';
import { createDriver } from '../../main/drivers';
import { startLocalBroker, type LocalBroker, type LocalBrokerOptions } from '../../main/hub/local-broker';
import { demoDevicesFromManifest } from '../../main/runtime/start';
import { startOffice, type RunningOffice } from '../../sim/office';

export const REPO = join(import.meta.dirname, '..', '..');
export const OFFICE_ID = 'office-a';
export const passwordOf = (user: string): string => `pw-${user}-Zq81x`;

export async function until(pred: () => boolean, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`${what}: not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function brokerFor(users: string[], extra: Partial<LocalBrokerOptions> = {}): Promise<LocalBroker> {
  return startLocalBroker({ users: Object.fromEntries(users.map((u) => [u, passwordOf(u)])), ...extra });
}

/** A raw client (a test's spy, or a desk misbehaving on purpose). */
export async function rawClient(url: string, user: string, password = passwordOf(user)): Promise<MqttClient> {
  return mqtt.connectAsync(url, { protocolVersion: 5, username: user, password, clientId: `test-${user}-${Math.random().toString(16).slice(2, 8)}`, reconnectPeriod: 500 });
}

/** The office's settings folder for a hub child: its devices in config.json, their passwords in secrets.json (0600). */
export function hubDir(office: RunningOffice, polling?: PollingOverrides): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-hub-test-'));
  const devices = demoDevicesFromManifest(office.manifest);
  const configs = devices.map((d) => (polling ? { ...d.config, polling } : d.config));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { devices: configs } }), { mode: 0o600 });
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify(Object.fromEntries(devices.map((d) => [d.config.id, d.secrets]))), { mode: 0o600 });
  return dir;
}

export interface HubChild {
  readonly proc: ChildProcess;
  readonly ready: Record<string, unknown>;
  stderr(): string;
  /** SIGTERM (clean stop) or SIGKILL; resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export async function startHub(broker: LocalBroker, dir: string, extraArgs: string[] = [], password = passwordOf('hub')): Promise<HubChild> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'main/hub/cli.ts'), '--broker', broker.url, '--office', OFFICE_ID, '--dir', dir, ...extraArgs], {
    cwd: REPO,
    env: { ...process.env, FRONTDESK_BROKER_USERNAME: 'hub', FRONTDESK_BROKER_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | string | null>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal)));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not print its JSON line within 30 s: ${err.slice(-2000)}`)), 30_000);
    const rl = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    rl.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(new Error(`the hub's first line is not JSON: ${line}`));
      }
    });
    void exited.then((c) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${String(c)}) before it was ready: ${err.slice(-2000)}`));
    });
  });
  return {
    proc,
    ready,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

export interface Desk {
  readonly user: string;
  readonly core: Core;
  readonly events: { name: EventName; payload: unknown; at: number }[];
  invoke(method: string, input?: unknown): Promise<IpcResult<unknown>>;
  line(deviceId: string, line: number): { state: string } | undefined;
  status(): Promise<string>;
  close(): Promise<void>;
}

export async function startDesk(broker: LocalBroker, user: string, opts: { commandTimeoutMs?: number; password?: string } = {}): Promise<Desk> {
  const core = await createCore({ mode: 'web', version: 't', settings: new MemorySettingsStore(), secrets: new MemorySecretStore(), data: new MemoryDataStore(), createDriver, validateOutput: true });
  const events: Desk['events'] = [];
  core.events.onAny((name, payload) => events.push({ name, payload, at: Date.now() }));
  const desk: Desk = {
    user,
    core,
    events,
    invoke: (method, input) => core.router.dispatch(method, input),
    line: (deviceId, line) => core.hub.store.get(`line/${deviceId}/${line}`) as { state: string } | undefined,
    status: async () => {
      const r = (await core.router.dispatch('desk.get', undefined)) as IpcResult<{ status: { state: string } }>;
      return r.ok ? r.value.status.state : `error: ${r.error.message}`;
    },
    close: () => core.close(),
  };
  const r = await desk.invoke('desk.connect', {
    brokerUrl: broker.url,
    username: user,
    password: opts.password ?? passwordOf(user),
    office: OFFICE_ID,
    commandTimeoutMs: opts.commandTimeoutMs ?? 3000,
  });
  if (!r.ok) throw new Error(`desk ${user} could not connect: ${r.error.message}`);
  return desk;
}

export function eventsOf<E extends EventName>(desk: Desk, name: E): EventPayload<E>[] {
  return desk.events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
}

/** The office's devices' HTTP request counts, summed. */
export function deviceRequests(office: RunningOffice): number {
  let n = 0;
  for (const d of office.manifest.devices) n += office.device(d.id)?.gate.requests ?? 0;
  return n;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export { startOffice };
export type { RunningOffice, LocalBroker };

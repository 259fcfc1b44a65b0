/**
 * Desk mode over TLS (issue 12): a Mosquitto with a TLS listener (a self-signed certificate made
 * here with openssl), a hub trusting it by CA, a desk pinning its SHA-256 fingerprint. The desk has
 * local devices (a simulated office of its own): connected, it polls none of them; disconnected,
 * it polls them again, without a restart. A wrong fingerprint or password is refused and the desk
 * stays on its local devices.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc/contract';
import { createCore, type Core } from '../../main/core/app';
import { MemoryDataStore, MemorySecretStore, MemorySettingsStore } from '../../main/core/persistence/stores';
import { createDriver } from '../../main/drivers';
import { HubLink } from '../../main/hub/publisher';
import { demoDevicesFromManifest } from '../../main/runtime/start';
import { brokerFor, deviceRequests, OFFICE_ID, passwordOf, removeDir, startOffice, until, type LocalBroker, type RunningOffice } from './mqtt-rig';

let certDir: string;
let broker: LocalBroker;
let hubCore: Core;
let hub: HubLink;
let localOffice: RunningOffice;
let desk: Core;
let deskData: MemoryDataStore;
let deskSecrets: MemorySecretStore;
let pem: string;
let fingerprint: string;

function makeCertificate(dir: string): void {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`openssl could not make the test certificate (apt-get install -y openssl): ${r.error?.message ?? r.stderr}`);
}

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'frontdesk-tls-'));
  makeCertificate(certDir);
  pem = readFileSync(join(certDir, 'cert.pem'), 'utf8');
  fingerprint = new X509Certificate(pem).fingerprint256;
  broker = await brokerFor(['hub', 'desk1'], { tls: { certFile: join(certDir, 'cert.pem'), keyFile: join(certDir, 'key.pem') } });
  hubCore = await createCore({ mode: 'hub', version: 't', settings: new MemorySettingsStore(), secrets: new MemorySecretStore(), createDriver });
  hub = await HubLink.start({ broker: { url: broker.tlsUrl!, username: 'hub', password: passwordOf('hub'), ca: pem }, root: { prefix: 'frontdesk', office: OFFICE_ID }, core: hubCore });
  localOffice = await startOffice();
  const local = demoDevicesFromManifest(localOffice.manifest);
  deskSecrets = new MemorySecretStore();
  for (const d of local) await deskSecrets.set(d.config.id, d.secrets);
  deskData = new MemoryDataStore();
  desk = await createCore({ mode: 'web', version: 't', settings: new MemorySettingsStore({ devices: local.map((d) => d.config) }), secrets: deskSecrets, data: deskData, createDriver, validateOutput: true });
}, 60_000);

afterAll(async () => {
  await desk?.close();
  await hub?.close();
  await hubCore?.close();
  await localOffice?.close();
  await broker?.stop();
  if (certDir) removeDir(certDir);
}, 60_000);

const localIds = () => localOffice.manifest.devices.map((d) => d.id);
const localOnline = () => localIds().every((id) => (desk.hub.store.get(`device/${id}`) as { health?: string } | undefined)?.health === 'online');
const view = async () => ((await desk.router.dispatch('desk.get', undefined)) as IpcResult<{ enabled: boolean; status: { state: string; message?: string }; stored: { password: boolean } }>);
const connect = (extra: Record<string, unknown>) => desk.router.dispatch('desk.connect', { brokerUrl: broker.tlsUrl, username: 'desk1', office: OFFICE_ID, commandTimeoutMs: 3000, ...extra });

describe('desk mode over TLS, and back to the local devices', () => {
  it('the hub trusts the broker by CA; a desk with the wrong pin or password is refused and stays local', async () => {
    expect(hub.brokerConnected).toBe(true);
    await until(localOnline, 45_000, 'the local devices are online');
    const wrongPin = await connect({ password: passwordOf('desk1'), fingerprint: 'ab'.repeat(32) });
    expect(wrongPin).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/certificate/) } });
    const wrongPw = await connect({ password: 'not-the-password', fingerprint });
    expect(wrongPw).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/user and password/) } });
    const noCa = await connect({ password: passwordOf('desk1') });
    expect(noCa).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/not trusted/) } });
    expect(await view()).toMatchObject({ ok: true, value: { enabled: false, status: { state: 'local' } } });
    await until(localOnline, 20_000, 'the local devices are still polled');
  }, 90_000);

  it('connected by fingerprint, the desk polls none of its devices and mirrors the hub instead', async () => {
    const r = await connect({ password: passwordOf('desk1'), fingerprint });
    expect(r).toMatchObject({ ok: true, value: { enabled: true, stored: { password: true } } });
    await until(() => desk.hub.store.snapshot().entities['device/phone-reception'] === undefined, 10_000, 'local entities leave the mirror');
    await new Promise((res) => setTimeout(res, 1500));
    const before = deviceRequests(localOffice);
    await new Promise((res) => setTimeout(res, 4000));
    expect(deviceRequests(localOffice) - before).toBe(0);
    expect((await view()).ok && (await view())).toMatchObject({ value: { status: { state: 'connected' } } });
    expect(await desk.router.dispatch('devices.list', undefined)).toEqual({ ok: true, value: [] });
    expect(await desk.router.dispatch('devices.remove', { id: 'phone-reception' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }, 60_000);

  it('disconnecting returns to the local devices without a restart', async () => {
    const r = await desk.router.dispatch('desk.disconnect', undefined);
    expect(r).toMatchObject({ ok: true, value: { enabled: false, status: { state: 'local' } } });
    await until(localOnline, 45_000, 'the local devices are polled again');
    const before = deviceRequests(localOffice);
    await new Promise((res) => setTimeout(res, 2000));
    expect(deviceRequests(localOffice) - before).toBeGreaterThan(0);
    const list = (await desk.router.dispatch('devices.list', undefined)) as IpcResult<unknown[]>;
    expect(list.ok && list.value.length).toBe(localIds().length);
    // The saved password lets a reconnect skip it.
    expect(await connect({ fingerprint })).toMatchObject({ ok: true, value: { status: { state: 'connected' } } });
    expect((await desk.router.dispatch('desk.disconnect', undefined)).ok).toBe(true);
  }, 90_000);

  it('a desk saved in desk mode polls none of its devices from its very start', async () => {
    expect(await connect({ fingerprint })).toMatchObject({ ok: true, value: { status: { state: 'connected' } } });
    await desk.close();
    const before = deviceRequests(localOffice);
    const local = demoDevicesFromManifest(localOffice.manifest);
    desk = await createCore({ mode: 'web', version: 't', settings: new MemorySettingsStore({ devices: local.map((d) => d.config) }), secrets: deskSecrets, data: deskData, createDriver, validateOutput: true });
    await until(() => false, 3000).catch(() => undefined);
    expect(deviceRequests(localOffice) - before).toBe(0);
    expect(await view()).toMatchObject({ ok: true, value: { enabled: true, status: { state: 'connected' } } });
    expect(JSON.stringify([...deskData.docs.values()])).not.toContain(passwordOf('desk1'));
  }, 60_000);
});

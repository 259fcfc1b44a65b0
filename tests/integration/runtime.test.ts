import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEntity } from '../../shared/office';
import { createDriver } from '../../main/drivers';
import { MemorySecretStore, MemorySettingsStore } from '../../main/core/persistence/stores';
import { demoDevicesFromManifest, startRuntime, type Runtime } from '../../main/runtime/start';

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

const until = async (pred: () => boolean, ms = 15000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const device = (r: Runtime, id: string) => r.core.hub.store.get(`device/${id}`) as DeviceEntity | undefined;

describe('runtime', () => {
  it('offers the simulated office when no devices are configured, and reaches every device', async () => {
    runtime = await startRuntime({ mode: 'web', version: 't', settings: new MemorySettingsStore(), secrets: new MemorySecretStore(), createDriver, demo: 'auto' });
    const r = runtime;
    expect(r.office).toBeDefined();
    expect(r.core.demo).toBe(true);
    const ids = r.office!.manifest.devices.map((d) => d.id);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    await until(() => ids.every((id) => device(r, id)?.health === 'online'));
    const res = await r.core.router.dispatch('app.info', undefined);
    expect(res).toMatchObject({ ok: true, value: { demo: true, mode: 'web' } });
  });

  it('keeps passwords and secrets out of what the renderer can ask for', async () => {
    runtime = await startRuntime({ mode: 'web', version: 't', settings: new MemorySettingsStore(), secrets: new MemorySecretStore(), createDriver, demo: 'force' });
    const manifest = runtime.office!.manifest;
    const secrets = manifest.devices.flatMap((d) => [d.password, ...[d.secret, d.privacyPassword].filter((x): x is string => typeof x === 'string')]);
    const seen = JSON.stringify([await runtime.core.router.dispatch('devices.list', undefined), await runtime.core.router.dispatch('office.state', undefined)]);
    for (const s of secrets) expect(seen).not.toContain(`"${s}"`);
    const mapped = demoDevicesFromManifest(manifest);
    expect(mapped.every((m) => !('password' in m.config))).toBe(true);
    expect(mapped.find((m) => m.config.kind === 'nethvoice')?.secrets.secret).toBeTruthy();
    expect(mapped.find((m) => m.config.kind === 'kalliope')?.secrets.privacyPassword).toBeTruthy();
  });

  it('uses the configured devices when there are some, and reports a missing password', async () => {
    const config = { id: 'p1', kind: 'grandstream-phone' as const, name: 'Desk', url: 'http://127.0.0.1:1', username: 'admin' };
    runtime = await startRuntime({ mode: 'web', version: 't', settings: new MemorySettingsStore({ devices: [config] }), secrets: new MemorySecretStore(), createDriver, demo: 'auto' });
    const r = runtime;
    expect(r.office).toBeUndefined();
    await until(() => device(r, 'p1')?.health === 'auth-failed');
    expect(device(r, 'p1')?.problem).toMatch(/Desk: no password is stored/);
  });

  it('adding the first real device leaves demo mode and stops the simulated office', async () => {
    const settings = new MemorySettingsStore();
    runtime = await startRuntime({ mode: 'web', version: 't', settings, secrets: new MemorySecretStore(), createDriver, demo: 'auto' });
    const r = runtime;
    const control = r.office!.control;
    const res = await r.core.router.dispatch('devices.add', {
      config: { kind: 'kalliope', name: 'Our PBX', url: 'https://192.0.2.10', username: 'admin', extension: '200' },
      secrets: { password: 'S3cret!pbx' },
    });
    expect(res).toMatchObject({ ok: true, value: { config: { id: 'our-pbx', name: 'Our PBX' }, demo: false } });
    expect(r.core.demo).toBe(false);
    expect(r.office).toBeUndefined();
    const list = await r.core.router.dispatch('devices.list', undefined);
    expect(list.ok && (list.value as { config: { id: string } }[]).map((d) => d.config.id)).toEqual(['our-pbx']);
    expect(Object.keys((await r.core.hub.store.snapshot()).entities).filter((k) => k.startsWith('device/'))).toEqual(['device/our-pbx']);
    const saved = await settings.load();
    expect(saved.devices.map((d) => d.id)).toEqual(['our-pbx']);
    expect(JSON.stringify(saved)).not.toContain('S3cret!pbx');
    await until(() => false, 200).catch(() => undefined);
    await expect(fetch(`${control}/devices`)).rejects.toThrow();
  });
});

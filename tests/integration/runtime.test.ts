import { afterEach, describe, expect, it } from 'vitest';
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

describe('runtime', () => {
  it('offers the simulated office when no devices are configured, and reaches every device', async () => {
    runtime = await startRuntime({
      mode: 'web',
      version: 't',
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      createDriver,
      demo: 'auto',
      pollIntervalMs: 200,
    });
    expect(runtime.office).toBeDefined();
    expect(runtime.core.demo).toBe(true);
    const total = runtime.office!.manifest.devices.length;
    expect(total).toBeGreaterThanOrEqual(8);
    await until(() => runtime!.core.office.snapshot().status.online === total);
    const res = await runtime.core.router.dispatch('app.info', undefined);
    expect(res).toMatchObject({ ok: true, value: { demo: true, mode: 'web' } });
  });

  it('keeps passwords and secrets out of what the renderer can ask for', async () => {
    runtime = await startRuntime({
      mode: 'web',
      version: 't',
      settings: new MemorySettingsStore(),
      secrets: new MemorySecretStore(),
      createDriver,
      demo: 'force',
      pollIntervalMs: 60000,
    });
    const manifest = runtime.office!.manifest;
    const secrets = manifest.devices.flatMap((d) => [d.password, ...[d.secret, d.privacyPassword].filter((x): x is string => typeof x === 'string')]);
    const seen = JSON.stringify([
      await runtime.core.router.dispatch('devices.list', undefined),
      await runtime.core.router.dispatch('office.state', undefined),
    ]);
    for (const s of secrets) expect(seen).not.toContain(`"${s}"`);
    const mapped = demoDevicesFromManifest(manifest);
    expect(mapped.every((m) => !('password' in m.config))).toBe(true);
    expect(mapped.find((m) => m.config.kind === 'nethvoice')?.secrets.secret).toBeTruthy();
    expect(mapped.find((m) => m.config.kind === 'kalliope')?.secrets.privacyPassword).toBeTruthy();
  });

  it('uses the configured devices when there are some, and reports a missing password', async () => {
    const device = { id: 'p1', kind: 'grandstream-phone' as const, name: 'Desk', url: 'http://127.0.0.1:1', username: 'admin' };
    runtime = await startRuntime({
      mode: 'web',
      version: 't',
      settings: new MemorySettingsStore({ devices: [device] }),
      secrets: new MemorySecretStore(),
      createDriver,
      demo: 'auto',
    });
    expect(runtime.office).toBeUndefined();
    await until(() => runtime!.core.office.get('p1')?.health === 'auth-failed');
    expect(runtime.core.office.get('p1')?.problem).toMatch(/Desk: no password is stored/);
  });
});

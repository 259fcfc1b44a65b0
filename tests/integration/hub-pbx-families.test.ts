/**
 * Test connection and the device registry with the PBX families of issue 11, through the contract
 * (outputs validated): the KalliopePBX 4.x of the demo office detected or pinned, its tenant domain
 * setting, a clock the PBX refuses, and NethVoice on NethServer 8 with its user limits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEntity } from '../../shared/office';
import { createCore, type Core } from '../../main/core/app';
import { FileDataStore } from '../../main/core/persistence/file-data-store';
import { MemorySecretStore } from '../../main/core/persistence/stores';
import { createDriver } from '../../main/drivers';
import { ConfSettingsStore } from '../../main/web/conf-store';
import { KalliopeSim } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { NethVoiceSim } from '../../sim/nethvoice';
import { startOffice, type RunningOffice } from '../../sim/office';

let office: RunningOffice;
let core: Core;
let dir: string;
const served: ServedDevice[] = [];

const rpc = (method: string, input?: unknown) => core.router.dispatch(method, input);
const ok = async (method: string, input?: unknown) => {
  const r = await rpc(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
};
const dev = (id: string) => office.manifest.devices.find((d) => d.id === id) ?? (() => { throw new Error(`no ${id}`); })();
const health = (id: string) => (core.hub.store.get(`device/${id}`) as DeviceEntity | undefined)?.health;
async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  office = await startOffice();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-hub-pbx-families-'));
  core = await createCore({
    mode: 'web',
    version: 't',
    settings: new ConfSettingsStore(dir),
    secrets: new MemorySecretStore(),
    data: new FileDataStore(join(dir, 'data')),
    createDriver,
    validateOutput: true,
  });
}, 20_000);
afterAll(async () => {
  await core?.close();
  await Promise.all(served.map((s) => s.close()));
  await office?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Test connection', () => {
  it('detects the demo KalliopePBX 4.x: family kalliope-4, generation 4.x, its firmware', async () => {
    const k = dev('kalliope-torino');
    const r = await ok('devices.test', { config: { kind: 'kalliope', name: 'Torino', url: k.url, username: k.username }, secrets: { password: k.password } });
    expect(r).toMatchObject({ ok: true, probe: { kind: 'kalliope', family: 'kalliope-4', generation: '4.x', firmware: '4.7.1-8120' } });
  });

  it('a wrong tenant domain or a 3.x pin says what to change; a wrong password is an auth failure', async () => {
    const k = dev('kalliope-torino');
    const base = { kind: 'kalliope', name: 'Torino', url: k.url, username: k.username };
    const tenant = await ok('devices.test', { config: { ...base, tenantDomain: 'acme' }, secrets: { password: k.password } });
    expect(tenant).toMatchObject({ ok: false, kind: 'auth' });
    expect((tenant as { message: string }).message).toMatch(/does not know the tenant domain "acme"/);
    const pinned = await ok('devices.test', { config: { ...base, family: 'kalliope-3' }, secrets: { password: k.password } });
    expect(pinned).toMatchObject({ ok: false, kind: 'unsupported-firmware' });
    const wrong = await ok('devices.test', { config: base, secrets: { password: 'Wr0ng!' } });
    expect(wrong).toMatchObject({ ok: false, kind: 'auth' });
    expect((wrong as { message: string }).message).not.toContain(k.password);
  });

  it('a PBX clock 10 minutes off: the message says to fix the clock', async () => {
    const s = await serveDevice(new KalliopeSim({ id: 'k4-skew', name: 'Skewed', password: 'Sk3w!4x', generation: 4, clockOffsetSeconds: 600, receptionExtension: '400', extensions: [{ extension: '400', name: 'R' }] }));
    served.push(s);
    const r = await ok('devices.test', { config: { kind: 'kalliope', name: 'Skewed', url: s.url, username: 'admin' }, secrets: { password: 'Sk3w!4x' } });
    expect(r).toMatchObject({ ok: false, kind: 'auth' });
    expect((r as { message: string }).message).toMatch(/Set the correct date and time/);
  });

  it('NethVoice on NethServer 8: family, generation and the user limits reach the caller', async () => {
    const s = await serveDevice(
      new NethVoiceSim({ id: 'nv8', name: 'NV8', user: 'admin', password: 'Nv8!pw', secret: 'nv8secret', release: 'ns8', edition: 'community', users: [{ username: 'a', name: 'A B', extension: '301' }] }),
    );
    served.push(s);
    const r = await ok('devices.test', { config: { kind: 'nethvoice', name: 'NV8', url: s.url, username: 'admin' }, secrets: { password: 'Nv8!pw', secret: 'nv8secret' } });
    expect(r).toMatchObject({
      ok: true,
      probe: { family: 'nethvoice-ns8', generation: 'ns8', userLimits: { edition: 'community', configured: 1, limit: 8, configurable: 7 } },
    });
  });
});

describe('registry', () => {
  it('saves a 4.x PBX pinned to kalliope-4 with its tenant domain, and it comes online', async () => {
    const k = dev('kalliope-torino');
    const view = (await ok('devices.add', {
      config: { kind: 'kalliope', name: 'Torino pinned', url: k.url, username: k.username, extension: '400', family: 'kalliope-4', tenantDomain: 'default' },
      secrets: { password: k.password },
    })) as { config: { id: string; family?: string; tenantDomain?: string } };
    expect(view.config).toMatchObject({ family: 'kalliope-4', tenantDomain: 'default' });
    await until('the 4.x PBX online', () => health(view.config.id) === 'online');
    await ok('devices.remove', { id: view.config.id });
  });

  it('refuses a family name outside the list and a malformed tenant domain, naming the field', async () => {
    const k = dev('kalliope-torino');
    const r = await rpc('devices.add', { config: { kind: 'kalliope', name: 'X', url: k.url, username: 'admin', family: 'kalliope-5', tenantDomain: 'a b' }, secrets: { password: 'x' } });
    expect(r.ok).toBe(false);
    const text = JSON.stringify(r);
    expect(text).toMatch(/family/);
    expect(text).toMatch(/must be a tenant domain/);
  });
});

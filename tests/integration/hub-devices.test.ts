/**
 * The device registry through the contract, against the simulated office: add / test / update /
 * enable / remove with field-level validation, nothing secret in the settings file on disk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceEntity } from '../../shared/office';
import { createCore, type Core } from '../../main/core/app';
import { FileDataStore } from '../../main/core/persistence/file-data-store';
import { MemorySecretStore } from '../../main/core/persistence/stores';
import { createDriver } from '../../main/drivers';
import { ConfSettingsStore } from '../../main/web/conf-store';
import { startOffice, type RunningOffice } from '../../sim/office';

let office: RunningOffice;
let core: Core;
let dir: string;

const rpc = (method: string, input?: unknown) => core.router.dispatch(method, input);
const ok = async (method: string, input?: unknown) => {
  const r = await rpc(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
};
const dev = (id: string) => office.manifest.devices.find((d) => d.id === id) ?? (() => { throw new Error(`no ${id}`); })();
async function until(what: string, probe: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const health = (id: string) => (core.hub.store.get(`device/${id}`) as DeviceEntity | undefined)?.health;

beforeAll(async () => {
  office = await startOffice();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-hub-devices-'));
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
  await office?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('device registry', () => {
  it('names every bad field in plain words and saves nothing', async () => {
    const r = await rpc('devices.add', {
      config: { kind: 'toaster', name: '', url: 'ftp://x', username: 'admin', extension: 'abc', polling: { linesIdleMs: 10 }, tlsFingerprint: 'zz' },
      secrets: { password: '' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-input');
    const fields = (r.error.issues ?? []).map((i) => i.split(':')[0]);
    expect(fields).toEqual(expect.arrayContaining(['config.kind', 'config.name', 'config.url', 'config.extension', 'config.polling.linesIdleMs', 'config.tlsFingerprint', 'secrets.password']));
    expect(r.error.message).toContain('must be an http:// or https:// address');
    expect(await ok('devices.list')).toEqual([]);
  });

  it('Test connection probes an unsaved config and says what is wrong in plain words', async () => {
    const p = dev('phone-reception');
    const good = await ok('devices.test', { config: { kind: 'grandstream-phone', name: 'Reception', url: p.url, username: p.username }, secrets: { password: p.password } });
    expect(good).toMatchObject({ ok: true, probe: { kind: 'grandstream-phone', model: 'GXV3380' } });
    const bad = await ok('devices.test', { config: { kind: 'grandstream-phone', name: 'Reception', url: p.url, username: p.username }, secrets: { password: 'wrong' } });
    expect(bad).toMatchObject({ ok: false, kind: 'auth', message: expect.stringContaining('Reception') });
    const off = await ok('devices.test', { config: { kind: 'kalliope', name: 'Nowhere PBX', url: 'http://127.0.0.1:9', username: 'admin' }, secrets: { password: 'x' } });
    expect(off).toMatchObject({ ok: false, kind: 'unreachable', message: expect.stringContaining('Nowhere PBX') });
    expect(await ok('devices.list')).toEqual([]);
  });

  it('adds, polls, updates credentials, disables, enables and removes a device; the settings file never holds a secret', async () => {
    const p = dev('phone-zoe');
    const k = dev('kalliope');
    const added = (await ok('devices.add', { config: { kind: 'grandstream-phone', name: 'Zoë’s phone', url: p.url, username: p.username, extension: '202' }, secrets: { password: 'not-yet-right' } })) as { config: { id: string } };
    const id = added.config.id;
    expect(id).toBe('zoe-s-phone');
    await until('auth-failed', () => health(id) === 'auth-failed');
    await ok('devices.update', { id, secrets: { password: p.password } });
    await until('online after the password was fixed', () => health(id) === 'online');
    await ok('devices.add', { id: 'pbx', config: { kind: 'kalliope', name: 'PBX', url: k.url, username: k.username, extension: '200' }, secrets: { password: k.password, ...(typeof k.privacyPassword === 'string' ? { privacyPassword: k.privacyPassword } : {}) } });
    await until('pbx online', () => health('pbx') === 'online');
    const dup = await rpc('devices.add', { id: 'pbx', config: { kind: 'kalliope', name: 'PBX 2', url: k.url, username: 'admin' }, secrets: { password: 'x' } });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await ok('devices.setEnabled', { id, enabled: false });
    expect(health(id)).toBe('disabled');
    expect(core.hub.scheduler.hasDevice(id)).toBe(false);
    await ok('devices.setEnabled', { id, enabled: true });
    await until('online again', () => health(id) === 'online');

    const files = readdirSync(dir, { recursive: true }).map(String);
    const text = files.map((f) => { try { return readFileSync(join(dir, f), 'utf8'); } catch { return ''; } }).join('\n');
    expect(text).toContain('zoe-s-phone');
    for (const secret of [p.password, k.password, 'not-yet-right', k.privacyPassword]) if (typeof secret === 'string') expect(text).not.toContain(secret);

    // Test an edit without retyping the password (the stored one is used), then clear optional fields.
    const retest = await ok('devices.test', { id, config: { kind: 'grandstream-phone', name: 'Zoë’s phone', url: p.url, username: p.username } });
    expect(retest).toMatchObject({ ok: true });
    const noPassword = await rpc('devices.test', { config: { kind: 'grandstream-phone', name: 'New phone', url: p.url, username: p.username } });
    expect(noPassword).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('enter the password') } });
    const cleared = (await ok('devices.update', { id, clear: ['extension'] })) as { config: { extension?: string } };
    expect(cleared.config.extension).toBeUndefined();
    await until('online after the edit', () => health(id) === 'online');

    await ok('devices.remove', { id });
    expect(core.hub.store.get(`device/${id}`)).toBeUndefined();
    const missing = await rpc('devices.remove', { id });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const list = (await ok('devices.list')) as { config: { id: string }; stored: { password: boolean } }[];
    expect(list.map((d) => [d.config.id, d.stored.password])).toEqual([['pbx', true]]);
  });
});

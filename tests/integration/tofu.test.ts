/**
 * Trust on first use, through the contract, against real local HTTPS simulators with certificates
 * generated here (openssl):
 * - an unpinned self-signed (or unknown-authority, or expired) certificate: Test connection answers
 *   kind 'certificate' with the certificate read without trusting it (SHA-256 fingerprint, subject,
 *   issuer, validTo) — for every device kind;
 * - pinned: Test connection passes and the saved device comes online;
 * - the device's certificate replaced: the device stops (health 'error', the warning as its
 *   problem, no job scheduled, no further connection) and is never silently accepted; trusting
 *   the new fingerprint (devices.update) brings it back;
 * - a plain http:// device carries `insecure: true` (the UI's "unencrypted"), an https one does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceKind } from '../../shared/domain';
import type { DeviceEntity } from '../../shared/office';
import { createCore, type Core } from '../../main/core/app';
import { FileDataStore } from '../../main/core/persistence/file-data-store';
import { MemorySecretStore } from '../../main/core/persistence/stores';
import { createDriver } from '../../main/drivers';
import { ConfSettingsStore } from '../../main/web/conf-store';
import { GrandstreamCameraSim } from '../../sim/grandstream-camera';
import { GrandstreamPhoneSim } from '../../sim/grandstream-phone';
import { KalliopeSim } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import type { SimDevice } from '../../sim/lib/types';
import { NethVoiceSim } from '../../sim/nethvoice';
import { CertFactory, type TestCert } from './tls-certs';

interface Kind {
  kind: DeviceKind;
  name: string;
  username: string;
  password: string;
  secret?: string;
  make(): SimDevice;
}

const KINDS: Kind[] = [
  { kind: 'grandstream-phone', name: 'TLS phone', username: 'admin', password: 'Ph0ne!tls', make: () => new GrandstreamPhoneSim({ id: 'tls-phone', name: 'TLS phone', password: 'Ph0ne!tls', extension: '201', answerDelayMs: null }) },
  { kind: 'grandstream-camera', name: 'TLS camera', username: 'admin', password: 'C4m!tls', make: () => new GrandstreamCameraSim({ id: 'tls-cam', name: 'TLS camera', password: 'C4m!tls' }) },
  { kind: 'kalliope', name: 'TLS PBX', username: 'admin', password: 'Kpbx!tls', make: () => new KalliopeSim({ id: 'tls-kpbx', name: 'TLS PBX', password: 'Kpbx!tls', receptionExtension: '200', extensions: [{ extension: '200', name: 'Reception' }] }) },
  {
    kind: 'nethvoice',
    name: 'TLS NethVoice',
    username: 'admin',
    password: 'Nv!tls',
    secret: 'abc123tls',
    make: () => new NethVoiceSim({ id: 'tls-nv', name: 'TLS NethVoice', user: 'admin', password: 'Nv!tls', secret: 'abc123tls', users: [{ username: 'u', name: 'U One', extension: '301' }] }),
  },
];

const certs = new CertFactory();
let core: Core;
let dir: string;
const served: ServedDevice[] = [];
const log: string[] = [];

const rpc = (method: string, input?: unknown) => core.router.dispatch(method, input);
async function ok<T = unknown>(method: string, input?: unknown): Promise<T> {
  const r = await rpc(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}
const entity = (id: string) => core.hub.store.get(`device/${id}`) as DeviceEntity | undefined;
async function until(what: string, probe: () => boolean, ms = 15_000, state: () => unknown = () => null): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${JSON.stringify(state())})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function serveTls(k: Kind, cert: TestCert): Promise<ServedDevice> {
  const s = await serveDevice(k.make(), 0, { tls: { key: cert.key, cert: cert.cert } });
  served.push(s);
  return s;
}

const configOf = (k: Kind, url: string, pin?: string) => ({
  config: { kind: k.kind, name: k.name, url, username: k.username, ...(pin ? { tlsFingerprint: pin } : {}) },
  secrets: { password: k.password, ...(k.secret ? { secret: k.secret } : {}) },
});

type TestAnswer = { ok: true } | { ok: false; kind: string; message: string; certificate?: { fingerprint: string; subject?: string; issuer?: string; validTo?: string } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-tofu-'));
  core = await createCore({
    mode: 'web',
    version: 't',
    settings: new ConfSettingsStore(dir),
    secrets: new MemorySecretStore(),
    data: new FileDataStore(join(dir, 'data')),
    createDriver,
    validateOutput: true,
    timeoutMs: 3000,
    log: (m) => log.push(m),
  });
}, 30_000);
afterAll(async () => {
  await core?.close();
  for (const s of served) await s.close();
  certs.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('Test connection shows an untrusted certificate, and a pin makes it pass', () => {
  for (const k of KINDS) {
    it(`${k.kind}: self-signed → kind "certificate" with the fingerprint; pinned → ok`, async () => {
      const cert = certs.selfSigned(`${k.kind}.local`);
      const s = await serveTls(k, cert);
      const before = s.gate.requests;
      const answer = await ok<TestAnswer>('devices.test', configOf(k, s.url));
      expect(answer).toMatchObject({ ok: false, kind: 'certificate' });
      if (answer.ok) return;
      expect(answer.message).toContain(k.name);
      expect(answer.message).toMatch(/self-signed/);
      expect(answer.certificate).toEqual({ fingerprint: cert.fingerprint, subject: `${k.kind}.local`, issuer: `${k.kind}.local`, validTo: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown });
      expect(answer.certificate?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      // nothing was sent to a device that is not trusted: no request, so no credential
      expect(s.gate.requests).toBe(before);
      const pinned = await ok<TestAnswer>('devices.test', configOf(k, s.url, answer.certificate?.fingerprint));
      expect(pinned, JSON.stringify(pinned)).toMatchObject({ ok: true });
    }, 60_000);
  }

  it('an unknown authority and an expired certificate are shown the same way', async () => {
    const k = KINDS[2] as Kind;
    for (const [what, cert, why] of [
      ['unknown authority', certs.unknownAuthority('pbx.unknown-ca.local'), /issuer is not known|authority this computer does not trust/],
      ['expired', certs.expired('pbx.expired.local'), /expired|self-signed/],
    ] as const) {
      const s = await serveTls(k, cert);
      const answer = await ok<TestAnswer>('devices.test', configOf(k, s.url));
      expect(answer, what).toMatchObject({ ok: false, kind: 'certificate', certificate: { fingerprint: cert.fingerprint } });
      if (!answer.ok) expect(answer.message, what).toMatch(why);
      if (what === 'expired' && !answer.ok) expect(answer.certificate?.validTo).toBe('2020-01-02T00:00:00.000Z');
      // pinned, the certificate is accepted whatever its chain or dates: the user trusted exactly this one
      expect(await ok<TestAnswer>('devices.test', configOf(k, s.url, cert.fingerprint)), what).toMatchObject({ ok: true });
    }
  }, 60_000);
});

describe('a pinned device whose certificate changes', () => {
  for (const k of [KINDS[0] as Kind, KINDS[2] as Kind]) {
    it(`${k.kind}: online when pinned; stopped with the warning when the certificate is replaced; back after trusting the new one`, async () => {
      const first = certs.selfSigned(`${k.kind}-a.local`);
      const s = await serveTls(k, first);
      // TCP connections (a pinned client drops a wrong certificate right after the handshake, before any request)
      let connections = 0;
      s.server.on('connection', () => connections++);
      const id = `tls-${k.kind}`;
      await ok('devices.add', { id, ...configOf(k, s.url, first.fingerprint) });
      await until('online', () => entity(id)?.health === 'online');
      expect(entity(id)?.insecure).toBeUndefined();

      const second = certs.selfSigned(`${k.kind}-b.local`);
      s.replaceCertificate?.({ key: second.key, cert: second.cert });
      await until('stopped', () => entity(id)?.health === 'error');
      const e = entity(id);
      expect(e?.problem).toMatch(new RegExp(`^The certificate of ${k.name} changed: `));
      expect(e?.problem).toContain(second.fingerprint);
      expect(e?.problem).toContain('If you replaced the certificate, check the new fingerprint and trust it again in Devices');
      expect(core.hub.scheduler.hasDevice(id)).toBe(false);
      expect(log.some((l) => l.includes(`The certificate of ${k.name} changed`))).toBe(true);

      // stopped means stopped: no new connection for a while, and a manual refresh does not accept it either
      const seen = connections;
      const since = e?.since;
      await new Promise((r) => setTimeout(r, 2500));
      expect(connections).toBe(seen);
      await ok('devices.refresh', { id });
      await until('refused again after refresh', () => connections > seen && entity(id)?.health === 'error' && entity(id)?.since !== since && !core.hub.scheduler.hasDevice(id), 15_000, () => ({ connections, seen, entity: entity(id), scheduled: core.hub.scheduler.hasDevice(id) }));
      expect(entity(id)?.problem).toContain('changed');

      // Test connection with the old pin shows the new certificate, the user trusts it
      const answer = await ok<TestAnswer>('devices.test', configOf(k, s.url, first.fingerprint));
      expect(answer).toMatchObject({ ok: false, kind: 'certificate', certificate: { fingerprint: second.fingerprint, subject: `${k.kind}-b.local` } });
      await ok('devices.update', { id, config: { tlsFingerprint: second.fingerprint } });
      await until('online with the new pin', () => entity(id)?.health === 'online');
      await ok('devices.remove', { id });
    }, 90_000);
  }

  it('a saved device that was never trusted stops too (never polled into acceptance)', async () => {
    const k = KINDS[3] as Kind;
    const cert = certs.selfSigned('nv-untrusted.local');
    const s = await serveTls(k, cert);
    await ok('devices.add', { id: 'tls-untrusted', ...configOf(k, s.url) });
    await until('stopped', () => entity('tls-untrusted')?.health === 'error');
    expect(entity('tls-untrusted')?.problem).toMatch(/not trusted: it is self-signed/);
    expect(core.hub.scheduler.hasDevice('tls-untrusted')).toBe(false);
    expect(s.gate.requests).toBe(0);
    await ok('devices.remove', { id: 'tls-untrusted' });
  }, 60_000);
});

describe('unencrypted devices', () => {
  it('a plain http:// device carries insecure: true', async () => {
    const k = KINDS[1] as Kind;
    const s = await serveDevice(k.make());
    served.push(s);
    await ok('devices.add', { id: 'plain-cam', ...configOf(k, s.url) });
    await until('online', () => entity('plain-cam')?.health === 'online');
    expect(entity('plain-cam')).toMatchObject({ health: 'online', insecure: true });
    const list = await ok<{ config: { id: string }; status: DeviceEntity }[]>('devices.list');
    expect(list.find((d) => d.config.id === 'plain-cam')?.status.insecure).toBe(true);
    await ok('devices.remove', { id: 'plain-cam' });
  }, 60_000);
});

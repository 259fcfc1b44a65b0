/** Device registry handlers: list, add, update, remove, enable/disable, test, refresh. */
import type { DeviceConfig, DeviceSecrets } from '../../../shared/domain';
import type { ContractOutput } from '../../../shared/ipc/schemas';
import { deviceKey, type DeviceEntity } from '../../../shared/office';
import { iso } from '../clock';
import { inspectCertificate } from '../../drivers/common/tls-inspect';
import { CertificateError, isDriverError, UnsupportedOperationError } from '../driver/errors';
import type { Hub } from '../hub/hub';
import { messageOf } from '../hub/health';
import { ConflictError, slugId, type RegistryEntry } from '../hub/registry';
import type { Handlers } from '../ipc/router';

type DeviceView = ContractOutput<'devices.list'>[number];
type ConfigInput = Omit<DeviceConfig, 'id'>;

function view(hub: Hub, e: RegistryEntry): DeviceView {
  const status = (hub.store.get(deviceKey(e.config.id)) as DeviceEntity | undefined) ?? {
    type: 'device',
    id: e.config.id,
    name: e.config.name,
    kind: e.config.kind,
    health: 'unknown',
  };
  return {
    config: e.config,
    status,
    ...(e.lastSeen ? { lastSeen: iso(e.lastSeen) } : {}),
    stored: { password: Boolean(e.secrets?.password), secret: Boolean(e.secrets?.secret), privacyPassword: Boolean(e.secrets?.privacyPassword) },
    demo: e.demo,
    capabilities: [...(hub.runtimes.get(e.config.id)?.caps ?? [])],
  };
}

function clean(config: ConfigInput): ConfigInput {
  const c = { ...config };
  if (c.mailboxes?.length === 0) delete c.mailboxes;
  if (c.polling && Object.keys(c.polling).length === 0) delete c.polling;
  if (c.enabled === true) delete c.enabled;
  return c;
}

function secretsOf(s: { password: string; secret?: string | undefined; privacyPassword?: string | undefined }): DeviceSecrets {
  return { password: s.password, ...(s.secret ? { secret: s.secret } : {}), ...(s.privacyPassword ? { privacyPassword: s.privacyPassword } : {}) };
}

/** Restart polling of one device after its config or secrets changed. */
async function restart(hub: Hub, e: RegistryEntry): Promise<void> {
  await hub.stopDevice(e.config.id, false);
  hub.startDevice(e);
}

export function devicesHandlers(hub: Hub): Pick<Handlers, 'devices.list' | 'devices.add' | 'devices.update' | 'devices.remove' | 'devices.setEnabled' | 'devices.test' | 'devices.refresh'> {
  return {
    'devices.list': () => hub.registry.all().map((e) => view(hub, e)),

    'devices.add': async ({ id, config, secrets }) => {
      const wasDemo = hub.demo;
      const newId = id ?? slugId(config.name, (x) => hub.registry.get(x) !== undefined && !hub.registry.get(x)?.demo);
      const entry = await hub.registry.add({ id: newId, ...clean(config) }, secretsOf(secrets));
      if (wasDemo) {
        // The first real device ends the demo: stop polling the simulated office.
        for (const demoId of hub.registry.droppedDemo) await hub.stopDevice(demoId, true);
        hub.opts.onLeaveDemo?.();
      }
      hub.startDevice(entry);
      return view(hub, entry);
    },

    'devices.update': async ({ id, config, secrets, clear }) => {
      const e = hub.registry.must(id);
      const next: DeviceConfig = { ...e.config, ...(config ? clean({ ...e.config, ...config }) : {}), id };
      const clearSecrets: ('secret' | 'privacyPassword')[] = [];
      for (const field of clear ?? []) {
        if (field === 'secret' || field === 'privacyPassword') clearSecrets.push(field);
        else delete next[field];
      }
      const s = secrets ? Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== undefined)) : undefined;
      const updated = await hub.registry.update(id, next, s as Partial<DeviceSecrets> | undefined, clearSecrets);
      await restart(hub, updated);
      return view(hub, updated);
    },

    'devices.remove': async ({ id }) => {
      hub.registry.must(id);
      await hub.stopDevice(id, true);
      await hub.registry.remove(id);
      return { ok: true as const };
    },

    'devices.setEnabled': async ({ id, enabled }) => {
      const e = hub.registry.must(id);
      if (e.demo) throw new ConflictError(`${e.config.name} belongs to the simulated demo office and cannot be changed. Add your own devices instead.`);
      const next: DeviceConfig = { ...e.config };
      if (enabled) delete next.enabled;
      else next.enabled = false;
      const updated = await hub.registry.update(id, next, undefined);
      await restart(hub, updated);
      return view(hub, updated);
    },

    'devices.test': async ({ id, config, secrets }) => {
      // Editing a device: what the user typed, else what is stored for it.
      const stored = id ? hub.registry.must(id).secrets : undefined;
      const password = secrets?.password ?? stored?.password;
      if (!password) throw new RangeError(`${config.name}: enter the password to test the connection.`);
      const given = { ...stored, ...Object.fromEntries(Object.entries(secrets ?? {}).filter(([, v]) => v !== undefined)), password };
      const driver = hub.registry.scratchDriver({ id: id ?? 'test', ...clean(config) }, secretsOf(given));
      try {
        const probe = await driver.probe();
        return { ok: true as const, probe };
      } catch (e) {
        if (e instanceof CertificateError) {
          // Trust on first use: show the certificate (read without trusting it) so the user can compare and pin it.
          const certificate = await inspectCertificate(config.url);
          return { ok: false as const, kind: e.kind, message: e.message, ...(certificate ? { certificate } : {}) };
        }
        if (isDriverError(e)) return { ok: false as const, kind: e.kind, message: e.message };
        if (e instanceof UnsupportedOperationError) return { ok: false as const, kind: 'unsupported', message: e.message };
        return { ok: false as const, kind: 'error', message: `${config.name}: ${messageOf(e)}` };
      } finally {
        await driver.close().catch(() => undefined);
      }
    },

    'devices.refresh': ({ id }) => {
      const e = hub.registry.must(id);
      const rt = hub.runtimes.get(id);
      if (rt && rt.health !== 'disabled' && (rt.health === 'auth-failed' || !hub.scheduler.hasDevice(id))) {
        // A stopped device (refused login, lockout, unsupported firmware) gets a fresh start, with a
        // new session, when the user asks. A lockout's pending retry is no reason to wait: its old
        // session would refuse locally until the lock it was told about ends (minutes on some phones).
        void restart(hub, e);
      } else hub.poke(id);
      return { ok: true as const };
    },
  };
}

/** Contact search and caller lookup over the merged index; edits go to the writable device and are read back. */
import type { ContractOutput } from '../../../shared/ipc/schemas';
import type { ContactInput } from '../../../shared/domain';
import { UnsupportedOperationError } from '../driver/errors';
import type { Hub } from '../hub/hub';
import { ConflictError } from '../hub/registry';
import type { Handlers } from '../ipc/router';

type Indexed = ContractOutput<'contacts.save'>;

function writableDevice(hub: Hub, deviceId: string) {
  const e = hub.registry.must(deviceId);
  const rt = hub.runtimes.get(deviceId);
  if (!rt || rt.health === 'disabled') throw new ConflictError(`${e.config.name} is disabled. Enable it in Devices first.`);
  if (rt.health !== 'online' && rt.health !== 'error') throw new ConflictError(`${e.config.name} is ${rt.health === 'unknown' ? 'still connecting' : rt.health}: contacts can be changed once it answers.`);
  if (!rt.caps.has('contactsWrite')) throw new UnsupportedOperationError(e.config.name, 'contact editing', 'its phonebook is read-only for Frontdesk');
  return rt;
}

function clean(c: ContactInput): ContactInput {
  const out: ContactInput = { numbers: c.numbers };
  for (const k of ['id', 'firstName', 'lastName', 'name', 'company', 'email', 'groupId'] as const) {
    const v = c[k];
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  }
  return out;
}

export function contactsHandlers(hub: Hub): Pick<Handlers, 'contacts.search' | 'contacts.lookup' | 'contacts.sources' | 'contacts.list' | 'contacts.save' | 'contacts.delete' | 'contacts.refresh'> {
  return {
    'contacts.search': ({ query, limit }) => hub.contacts.search(query, limit ?? 50),
    'contacts.lookup': ({ number }) => hub.contacts.lookup(number) ?? null,
    'contacts.sources': () => hub.contacts.sources().map((s) => ({ id: s.id, label: s.label, writable: s.writable, count: hub.contacts.countOf(s.id) })),
    'contacts.list': ({ sourceId, offset, limit }) => ({ total: hub.contacts.countOf(sourceId), contacts: hub.contacts.list(sourceId, offset, limit) }),
    'contacts.save': async ({ deviceId, contact }): Promise<Indexed> => {
      const rt = writableDevice(hub, deviceId);
      const saved = await hub.command(rt, (d, signal) => {
        if (!d.saveContact) throw new UnsupportedOperationError(rt.entry.config.name, 'contact editing');
        return d.saveContact(clean(contact), { signal });
      });
      hub.poke(deviceId, 'contacts');
      return { ...saved, key: `${deviceId}/${saved.id}`, sourceId: deviceId, sourceLabel: rt.entry.config.name, writable: true };
    },
    'contacts.delete': async ({ deviceId, id }) => {
      const rt = writableDevice(hub, deviceId);
      await hub.command(rt, (d, signal) => {
        if (!d.deleteContact) throw new UnsupportedOperationError(rt.entry.config.name, 'contact deletion');
        return d.deleteContact(id, { signal });
      });
      hub.poke(deviceId, 'contacts');
      return { ok: true as const };
    },
    'contacts.refresh': () => {
      for (const rt of hub.runtimes.values()) if (rt.caps.has('contacts')) hub.poke(rt.id, 'contacts');
      return { ok: true as const };
    },
  };
}

/**
 * What the hub polls on each kind of device, per capability, and how often:
 *   phone   lines (1 s idle, 500 ms while a line rings or is in a call), phonebook (10 min)
 *   camera  motion and alarm inputs (2 s); snapshots only while watched (2 s; see watchCamera)
 *   PBX     registrations/presence (5 s), voicemail counts (30 s), directories (10 min), CDR (5 min)
 * Every interval can be overridden per device (DeviceConfig.polling).
 */
import type { CallHistoryEntry, PresenceEntry } from '../../../shared/domain';
import type { CallEntity } from '../../../shared/office';
import type { Driver } from '../driver/types';
import { iso } from '../clock';
import type { DeviceRuntime, Hub } from './hub';

export interface JobContext {
  hub: Hub;
  rt: DeviceRuntime;
}

export interface JobSpec {
  name: string;
  firstDelayMs: number;
  run: (driver: Driver, signal: AbortSignal) => Promise<number | null>;
}

const CDR_WINDOW_MS = 24 * 3600_000;

export function jobsFor({ hub, rt }: JobContext): JobSpec[] {
  const p = hub.polling(rt);
  const caps = rt.caps;
  const id = rt.id;
  const label = rt.entry.config.name;
  const jobs: JobSpec[] = [];
  const writable = caps.has('contactsWrite');

  if (caps.has('lines')) {
    jobs.push({
      name: 'lines',
      firstDelayMs: 0,
      run: async (d, signal) => {
        const lines = await (d.lines as NonNullable<Driver['lines']>).call(d, { signal });
        // Drivers hand back the very same array when the device's answer did not change.
        if (lines !== rt.lastLines) {
          rt.lastLines = lines;
          rt.linesActive = hub.reducers.lines(id, lines);
        }
        return rt.linesActive ? p.linesActiveMs : p.linesIdleMs;
      },
    });
  }
  if (caps.has('presence')) {
    jobs.push({
      name: 'presence',
      firstDelayMs: 0,
      run: async (d, signal) => {
        const entries = await (d.presence as NonNullable<Driver['presence']>).call(d, { signal });
        hub.reducers.presence(id, entries);
        usersAsContacts(hub, rt, entries);
        return p.presenceMs;
      },
    });
  }
  if (caps.has('voicemail')) {
    jobs.push({
      name: 'voicemail',
      firstDelayMs: 300,
      run: async (d, signal) => {
        const boxes = await (d.voicemail as NonNullable<Driver['voicemail']>).call(d, { signal });
        const c = rt.entry.config;
        const watched = new Set(c.mailboxes?.length ? c.mailboxes : c.extension ? [c.extension] : []);
        hub.reducers.voicemail(id, boxes, watched);
        return p.voicemailMs;
      },
    });
  }
  if (caps.has('motion')) {
    jobs.push({
      name: 'motion',
      firstDelayMs: 0,
      run: async (d, signal) => {
        hub.reducers.motion(id, await (d.motion as NonNullable<Driver['motion']>).call(d, { signal }));
        return p.motionMs;
      },
    });
  }
  if (caps.has('contacts')) {
    jobs.push({
      name: 'contacts',
      firstDelayMs: 1000,
      run: async (d, signal) => {
        const list = await (d.contacts as NonNullable<Driver['contacts']>).call(d, {}, { signal });
        if (hub.contacts.replaceSource({ id, label, writable }, list)) hub.contactsChanged(id);
        return p.contactsMs;
      },
    });
  }
  if (caps.has('callHistory') && rt.entry.config.kind === 'kalliope') {
    jobs.push({
      name: 'history',
      firstDelayMs: 2000,
      run: async (d, signal) => {
        const from = iso(hub.clock.now() - CDR_WINDOW_MS);
        const rows = await (d.history as NonNullable<Driver['history']>).call(d, { from }, { signal });
        hub.history.mergeCdr(rows.map((r) => cdrToCall(id, r)));
        return p.historyMs;
      },
    });
  }
  if (caps.has('snapshot') && rt.watchUntil > hub.clock.now()) jobs.push(snapshotJob(hub, rt));
  const push = alarmPushJob(hub, rt);
  if (push) jobs.push(push);
  return jobs;
}

/** Tell a camera where to push its alarms (once per start; retried with backoff on failure). */
export function alarmPushJob(hub: Hub, rt: DeviceRuntime): JobSpec | undefined {
  const listener = hub.push;
  if (!listener || !rt.caps.has('alarmPush')) return undefined;
  return {
    name: 'alarmPush',
    firstDelayMs: 500,
    run: async (d, signal) => {
      await (d.registerAlarmPush as NonNullable<Driver['registerAlarmPush']>).call(d, listener.urlFor(rt.id), { signal });
      return null;
    },
  };
}

/** Snapshots for watchers: runs while the lease lasts, then stops by itself. */
export function snapshotJob(hub: Hub, rt: DeviceRuntime): JobSpec {
  const p = hub.polling(rt);
  return {
    name: 'snapshot',
    firstDelayMs: 0,
    run: async (d, signal) => {
      if (rt.watchUntil <= hub.clock.now()) return null;
      const snap = await (d.snapshot as NonNullable<Driver['snapshot']>).call(d, 'primary', { signal });
      const dataUrl = `data:${snap.contentType};base64,${Buffer.from(snap.bytes).toString('base64')}`;
      hub.reducers.snapshotTaken(rt.id, snap.takenAt);
      hub.events.emit('camera.snapshot', { deviceId: rt.id, takenAt: snap.takenAt, dataUrl });
      return rt.watchUntil > hub.clock.now() ? p.snapshotMs : null;
    },
  };
}

/** A PBX's extensions are contacts too (source `<id>:users`), rebuilt only when the list changes. */
function usersAsContacts(hub: Hub, rt: DeviceRuntime, entries: readonly PresenceEntry[]): void {
  let sig = '';
  for (const e of entries) sig += `${e.extension}\u0000${e.name}\u0001`;
  if (sig === rt.usersSignature) return;
  rt.usersSignature = sig;
  const changed = hub.contacts.replaceSource(
    { id: `${rt.id}:users`, label: `${rt.entry.config.name} (extensions)`, writable: false },
    entries.map((e) => ({ id: e.extension, name: e.name || e.extension, numbers: [{ type: 'work' as const, number: e.extension }] })),
  );
  if (changed) hub.contactsChanged(`${rt.id}:users`);
}

function cdrToCall(deviceId: string, r: CallHistoryEntry): CallEntity {
  const inbound = r.direction === 'in';
  const number = inbound ? r.from : r.to;
  const name = (inbound ? r.fromName : r.toName) ?? '';
  const start = Date.parse(r.start);
  const dur = r.billSec ?? r.durationSec ?? undefined;
  return {
    type: 'call',
    id: `cdr-${deviceId}-${r.id}`,
    deviceId,
    line: 0,
    direction: r.direction,
    number,
    name,
    startedAt: Number.isNaN(start) ? r.start : new Date(start).toISOString(),
    ...(r.disposition === 'answered' ? { answeredAt: Number.isNaN(start) ? r.start : new Date(start).toISOString() } : {}),
    missed: inbound && (r.disposition === 'missed' || r.disposition === 'busy'),
    origin: 'cdr',
    ...(dur !== undefined ? { durationSec: dur } : {}),
  };
}

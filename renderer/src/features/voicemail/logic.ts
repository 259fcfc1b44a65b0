/**
 * Pure rules of the Voicemail screen: mailboxes per PBX with the owner's name, what each can say
 * (counts where watched, the enabled state otherwise), and the totals. Unit-tested in
 * tests/unit/renderer/voicemail-logic.test.ts.
 */
import type { DeviceKind } from '../../../../shared/domain';
import type { Entity, MailboxEntity } from '../../../../shared/office';

export interface MailboxView {
  key: string;
  deviceId: string;
  mailbox: string;
  /** The extension's name from the same PBX's presence, if known. */
  owner: string;
  /** Counts, when the PBX reports them for this mailbox. */
  counts: { new: number; old: number; urgent: number } | null;
  enabled: boolean | null;
  watched: boolean;
  hasNew: boolean;
}

export interface MailboxGroup {
  deviceId: string;
  deviceName: string;
  kind: DeviceKind | null;
  mailboxes: MailboxView[];
  newTotal: number;
}

/** Counts are shown only for watched mailboxes whose PBX gave a `new` number. */
export function countsOf(m: MailboxEntity): MailboxView['counts'] {
  if (!m.watched || m.new === null) return null;
  return { new: m.new, old: m.old ?? 0, urgent: m.urgent ?? 0 };
}

export function mailboxGroups(entities: Record<string, Entity>): MailboxGroup[] {
  const devices = new Map<string, { name: string; kind: DeviceKind; index: number }>();
  const owners = new Map<string, string>();
  let index = 0;
  for (const e of Object.values(entities)) {
    if (e.type === 'device') devices.set(e.id, { name: e.name, kind: e.kind, index: index++ });
    else if (e.type === 'ext') owners.set(`${e.sourceId}/${e.extension}`, e.name);
  }
  const groups = new Map<string, MailboxGroup>();
  for (const e of Object.values(entities)) {
    if (e.type !== 'mailbox') continue;
    let g = groups.get(e.deviceId);
    if (!g) {
      const d = devices.get(e.deviceId);
      groups.set(e.deviceId, (g = { deviceId: e.deviceId, deviceName: d?.name ?? e.deviceId, kind: d?.kind ?? null, mailboxes: [], newTotal: 0 }));
    }
    const counts = countsOf(e);
    const hasNew = (counts?.new ?? 0) > 0;
    g.mailboxes.push({
      key: `${e.deviceId}/${e.mailbox}`,
      deviceId: e.deviceId,
      mailbox: e.mailbox,
      owner: owners.get(`${e.deviceId}/${e.mailbox}`) ?? '',
      counts,
      enabled: e.enabled,
      watched: e.watched,
      hasNew,
    });
    g.newTotal += counts?.new ?? 0;
  }
  const rank = (id: string): number => devices.get(id)?.index ?? Number.MAX_SAFE_INTEGER;
  const out = [...groups.values()].sort((a, b) => rank(a.deviceId) - rank(b.deviceId) || a.deviceId.localeCompare(b.deviceId));
  for (const g of out) {
    // Watched mailboxes (the ones with counts) first, then by number.
    g.mailboxes.sort((a, b) => Number(b.watched) - Number(a.watched) || a.mailbox.localeCompare(b.mailbox, undefined, { numeric: true }));
  }
  return out;
}

export function newTotal(groups: MailboxGroup[]): number {
  return groups.reduce((n, g) => n + g.newTotal, 0);
}

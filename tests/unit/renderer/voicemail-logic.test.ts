import { describe, expect, it } from 'vitest';
import type { Entity, MailboxEntity } from '../../../shared/office';
import { countsOf, mailboxGroups, newTotal } from '../../../renderer/src/features/voicemail/logic';

const box = (deviceId: string, mailbox: string, extra: Partial<MailboxEntity> = {}): MailboxEntity => ({
  type: 'mailbox',
  deviceId,
  mailbox,
  new: null,
  old: null,
  urgent: null,
  enabled: true,
  watched: false,
  ...extra,
});

describe('voicemail', () => {
  it('shows counts only for watched mailboxes that report them', () => {
    expect(countsOf(box('k', '200', { watched: true, new: 2, old: 1, urgent: 1 }))).toEqual({ new: 2, old: 1, urgent: 1 });
    expect(countsOf(box('k', '200', { watched: true, new: 3, old: null, urgent: null }))).toEqual({ new: 3, old: 0, urgent: 0 });
    expect(countsOf(box('k', '201', { watched: false, new: 4 }))).toBeNull();
    expect(countsOf(box('k', '202', { watched: true, new: null }))).toBeNull();
  });

  it('groups per PBX in device order with owners, watched first, and totals the new messages', () => {
    const entities: Record<string, Entity> = {
      'device/kalliope': { type: 'device', id: 'kalliope', name: 'Kalliope', kind: 'kalliope', health: 'online' },
      'device/nethvoice': { type: 'device', id: 'nethvoice', name: 'NethVoice', kind: 'nethvoice', health: 'online' },
      'mailbox/nethvoice/301': box('nethvoice', '301'),
      'mailbox/kalliope/201': box('kalliope', '201'),
      'mailbox/kalliope/1000': box('kalliope', '1000', { enabled: false }),
      'mailbox/kalliope/200': box('kalliope', '200', { watched: true, new: 2, old: 0, urgent: 1 }),
      'mailbox/kalliope/207': box('kalliope', '207', { watched: true, new: 1, old: 5, urgent: 0 }),
      'ext/kalliope/200': { type: 'ext', sourceId: 'kalliope', extension: '200', name: 'Reception', state: 'available' },
      'ext/nethvoice/200': { type: 'ext', sourceId: 'nethvoice', extension: '200', name: 'Not this one', state: 'available' },
    };
    const groups = mailboxGroups(entities);
    expect(groups.map((g) => [g.deviceId, g.kind, g.newTotal])).toEqual([
      ['kalliope', 'kalliope', 3],
      ['nethvoice', 'nethvoice', 0],
    ]);
    const k = groups[0]!.mailboxes;
    expect(k.map((m) => m.mailbox)).toEqual(['200', '207', '201', '1000']);
    expect(k[0]).toMatchObject({ owner: 'Reception', hasNew: true, counts: { new: 2, old: 0, urgent: 1 } });
    expect(k[3]).toMatchObject({ enabled: false, counts: null, hasNew: false, owner: '' });
    expect(newTotal(groups)).toBe(3);
    expect(mailboxGroups({})).toEqual([]);
  });
});

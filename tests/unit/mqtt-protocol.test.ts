/** The many-desk protocol: topics, key encoding, payload schemas, desk connection settings. */
import { describe, expect, it } from 'vitest';
import { deskConfigSchema, deskConnectInputSchema } from '../../shared/ipc/features/desk';
import { EVENT_SCHEMAS, metaMessageSchema, patchMessageSchema, replySchema, stateMessageSchema } from '../../shared/mqtt/messages';
import { INVOKE_METHODS } from '../../shared/ipc/contract';
import { decodeKey, DESK_METHODS, encodeKey, HUB_ONLY_METHODS, isPublishedEvent, isRemoteMethod, REMOTE_METHODS, topicsFor, TopicError } from '../../shared/mqtt/topics';

const T = topicsFor({ prefix: 'frontdesk', office: 'milano' });

describe('topics', () => {
  it('puts everything under prefix/office with topic = base + state/ + entity key', () => {
    expect(T.base).toBe('frontdesk/milano');
    expect(T.state('line/phone-1/2')).toBe('frontdesk/milano/state/line/phone-1/2');
    expect(T.keyOf('frontdesk/milano/state/line/phone-1/2')).toBe('line/phone-1/2');
    expect(T.keyOf('frontdesk/milano/meta')).toBeUndefined();
    expect(T.keyOf('frontdesk/roma/state/device/a')).toBeUndefined();
    expect(T.command('desk-1')).toBe('frontdesk/milano/cmd/desk-1');
    expect(T.deskOf('frontdesk/milano/cmd/desk-1')).toBe('desk-1');
    expect(T.deskOf('frontdesk/milano/cmd/desk-1/x')).toBeUndefined();
    expect(T.eventOf('frontdesk/milano/event/call.incoming')).toBe('call.incoming');
    expect(topicsFor({ prefix: 'acme/eu/frontdesk', office: 'o1' }).meta).toBe('acme/eu/frontdesk/o1/meta');
  });

  it('percent-encodes only what cannot stand in a topic name, and decodes it back', () => {
    for (const key of ['ext/kalliope/*#12', 'ext/pbx/100+1', 'mailbox/p/50%', 'device/plain']) {
      const topic = T.state(key);
      expect(topic).not.toMatch(/[+#]/);
      expect(T.keyOf(topic)).toBe(key);
    }
    expect(encodeKey('ext/k/*#1')).toBe('ext/k/*%231');
    expect(decodeKey('a%2Bb%25c')).toBe('a+b%c');
  });

  it('refuses ids and prefixes with wildcards, separators or nothing in them', () => {
    for (const office of ['', 'a/b', 'a+b', '#', '$SYS', 'x'.repeat(65)]) expect(() => topicsFor({ prefix: 'frontdesk', office })).toThrow(TopicError);
    for (const prefix of ['', '/x', 'x/', 'a//b', 'a/+/b', 'a/#']) expect(() => topicsFor({ prefix, office: 'o' })).toThrow(TopicError);
    expect(() => T.command('desk/2')).toThrow(TopicError);
    expect(() => T.reply('+')).toThrow(TopicError);
  });

  it('decides for every contract method where a desk answers it (a new method fails here until it is placed)', () => {
    const placed = [...REMOTE_METHODS, ...DESK_METHODS, ...HUB_ONLY_METHODS].filter((m) => m !== 'office.state');
    expect([...placed, 'office.state'].sort()).toEqual([...INVOKE_METHODS].sort());
    expect(HUB_ONLY_METHODS.some((m) => isRemoteMethod(m))).toBe(false);
  });

  it('lets desks send only office commands, never device management', () => {
    for (const m of ['calls.dial', 'calls.control', 'contacts.save', 'cameras.watch', 'office.state']) expect(isRemoteMethod(m)).toBe(true);
    for (const m of ['devices.add', 'devices.update', 'devices.remove', 'devices.test', 'devices.setEnabled', 'settings.update', 'desk.connect', 'app.info']) expect(isRemoteMethod(m)).toBe(false);
    expect(isPublishedEvent('call.incoming')).toBe(true);
    expect(isPublishedEvent('settings.changed')).toBe(false);
    expect(isPublishedEvent('office.patch')).toBe(false);
  });
});

describe('payload schemas', () => {
  const device = { type: 'device', id: 'p1', name: 'Desk', kind: 'grandstream-phone', health: 'online' };

  it('checks state, meta and patch messages with the contract entity schemas', () => {
    expect(stateMessageSchema.safeParse({ v: 1, run: 'r', rev: 3, entity: device }).success).toBe(true);
    expect(stateMessageSchema.safeParse({ v: 1, run: 'r', rev: 3, entity: { ...device, health: 'sleepy' } }).success).toBe(false);
    expect(metaMessageSchema.safeParse({ v: 1, minDesk: 1, run: 'r', rev: 0, entities: 0, startedAt: 'x', demo: false }).success).toBe(true);
    expect(patchMessageSchema.safeParse({ v: 1, run: 'r', at: 1, patch: { revision: 1, set: { 'device/p1': device }, unset: [] } }).success).toBe(true);
    expect(patchMessageSchema.safeParse({ v: 1, run: 'r', at: 1, patch: { revision: 0, set: {}, unset: [] } }).success).toBe(false);
    expect(patchMessageSchema.safeParse({ v: 1, run: 'r', at: 1, patch: { revision: 2, set: { 'device/p1': { type: 'nope' } }, unset: [] } }).success).toBe(false);
  });

  it('checks event payloads against the EventMap and replies against each method\'s output', () => {
    const call = { type: 'call', id: 'c1', deviceId: 'p1', line: 1, direction: 'in', number: '1', name: '', startedAt: 't', missed: false, origin: 'lines' };
    expect(EVENT_SCHEMAS['call.incoming'].safeParse({ deviceId: 'p1', deviceName: 'Desk', at: 't', call }).success).toBe(true);
    expect(EVENT_SCHEMAS['call.incoming'].safeParse({ deviceId: 'p1', deviceName: 'Desk', at: 't' }).success).toBe(false);
    expect(EVENT_SCHEMAS['camera.snapshot'].safeParse({ deviceId: 'c', takenAt: 't', dataUrl: 'javascript:alert(1)' }).success).toBe(false);
    expect(EVENT_SCHEMAS['contacts.changed'].safeParse({ sources: ['kalliope'] }).success).toBe(true);
    expect(EVENT_SCHEMAS['contacts.changed'].safeParse({ sources: 'kalliope' }).success).toBe(false);
    const r = replySchema('calls.control');
    expect(r.safeParse({ v: 1, result: { ok: true, value: { ok: true } } }).success).toBe(true);
    expect(r.safeParse({ v: 1, result: { ok: true, value: { ok: 'yes' } } }).success).toBe(false);
    expect(r.safeParse({ v: 1, result: { ok: false, error: { code: 'timeout', message: 'm' } } }).success).toBe(true);
    expect(r.safeParse({ v: 1, result: { ok: false, error: { code: 'made-up', message: 'm' } } }).success).toBe(false);
  });
});

describe('desk connection settings', () => {
  const base = { brokerUrl: 'mqtts://broker.example.com:8883', username: 'reception-1' };

  it('takes mqtts:// anywhere and plain mqtt:// only to this machine', () => {
    expect(deskConfigSchema.parse(base)).toMatchObject({ office: 'office', prefix: 'frontdesk' });
    expect(deskConfigSchema.safeParse({ ...base, brokerUrl: 'mqtt://127.0.0.1:1883' }).success).toBe(true);
    expect(deskConfigSchema.safeParse({ ...base, brokerUrl: 'mqtt://localhost:1883' }).success).toBe(true);
    const plain = deskConfigSchema.safeParse({ ...base, brokerUrl: 'mqtt://192.168.1.5:1883' });
    expect(plain.success).toBe(false);
    expect(JSON.stringify(plain.error?.issues)).toMatch(/mqtts/);
    for (const bad of ['https://x', 'mqtts://user:pw@host', 'mqtts://host/path', 'not a url', '']) expect(deskConfigSchema.safeParse({ ...base, brokerUrl: bad }).success).toBe(false);
  });

  it('keeps ids topic-safe and normalises a fingerprint; the password is only an input', () => {
    expect(deskConfigSchema.safeParse({ ...base, username: 'desk/2' }).success).toBe(false);
    expect(deskConfigSchema.safeParse({ ...base, office: 'a+b' }).success).toBe(false);
    const fp = 'AB:'.repeat(31) + 'AB';
    expect(deskConfigSchema.parse({ ...base, fingerprint: fp }).fingerprint).toBe('ab'.repeat(32));
    expect(deskConfigSchema.safeParse({ ...base, fingerprint: 'abc' }).success).toBe(false);
    expect(deskConfigSchema.safeParse({ ...base, password: 'x' }).success).toBe(false);
    expect(deskConnectInputSchema.safeParse({ ...base, password: 'x' }).success).toBe(true);
    expect(deskConfigSchema.safeParse({ ...base, ca: 'not a pem' }).success).toBe(false);
  });
});

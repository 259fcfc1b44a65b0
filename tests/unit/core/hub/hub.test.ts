import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEntity, ExtensionEntity, LineEntity, MailboxEntity } from '../../../../shared/office';
import { FakeDevice, idleLines } from './fake-driver';
import { startHub, type Rig } from './hub-rig';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.hub.close();
  rig = undefined;
});

const phone = () => {
  const d = new FakeDevice('grandstream-phone', ['lines', 'contacts', 'contactsWrite', 'dial', 'callControl']);
  d.setLines(idleLines(2));
  return d;
};
const device = (r: Rig, id: string) => r.hub.store.get(`device/${id}`) as DeviceEntity;
const line = (r: Rig, id: string, n: number) => r.hub.store.get(`line/${id}/${n}`) as LineEntity | undefined;
const count = (d: FakeDevice, what: string) => d.calls.filter((c) => c === what).length;

describe('office hub', () => {
  it('probes, goes online and polls lines every second while idle', async () => {
    const p = phone();
    rig = await startHub({ p });
    await rig.clock.advance(0);
    expect(device(rig, 'p')).toMatchObject({ health: 'online', model: 'FAKE-1', firmware: '1.0' });
    const before = count(p, 'lines');
    await rig.clock.advance(10_000);
    expect(count(p, 'lines') - before).toBe(10);
    expect(line(rig, 'p', 1)).toMatchObject({ state: 'idle' });
  });

  it('a ring emits call.incoming with the caller looked up in the contact index, then polls every 500 ms', async () => {
    const p = phone();
    p.contacts = [{ id: '7', name: 'José Müller', company: 'Acme SpA', numbers: [{ type: 'work', number: '+39 02 1234567' }] }];
    rig = await startHub({ p });
    await rig.clock.advance(1500); // probe, lines, contacts
    p.ring(1, '021234567');
    await rig.clock.advance(1000);
    const [incoming] = rig.of('call.incoming');
    expect(incoming).toMatchObject({ deviceId: 'p', call: { direction: 'in', number: '021234567', name: 'José Müller', contact: { company: 'Acme SpA' } } });
    expect(line(rig, 'p', 1)).toMatchObject({ state: 'ringing', remoteName: 'José Müller', remoteCompany: 'Acme SpA' });
    const before = count(p, 'lines');
    await rig.clock.advance(2000);
    expect(count(p, 'lines') - before).toBe(4);
  });

  it('answered → ended is recorded in the history; ringing → idle is a missed call', async () => {
    const p = phone();
    rig = await startHub({ p });
    await rig.clock.advance(0);
    p.ring(1, '3331234567');
    await rig.clock.advance(1000);
    p.setState(1, 'connected');
    await rig.clock.advance(500);
    await rig.clock.advance(5000);
    p.setState(1, 'idle');
    await rig.clock.advance(500);
    expect(rig.of('call.answered')).toHaveLength(1);
    const [ended] = rig.of('call.ended');
    expect(ended?.call).toMatchObject({ missed: false, direction: 'in' });
    expect(ended?.call.durationSec).toBeGreaterThanOrEqual(5);
    p.ring(2, '0498765432');
    await rig.clock.advance(1000); // idle polling: within a second
    p.setState(2, 'idle');
    await rig.clock.advance(500);
    expect(rig.of('call.missed').map((e) => e.call.number)).toEqual(['0498765432']);
    expect(rig.hub.history.list().map((c) => [c.number, c.missed])).toEqual([
      ['0498765432', true],
      ['3331234567', false],
    ]);
  });

  it('a call the receptionist rejects is not a missed call', async () => {
    const p = phone();
    rig = await startHub({ p });
    await rig.clock.advance(0);
    p.ring(1, '3331112222');
    await rig.clock.advance(1000);
    rig.hub.reducers.calls.markRejected('line/p/1');
    p.setState(1, 'idle');
    await rig.clock.advance(500);
    expect(rig.of('call.missed')).toHaveLength(0);
    expect(rig.of('call.ended')[0]?.call).toMatchObject({ missed: false, rejected: true });
  });

  it('a changed directory emits contacts.changed; an unchanged one does not', async () => {
    const p = phone();
    p.contacts = [{ id: '1', name: 'Anna', numbers: [{ type: 'work', number: '021234567' }] }];
    rig = await startHub({ p }, [{ id: 'p', polling: { contactsMs: 60_000 } }]);
    await rig.clock.advance(1500);
    expect(rig.of('contacts.changed')).toEqual([{ sources: ['p'] }]);
    await rig.clock.advance(60_000);
    expect(rig.of('contacts.changed')).toHaveLength(1);
    p.contacts = [...p.contacts, { id: '2', name: 'Bruno', numbers: [{ type: 'work', number: '021234568' }] }];
    await rig.clock.advance(60_000);
    expect(rig.of('contacts.changed')).toHaveLength(2);
    expect(rig.hub.contacts.list('p', 1, 10).map((c) => c.name)).toEqual(['Bruno']);
    expect(rig.hub.contacts.list('p', 0, 1).map((c) => c.key)).toEqual(['p/1']);
    expect(rig.hub.contacts.list('nope')).toEqual([]);
  });

  it('an idle office emits no patches', async () => {
    const p = phone();
    const q = phone();
    rig = await startHub({ p, q });
    await rig.clock.advance(3000);
    const patches = rig.of('office.patch').length;
    await rig.clock.advance(60_000);
    expect(rig.of('office.patch').length).toBe(patches);
    expect(count(p, 'lines')).toBeGreaterThan(60);
  });

  it('goes offline, backs off 1 s → 2 s → 4 s …, and recovers without a restart', async () => {
    const p = phone();
    rig = await startHub({ p });
    await rig.clock.advance(0);
    p.failure = 'offline';
    await rig.clock.advance(1000);
    expect(device(rig, 'p').health).toBe('offline');
    expect(rig.of('device.offline')).toHaveLength(1);
    expect(line(rig, 'p', 1)).toBeUndefined();
    p.calls.length = 0;
    await rig.clock.advance(1000 + 2000 + 4000 + 8000);
    expect(p.calls).toEqual(['probe', 'probe', 'probe', 'probe']);
    await rig.clock.advance(60_000 * 3);
    const probes = count(p, 'probe');
    expect(probes).toBeLessThanOrEqual(4 + 1 + 1 + 3 + 1); // 16 s, 32 s, then at most one a minute
    p.failure = null;
    await rig.clock.advance(60_000);
    expect(device(rig, 'p').health).toBe('online');
    expect(rig.of('device.online')).toHaveLength(2);
    expect(line(rig, 'p', 1)).toMatchObject({ state: 'idle' });
  });

  it('a refused password stops polling and reports device.authFailed once', async () => {
    const p = phone();
    p.failure = 'auth';
    rig = await startHub({ p });
    await rig.clock.advance(0);
    await rig.clock.advance(600_000);
    expect(count(p, 'probe')).toBe(1);
    expect(device(rig, 'p')).toMatchObject({ health: 'auth-failed', problem: expect.stringContaining('password was refused') });
    expect(rig.of('device.authFailed')).toHaveLength(1);
    rig.hub.pokeAll();
    await rig.clock.advance(5000);
    expect(count(p, 'probe')).toBe(1);
  });

  it('a probe that first answers garbage is retried; once it answers, polling starts', async () => {
    const p = phone();
    p.failure = 'protocol';
    rig = await startHub({ p });
    await rig.clock.advance(0);
    expect(device(rig, 'p')).toMatchObject({ health: 'error', problem: expect.stringContaining('unreadable') });
    expect(count(p, 'lines')).toBe(0);
    p.failure = null;
    await rig.clock.advance(3000);
    expect(device(rig, 'p').health).toBe('online');
    expect(device(rig, 'p').problem).toBeUndefined();
    expect(count(p, 'lines')).toBeGreaterThan(0);
  });

  it('a listener that throws does not stop polling', async () => {
    const p = phone();
    rig = await startHub({ p });
    rig.hub.events.on('call.incoming', () => {
      throw new Error('listener bug');
    });
    await rig.clock.advance(0);
    p.ring(1, '123456789');
    await rig.clock.advance(1000);
    p.setState(1, 'idle');
    await rig.clock.advance(1000);
    expect(device(rig, 'p').health).toBe('online');
    expect(rig.of('call.missed')).toHaveLength(1);
  });

  it('voicemail.new when a count goes up, presence overlaid with the watched phone', async () => {
    const pbx = new FakeDevice('kalliope', ['presence', 'voicemail', 'contacts']);
    pbx.presence = [
      { extension: '200', name: 'Reception', state: 'online' },
      { extension: '201', name: 'Niccolò', state: 'offline' },
    ];
    pbx.voicemail = [{ mailbox: '200', new: 1, old: 0, urgent: 0, enabled: true }];
    const p = phone();
    rig = await startHub({ pbx, p }, [{ id: 'pbx', extension: '200' }, { id: 'p', extension: '200' }]);
    await rig.clock.advance(2000);
    expect(rig.hub.store.get('ext/pbx/200')).toMatchObject({ state: 'available', phoneId: 'p' });
    expect(rig.hub.store.get('ext/pbx/201')).toMatchObject({ state: 'offline' });
    p.ring(1, '555');
    await rig.clock.advance(1000);
    expect((rig.hub.store.get('ext/pbx/200') as ExtensionEntity).state).toBe('ringing');
    p.setState(1, 'connected');
    await rig.clock.advance(500);
    expect((rig.hub.store.get('ext/pbx/200') as ExtensionEntity).state).toBe('busy');
    pbx.voicemail = [{ mailbox: '200', new: 2, old: 0, urgent: 0, enabled: true }];
    await rig.clock.advance(30_000);
    expect(rig.of('voicemail.new')).toEqual([expect.objectContaining({ mailbox: '200', new: 2, previous: 1 })]);
    expect(rig.hub.store.get('mailbox/pbx/200')).toMatchObject({ new: 2, watched: true } satisfies Partial<MailboxEntity>);
    // The PBX's extensions are in the contact book.
    expect(rig.hub.contacts.search('nicco').map((h) => h.contact.name)).toEqual(['Niccolò']);
  });

  it('camera motion rising emits camera.motion once', async () => {
    const cam = new FakeDevice('grandstream-camera', ['motion', 'snapshot']);
    rig = await startHub({ cam });
    await rig.clock.advance(2000);
    cam.motion = { motion: true, alarmInputs: [false], alarmOutputs: [] };
    await rig.clock.advance(2000);
    await rig.clock.advance(2000);
    expect(rig.of('camera.motion')).toHaveLength(1);
    expect(rig.hub.store.get('camera/cam')).toMatchObject({ motion: true });
  });

  it('closes every driver session on close', async () => {
    const p = phone();
    rig = await startHub({ p });
    await rig.clock.advance(0);
    await rig.hub.close();
    expect(p.closed).toBe(1);
    const n = p.calls.length;
    await rig.clock.advance(10_000);
    expect(p.calls.length).toBe(n);
    rig = undefined;
  });
});

describe('office hub persistence', () => {
  it('search works at start-up from the saved index, before any device answers; history survives a restart', async () => {
    const p = phone();
    p.contacts = [{ id: '1', name: 'Zoë Müller', numbers: [{ type: 'mobile', number: '+39 347 208 1193' }] }];
    const first = await startHub({ p });
    await first.clock.advance(1500);
    p.ring(1, '3472081193');
    await first.clock.advance(1000);
    p.setState(1, 'idle');
    await first.clock.advance(1000);
    await first.clock.advance(10_000); // debounced saves
    await first.hub.close();
    expect(first.data.docs.get('contacts.json')).toContain('Zoë Müller');

    // Second start: the phone is unreachable, yet the contact book and the history are there.
    p.failure = 'offline';
    const { Hub } = await import('../../../../main/core/hub/hub');
    const { fakeFactory } = await import('./fake-driver');
    const second = await Hub.create({ settings: first.settings, secrets: first.secrets, data: first.data, createDriver: fakeFactory({ p }).factory, clock: first.clock, jitter: 0, batchMs: 0 });
    try {
      expect(second.contacts.search('muller').map((h) => h.contact.name)).toEqual(['Zoë Müller']);
      expect(second.history.list()).toEqual([expect.objectContaining({ number: '3472081193', missed: true, name: 'Zoë Müller' })]);
    } finally {
      await second.close();
    }
  });

  it('a corrupt saved index or history is reported and replaced, not fatal', async () => {
    const p = phone();
    const logs: string[] = [];
    const { Hub } = await import('../../../../main/core/hub/hub');
    const { fakeFactory } = await import('./fake-driver');
    const { MemoryDataStore, MemorySecretStore, MemorySettingsStore } = await import('../../../../main/core/persistence/stores');
    const data = new MemoryDataStore();
    data.docs.set('contacts.json', '{"version": 99}');
    data.docs.set('call-history.json', 'not json');
    const hub = await Hub.create({ settings: new MemorySettingsStore(), secrets: new MemorySecretStore(), data, createDriver: fakeFactory({ p }).factory, log: (m) => logs.push(m) });
    try {
      expect(hub.contacts.size).toBe(0);
      expect(hub.history.list()).toEqual([]);
      expect(logs.join('\n')).toMatch(/saved index could not be read/);
      expect(logs.join('\n')).toMatch(/call history: the saved file could not be read/);
    } finally {
      await hub.close();
    }
  });
});

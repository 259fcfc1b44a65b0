/**
 * Many desks, one office (issue 12): a real Mosquitto with the repo's config and ACL, the hub as
 * `npm run hub` over the simulated office, three desks as full cores connected with desk.connect.
 * A spy user (added to a copy of the repo's ACL for this test only) records every payload the
 * broker carries, to prove no device password or secret ever crosses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { callControl } from '../../sim/lib/control-client';
import type { IpcResult } from '../../shared/ipc/contract';
import { topicsFor } from '../../shared/mqtt/topics';
import { brokerFor, eventsOf, hubDir, OFFICE_ID, passwordOf, rawClient, removeDir, startDesk, startHub, startOffice, until, type Desk, type HubChild, type LocalBroker, type RunningOffice } from './mqtt-rig';

const T = topicsFor({ prefix: 'frontdesk', office: OFFICE_ID });
const PHONE = 'phone-reception';
let broker: LocalBroker;
let office: RunningOffice;
let dir: string;
let hub: HubChild;
let desks: Desk[] = [];
let spy: MqttClient;
const seen: { topic: string; payload: string }[] = [];

beforeAll(async () => {
  broker = await brokerFor(['hub', 'desk1', 'desk2', 'desk3', 'spy'], { extraAcl: 'user spy\ntopic read #' });
  spy = await rawClient(broker.url, 'spy');
  spy.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString('utf8') }));
  await spy.subscribeAsync('#', { qos: 1 });
  office = await startOffice();
  dir = hubDir(office);
  hub = await startHub(broker, dir);
  desks = await Promise.all(['desk1', 'desk2', 'desk3'].map((u) => startDesk(broker, u)));
}, 90_000);

afterAll(async () => {
  await Promise.all(desks.map((d) => d.close()));
  await hub?.stop();
  await spy?.endAsync();
  await office?.close();
  await broker?.stop();
  if (dir) removeDir(dir);
}, 60_000);

function stringValues(payload: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return [payload];
  }
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(v);
  return out;
}

const deviceIds = () => office.manifest.devices.map((d) => d.id);
const health = (d: Desk, id: string) => (d.core.hub.store.get(`device/${id}`) as { health?: string } | undefined)?.health;

describe('one hub, three desks', () => {
  it('the hub prints its JSON line, and every desk mirrors the whole office', async () => {
    expect(hub.ready).toMatchObject({ ready: true, office: OFFICE_ID, prefix: 'frontdesk', topics: T.base, devices: office.manifest.devices.length, demo: false });
    expect(JSON.stringify(hub.ready)).not.toContain(passwordOf('hub'));
    for (const d of desks) await until(() => deviceIds().every((id) => health(d, id) === 'online'), 45_000, `${d.user} sees every device online`);
    for (const d of desks) expect(await d.status()).toBe('connected');
    const snap = (await desks[0]!.invoke('office.state')) as IpcResult<{ entities: Record<string, unknown> }>;
    expect(snap.ok && Object.keys(snap.value.entities).filter((k) => k.startsWith('device/')).length).toBe(office.manifest.devices.length);
  }, 60_000);

  it('a ring reaches all three desks as call.incoming; Accept from desk 2 is seen connected by the others', async () => {
    const { line } = (await callControl(office, 'POST', `/phones/${PHONE}/ring`, { number: '+390212345678', name: 'Ada Lovelace' })) as { line: number };
    for (const d of desks) await until(() => eventsOf(d, 'call.incoming').some((e) => e.call.deviceId === PHONE && e.call.number.endsWith('12345678')), 15_000, `${d.user} gets call.incoming`);
    const accepted = await desks[1]!.invoke('calls.control', { deviceId: PHONE, line, action: 'accept' });
    expect(accepted).toEqual({ ok: true, value: { ok: true } });
    for (const d of [desks[0]!, desks[2]!]) {
      await until(() => d.line(PHONE, line)?.state === 'connected', 15_000, `${d.user} sees the call connected`);
      await until(() => eventsOf(d, 'call.answered').some((e) => e.call.deviceId === PHONE), 15_000, `${d.user} gets call.answered`);
    }
    await callControl(office, 'POST', `/phones/${PHONE}/remote-hangup`, { line });
    for (const d of desks) await until(() => d.line(PHONE, line)?.state !== 'connected', 15_000, `${d.user} sees the call end`);
  }, 60_000);

  it('answers reads with the contract types, and refuses device management from a desk', async () => {
    const list = (await desks[0]!.invoke('devices.list')) as IpcResult<{ config: { id: string } }[]>;
    expect(list.ok && list.value.map((d) => d.config.id).sort()).toEqual(deviceIds().sort());
    const search = await desks[2]!.invoke('contacts.search', { query: 'a', limit: 5 });
    expect(search.ok).toBe(true);
    const add = await desks[0]!.invoke('devices.add', { config: { kind: 'kalliope', name: 'X', url: 'https://192.0.2.1', username: 'admin' }, secrets: { password: 'never-sent-1' } });
    expect(add).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await desks[0]!.invoke('devices.test', { config: { kind: 'kalliope', name: 'X', url: 'https://192.0.2.1', username: 'admin' }, secrets: { password: 'never-sent-2' } })).ok).toBe(false);
    const bad = await desks[0]!.invoke('calls.control', { deviceId: PHONE, line: 'one', action: 'accept' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const info = (await desks[0]!.invoke('app.info')) as IpcResult<{ demo: boolean; mode: string }>;
    expect(info).toMatchObject({ ok: true, value: { demo: false, mode: 'web' } });
  }, 30_000);

  it('each desk dials from its own route: desk 1 from its phone, through the hub, seen by the others', async () => {
    expect(await desks[0]!.invoke('settings.update', { dialRoute: { kind: 'phone', deviceId: 'nope' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await desks[0]!.invoke('settings.update', { dialRoute: { kind: 'phone', deviceId: 'phone-zoe' } })).toMatchObject({ ok: true, value: { dialRoute: { deviceId: 'phone-zoe' } } });
    const dial = await desks[0]!.invoke('calls.dial', { number: '0298765432' });
    expect(dial).toMatchObject({ ok: true, value: { route: { kind: 'phone', deviceId: 'phone-zoe' } } });
    const activeLine = (d: Desk) => [1, 2, 3, 4].find((n) => (d.line('phone-zoe', n)?.state ?? 'idle') !== 'idle');
    await until(() => activeLine(desks[2]!) !== undefined, 15_000, "desk 3 sees desk 1's call");
    const line = activeLine(desks[2]!)!;
    expect(await desks[0]!.invoke('calls.control', { deviceId: 'phone-zoe', line, action: 'end' })).toEqual({ ok: true, value: { ok: true } });
    await until(() => activeLine(desks[1]!) === undefined, 15_000, 'desk 2 sees the call end');
  }, 45_000);

  it('the broker refuses a desk that writes another desk\'s command topic, and never shows it that desk\'s replies', async () => {
    const rogue = await rawClient(broker.url, 'desk3');
    const got: string[] = [];
    rogue.on('message', (topic) => got.push(topic));
    await rogue.subscribeAsync(T.reply('desk1'), { qos: 1 });
    await expect(rogue.publishAsync(T.command('desk1'), JSON.stringify({ v: 1, method: 'devices.list' }), { qos: 1, properties: { responseTopic: T.reply('desk1') } })).rejects.toThrow(/Not authorized/);
    // Retained state cannot be forged by a desk either.
    await expect(rogue.publishAsync(T.state('device/phone-reception'), '{}', { qos: 1, retain: true })).rejects.toThrow(/Not authorized/);
    expect((await desks[0]!.invoke('devices.list')).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([]);
    await rogue.endAsync();
  }, 30_000);

  it('a desk of an older protocol is refused politely; a command that is not JSON gets invalid-input', async () => {
    const old = await rawClient(broker.url, 'desk1');
    const answers: { correlation: string; payload: string }[] = [];
    old.on('message', (_t, payload, packet) => answers.push({ correlation: packet.properties?.correlationData?.toString() ?? '', payload: payload.toString() }));
    await old.subscribeAsync(T.reply('desk1'), { qos: 1 });
    const ask = (payload: string, correlation: string) => old.publishAsync(T.command('desk1'), payload, { qos: 1, properties: { responseTopic: T.reply('desk1'), correlationData: Buffer.from(correlation) } });
    await ask(JSON.stringify({ v: 0, method: 'devices.list' }), 'old-1');
    await ask('not json', 'junk-1');
    await until(() => answers.some((a) => a.correlation === 'old-1') && answers.some((a) => a.correlation === 'junk-1'), 10_000, 'answers');
    const old1 = JSON.parse(answers.find((a) => a.correlation === 'old-1')!.payload) as { result: { ok: boolean; error: { code: string; message: string } } };
    expect(old1.result).toMatchObject({ ok: false, error: { code: 'unsupported', kind: 'protocol' } });
    expect(old1.result.error.message).toMatch(/update Frontdesk on this desk/);
    expect(JSON.parse(answers.find((a) => a.correlation === 'junk-1')!.payload)).toMatchObject({ result: { ok: false, error: { code: 'invalid-input' } } });
    await old.endAsync();
  }, 30_000);

  it('a command the hub does not answer in time says so (hub paused)', async () => {
    hub.proc.kill('SIGSTOP');
    try {
      const t0 = Date.now();
      const r = await desks[0]!.invoke('calls.history', { limit: 1 });
      expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
      expect((r as { error: { message: string } }).error.message).toMatch(/did not answer calls.history within 3.0 s/);
      expect(Date.now() - t0).toBeLessThan(6000);
    } finally {
      hub.proc.kill('SIGCONT');
    }
    const again = await desks[0]!.invoke('calls.history', { limit: 1 });
    expect(again.ok).toBe(true);
  }, 30_000);

  it('a broker restarted mid-call loses nothing: every desk resyncs to the call that ended meanwhile', async () => {
    const { line } = (await callControl(office, 'POST', '/phones/phone-niccolo/ring', { number: '0612345', name: 'Grace' })) as { line: number };
    for (const d of desks) await until(() => d.line('phone-niccolo', line)?.state === 'ringing', 15_000, `${d.user} sees the ring`);
    const resyncsBefore = desks.map((d) => d.core.hub.store.snapshot().revision);
    const t0 = Date.now();
    const restarting = broker.restart(1500);
    const away = (d: Desk) => d.events.some((e) => e.name === 'desk.status' && e.at >= t0 && (e.payload as { status: { state: string } }).status.state === 'broker-unreachable');
    await until(() => desks.every(away), 10_000, 'desks notice the broker went away');
    await callControl(office, 'POST', '/phones/phone-niccolo/remote-hangup', { line });
    await restarting;
    for (const d of desks) {
      await until(() => d.line('phone-niccolo', line)?.state !== 'ringing', 30_000, `${d.user} resyncs after the broker restart`);
      await until(() => deviceIds().every((id) => health(d, id) === 'online'), 30_000, `${d.user} sees the devices again`);
    }
    for (const d of desks) expect(await d.status()).toBe('connected');
    desks.forEach((d, i) => expect(d.core.hub.store.snapshot().revision).toBeGreaterThan(resyncsBefore[i]!));
  }, 90_000);

  it('the hub killed: desks show it unreachable within seconds, then recover on their own', async () => {
    await hub.stop('SIGKILL');
    const t0 = Date.now();
    for (const d of desks) await until(() => (d.core.hub.store.get(`device/${PHONE}`) as { problem?: string } | undefined)?.problem?.includes('office hub is unreachable') === true, 10_000, `${d.user} marks the office stale`);
    for (const d of desks) expect(await d.status()).toBe('hub-unreachable');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await desks[1]!.invoke('calls.history', { limit: 1 })).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    hub = await startHub(broker, dir);
    for (const d of desks) await until(() => deviceIds().every((id) => health(d, id) === 'online'), 45_000, `${d.user} recovers`);
    for (const d of desks) expect(await d.status()).toBe('connected');
    const { line } = (await callControl(office, 'POST', `/phones/${PHONE}/ring`, { number: '0498765', name: 'After' })) as { line: number };
    for (const d of desks) await until(() => eventsOf(d, 'call.incoming').some((e) => e.call.number.endsWith('498765')), 15_000, `${d.user} hears the new hub`);
    await callControl(office, 'POST', `/phones/${PHONE}/remote-hangup`, { line });
  }, 120_000);

  it('a hub the broker refuses exits 1 and says why, without the password', async () => {
    const wrong = 'not-the-hub-password-77';
    const failed = await startHub(broker, dir, [], wrong).then(
      () => undefined,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(failed).toMatch(/exited \(1\)/);
    expect(failed).toMatch(/refused the hub/);
    expect(failed).not.toContain(wrong);
  }, 60_000);

  it('a clean stop (SIGTERM) says offline at once and exits 0', async () => {
    const code = await hub.stop('SIGTERM');
    expect(code).toBe(0);
    for (const d of desks) await until(() => d.events.some((e) => e.name === 'desk.status' && (e.payload as { status: { state: string } }).status.state === 'hub-unreachable'), 5000, `${d.user} hears the hub left`);
    hub = await startHub(broker, dir);
  }, 60_000);

  it('no device password, secret or PIN was ever published', async () => {
    expect(seen.length).toBeGreaterThan(100);
    expect(new Set(seen.map((s) => s.topic.split('/')[2])).size).toBeGreaterThanOrEqual(5);
    const secrets = office.manifest.devices.flatMap((d) => [d.password, d.secret, d.privacyPassword]).filter((s): s is string => typeof s === 'string' && s.length >= 4);
    expect(secrets.length).toBeGreaterThanOrEqual(office.manifest.devices.length);
    // Every string VALUE of every payload (keys such as "privacyPassword" are field names, not leaks).
    const leaks = seen.filter((s) => secrets.some((x) => s.topic.includes(x) || stringValues(s.payload).some((v) => v.includes(x))));
    expect(leaks.map((l) => l.topic)).toEqual([]);
    expect(seen.some((s) => s.payload.includes(passwordOf('desk1')) || s.payload.includes(passwordOf('hub')))).toBe(false);
  });
});

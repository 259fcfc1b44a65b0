/**
 * The hub's MQTT side: publishes the core's office (retained state per entity, a retained meta and
 * online flag, one `patch` message per tick, derived events) and answers desks' commands, under the
 * topics of shared/mqtt/topics.ts. Device passwords never reach it: it publishes only entities,
 * events and contract answers, which carry none (tests scan every published payload).
 */
import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { OfficePatch, OfficeSnapshot } from '../../shared/office';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { isPublishedEvent, MIN_DESK_PROTOCOL, PROTOCOL_VERSION, topicsFor, type TopicRoot, type Topics } from '../../shared/mqtt/topics';
import type { EventBus } from '../core/events';
import type { Router } from '../core/ipc/router';
import { HubCommands, DEFAULT_LIMITS, type CommandLimits } from './commands';
import { brokerErrorText, isRefusal, openBroker, type BrokerOptions } from './connect';

export interface HubCore {
  readonly router: Pick<Router, 'dispatch'>;
  readonly events: EventBus;
  readonly hub: { readonly store: { snapshot(): OfficeSnapshot } };
  readonly demo: boolean;
}

export interface HubLinkOptions {
  broker: Omit<BrokerOptions, 'clientId' | 'will'>;
  root: TopicRoot;
  core: HubCore;
  log?: (msg: string) => void;
  limits?: Partial<CommandLimits>;
  /** Camera snapshots published at most this often per camera, and only up to this size. */
  cameraSnapshotMinIntervalMs?: number;
  cameraSnapshotMaxBytes?: number;
  /** How long start() waits for the broker (default 15 s). */
  startTimeoutMs?: number;
}

const SWEEP_QUIET_MS = 400;
const SWEEP_MAX_MS = 3000;

export class HubLink {
  readonly run = randomUUID();
  readonly topics: Topics;
  readonly startedAt = new Date().toISOString();
  private readonly client: MqttClient;
  private readonly commands: HubCommands;
  private readonly log: (msg: string) => void;
  /** Keys whose retained state is on the broker (from us, or found there at start). */
  private retained = new Set<string>();
  private revision = 0;
  private entityCount = 0;
  private connected = false;
  private swept = false;
  private closed = false;
  private readonly offs: (() => void)[] = [];
  private readonly lastCameraSnapshot = new Map<string, number>();
  /** Messages published (tests, bench). */
  published = 0;

  private constructor(private readonly opts: HubLinkOptions) {
    this.topics = topicsFor(opts.root);
    this.log = opts.log ?? (() => undefined);
    this.commands = new HubCommands(opts.core.router, { ...DEFAULT_LIMITS, ...opts.limits });
    this.client = openBroker({
      ...opts.broker,
      clientId: `frontdesk-hub-${opts.root.office}-${this.run.slice(0, 8)}`,
      keepaliveSec: opts.broker.keepaliveSec ?? 5,
      will: { topic: this.topics.hub, payload: this.presence(false), retain: true },
    });
  }

  /** Connect, publish the office, and follow it; rejects when the broker refuses or is not reached in time. */
  static async start(opts: HubLinkOptions): Promise<HubLink> {
    const link = new HubLink(opts);
    try {
      await link.first(opts.startTimeoutMs ?? 15_000);
    } catch (e) {
      link.client.end(true);
      throw e;
    }
    return link;
  }

  get brokerConnected(): boolean {
    return this.connected;
  }

  private first(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the broker ${this.opts.broker.url} did not accept the hub within ${timeoutMs / 1000} s`)), timeoutMs);
      let started = false;
      this.client.on('connect', () => {
        this.connected = true;
        this.log(`hub: connected to ${this.opts.broker.url} as office "${this.opts.root.office}" (${this.topics.base})`);
        void this.onConnect().then(
          () => {
            if (started) return;
            started = true;
            clearTimeout(timer);
            this.follow();
            resolve();
          },
          (e: unknown) => this.log(`hub: could not publish the office: ${brokerErrorText(e)}`),
        );
      });
      this.client.on('error', (e) => {
        this.log(`hub: broker: ${brokerErrorText(e)}`);
        if (!started && isRefusal(e)) {
          clearTimeout(timer);
          reject(new Error(`the broker refused the hub: ${brokerErrorText(e)} (check the user and password)`));
        }
      });
      this.client.on('close', () => {
        if (this.connected) this.log('hub: lost the broker; reconnecting');
        this.connected = false;
      });
      this.client.on('message', (topic, payload, packet) => {
        const desk = this.topics.deskOf(topic);
        if (desk !== undefined) void this.onCommand(desk, payload, packet.properties?.responseTopic, packet.properties?.correlationData);
        else if (!this.swept) this.onSweep(topic, packet.retain);
      });
    });
  }

  private sweepSeen = new Set<string>();
  private sweepTouched = 0;
  private onSweep(topic: string, retain: boolean): void {
    const key = this.topics.keyOf(topic);
    if (key !== undefined && retain) this.sweepSeen.add(key);
    this.sweepTouched = Date.now();
  }

  /** On every (re)connect: online flag, commands, then the whole office (clearing what is stale). */
  private async onConnect(): Promise<void> {
    await this.client.publishAsync(this.topics.hub, this.presence(true), { qos: 1, retain: true });
    await this.client.subscribeAsync(this.topics.commandAll, { qos: 1 });
    if (!this.swept) {
      // Retained entities of an earlier hub run: whatever this run does not have must be cleared.
      this.sweepTouched = Date.now();
      const begin = Date.now();
      await this.client.subscribeAsync(this.topics.stateAll, { qos: 0 });
      while (Date.now() - this.sweepTouched < SWEEP_QUIET_MS && Date.now() - begin < SWEEP_MAX_MS) await sleep(100);
      await this.client.unsubscribeAsync(this.topics.stateAll);
      this.swept = true;
      for (const k of this.sweepSeen) this.retained.add(k);
      this.sweepSeen.clear();
    }
    this.publishAll();
  }

  private follow(): void {
    this.offs.push(this.opts.core.events.on('office.patch', (p) => this.onPatch(p)));
    this.offs.push(this.opts.core.events.onAny((name, payload) => this.onEvent(name, payload)));
  }

  private publishAll(): void {
    const snap = this.opts.core.hub.store.snapshot();
    const keys = new Set(Object.keys(snap.entities));
    for (const [key, entity] of Object.entries(snap.entities)) this.pub(this.topics.state(key), JSON.stringify({ v: PROTOCOL_VERSION, run: this.run, rev: snap.revision, entity }), 1, true);
    for (const key of this.retained) if (!keys.has(key)) this.pub(this.topics.state(key), '', 1, true);
    this.retained = keys;
    this.revision = snap.revision;
    this.entityCount = keys.size;
    this.publishMeta();
  }

  private onPatch(p: OfficePatch): void {
    if (p.revision <= this.revision) return;
    this.revision = p.revision;
    // While away from the broker nothing is sent: publishAll on reconnect brings it up to date
    // (and `retained` keeps saying what the broker holds, so stale keys are cleared then).
    if (!this.connected) return;
    for (const [key, entity] of Object.entries(p.set)) {
      this.retained.add(key);
      this.pub(this.topics.state(key), JSON.stringify({ v: PROTOCOL_VERSION, run: this.run, rev: p.revision, entity }), 1, true);
    }
    for (const key of p.unset) {
      this.retained.delete(key);
      this.pub(this.topics.state(key), '', 1, true);
    }
    this.entityCount = this.retained.size;
    this.pub(this.topics.patch, JSON.stringify({ v: PROTOCOL_VERSION, run: this.run, at: Date.now(), patch: p }), 0, false);
    this.publishMeta();
  }

  private onEvent<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (!this.connected || !isPublishedEvent(name)) return;
    const json = JSON.stringify({ v: PROTOCOL_VERSION, run: this.run, name, payload });
    if (name === 'camera.snapshot') {
      const id = (payload as EventPayload<'camera.snapshot'>).deviceId;
      const now = Date.now();
      const last = this.lastCameraSnapshot.get(id) ?? 0;
      if (now - last < (this.opts.cameraSnapshotMinIntervalMs ?? 1000)) return;
      if (Buffer.byteLength(json) > (this.opts.cameraSnapshotMaxBytes ?? 512 * 1024)) {
        this.log(`hub: a snapshot of ${id} is larger than the broker limit; not published`);
        return;
      }
      this.lastCameraSnapshot.set(id, now);
    }
    this.pub(this.topics.event(name), json, 1, false);
  }

  private async onCommand(desk: string, payload: Buffer, responseTopic: string | undefined, correlationData: Buffer | undefined): Promise<void> {
    if (responseTopic !== this.topics.reply(desk)) {
      this.log(`hub: a command from desk "${desk}" without its own reply topic was dropped`);
      return;
    }
    let answer: string;
    try {
      answer = await this.commands.handle(desk, payload);
    } catch (e) {
      answer = JSON.stringify({ v: PROTOCOL_VERSION, result: { ok: false, error: { code: 'internal', message: `The office hub failed: ${e instanceof Error ? e.message : String(e)}` } } });
    }
    if (!this.connected) return;
    this.client.publish(responseTopic, answer, { qos: 1, properties: correlationData ? { correlationData } : {} }, (e) => {
      if (e) this.log(`hub: the answer to desk "${desk}" was not delivered: ${brokerErrorText(e)}`);
    });
    this.published += 1;
  }

  private publishMeta(): void {
    const meta = { v: PROTOCOL_VERSION, minDesk: MIN_DESK_PROTOCOL, run: this.run, rev: this.revision, entities: this.entityCount, startedAt: this.startedAt, demo: this.opts.core.demo };
    this.pub(this.topics.meta, JSON.stringify(meta), 1, true);
  }

  private presence(online: boolean): string {
    return JSON.stringify({ v: PROTOCOL_VERSION, run: this.run, online, at: new Date().toISOString() });
  }

  private pub(topic: string, payload: string, qos: 0 | 1, retain: boolean): void {
    this.published += 1;
    this.client.publish(topic, payload, { qos, retain }, (e) => {
      if (e && !this.closed) this.log(`hub: publishing ${topic} failed: ${brokerErrorText(e)}`);
    });
  }

  /** Say offline (retained), then leave the broker. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const off of this.offs) off();
    if (this.connected) {
      await Promise.race([this.client.publishAsync(this.topics.hub, this.presence(false), { qos: 1, retain: true }).catch(() => undefined), sleep(2000)]);
    }
    this.closed = true;
    await Promise.race([this.client.endAsync(), sleep(2000)]);
    this.client.end(true);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

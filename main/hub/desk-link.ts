/**
 * A desk's link to the office hub over MQTT 5. It mirrors the hub's office into a local store
 * (patches in revision order; a gap, another hub run, a reconnect or a hub that comes back = one
 * resync by asking `office.state`), re-emits the hub's derived events, and sends commands as MQTT 5
 * requests (response topic + correlation data) that answer the contract's IpcResult, checked with
 * the contract's output schema; no answer in time = a `timeout` error that says so.
 */
import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { z } from 'zod';
import type { IpcError, IpcResult, EventPayload } from '../../shared/ipc/contract';
import type { deskConfigSchema, deskStatusSchema } from '../../shared/ipc/features/desk';
import { officeSnapshotSchema } from '../../shared/ipc/features/office';
import { EVENT_SCHEMAS, eventMessageSchema, hubPresenceSchema, issuesOf, metaMessageSchema, parseJson, patchMessageSchema, replySchema } from '../../shared/mqtt/messages';
import { PROTOCOL_VERSION, topicsFor, type PublishedEvent, type RemoteMethod, type Topics } from '../../shared/mqtt/topics';
import type { Entity, OfficeSnapshot } from '../../shared/office';
import { brokerErrorText, isCertificateError, isRefusal, openBroker } from './connect';
import { PatchSequencer } from './sequencer';

export type DeskConfig = z.output<typeof deskConfigSchema>;
export type DeskStatus = z.output<typeof deskStatusSchema>;

/** Where the desk keeps its copy of the office and sends the hub's events (the local core). */
export interface DeskTarget {
  put(key: string, entity: Entity): void;
  remove(key: string): void;
  emit<E extends PublishedEvent>(name: E, payload: EventPayload<E>): void;
}

export interface DeskLinkOptions {
  config: DeskConfig;
  password?: string;
  target: DeskTarget;
  onStatus: (s: DeskStatus) => void;
  log?: (msg: string) => void;
  /** How long to wait for the hub's presence before calling it unreachable (default 3 s). */
  presenceGraceMs?: number;
}

const UNREACHABLE = 'The office hub is unreachable: this is the last state it published.';

export class DeskLink {
  readonly topics: Topics;
  readonly deskId: string;
  private readonly client: MqttClient;
  private readonly log: (msg: string) => void;
  private readonly pending = new Map<string, { method: RemoteMethod; resolve: (r: IpcResult<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly mirrored = new Map<string, Entity>();
  private readonly seq: PatchSequencer;
  private statusValue: DeskStatus = { state: 'connecting', since: new Date().toISOString() };
  private brokerUp = false;
  private hubOnline: boolean | undefined;
  private hubRun: string | undefined;
  private hubDemo = false;
  private closed = false;
  private refused = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** Snapshots applied (tests, diagnostics). */
  resyncs = 0;

  constructor(private readonly opts: DeskLinkOptions) {
    const c = opts.config;
    this.topics = topicsFor({ prefix: c.prefix, office: c.office });
    this.deskId = c.deskId ?? c.username;
    this.log = opts.log ?? (() => undefined);
    this.seq = new PatchSequencer({
      fetch: () => this.fetchSnapshot(),
      apply: (set, unset) => this.applyPatch(set, unset),
      replace: (snap) => this.applySnapshot(snap),
      onError: (m) => this.log(`desk: resync: ${m}`),
    });
    this.client = openBroker({
      url: c.brokerUrl,
      username: c.username,
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(c.ca ? { ca: c.ca } : {}),
      ...(c.fingerprint ? { fingerprint: c.fingerprint } : {}),
      clientId: `frontdesk-desk-${this.deskId}-${randomBytes(4).toString('hex')}`,
      keepaliveSec: 10,
    });
    this.client.on('connect', () => void this.onConnect());
    this.client.on('close', () => this.onClose());
    this.client.on('error', (e) => this.onError(e));
    this.client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet.properties?.correlationData));
  }

  get status(): DeskStatus {
    return this.statusValue;
  }

  /** The hub runs the simulated demo office. */
  get demo(): boolean {
    return this.hubDemo;
  }

  /** The hub revision applied to the mirror (0 before the first snapshot). */
  get revision(): number {
    return this.seq.revision;
  }

  /** Send one command to the hub; always resolves with the contract's envelope. */
  invoke(method: RemoteMethod, input: unknown): Promise<IpcResult<unknown>> {
    if (this.closed) return Promise.resolve(fail({ code: 'unreachable', message: 'This desk is no longer connected to the office hub.' }));
    if (this.refused) return Promise.resolve(fail({ code: 'unreachable', message: this.statusValue.message ?? 'The broker refused this desk.' }));
    if (!this.brokerUp) return Promise.resolve(fail({ code: 'unreachable', message: `The broker (${this.opts.config.brokerUrl}) cannot be reached, so the office hub cannot either; retrying.` }));
    if (this.hubOnline === false) return Promise.resolve(fail({ code: 'unreachable', message: 'The office hub is unreachable (the broker answers, the hub does not).' }));
    const timeoutMs = this.opts.config.commandTimeoutMs ?? 10_000;
    const id = randomBytes(12);
    const key = id.toString('hex');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        resolve(fail({ code: 'timeout', message: `The office hub did not answer ${method} within ${(timeoutMs / 1000).toFixed(1)} s.` }));
      }, timeoutMs);
      this.pending.set(key, { method, resolve, timer });
      const payload = JSON.stringify({ v: PROTOCOL_VERSION, method, ...(input === undefined ? {} : { input }) });
      this.client.publish(this.topics.command(this.deskId), payload, { qos: 1, properties: { responseTopic: this.topics.reply(this.deskId), correlationData: id } }, (e) => {
        if (!e || !this.pending.has(key)) return;
        clearTimeout(timer);
        this.pending.delete(key);
        resolve(fail({ code: 'forbidden', message: `The broker refused this desk's command (${brokerErrorText(e)}): its user may write only its own command topic ${this.topics.command(this.deskId)}.` }));
      });
    });
  }

  /** Leave the broker; the mirrored entities are removed from the target. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.seq.close();
    if (this.graceTimer) clearTimeout(this.graceTimer);
    for (const [key, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(fail({ code: 'unreachable', message: 'The desk left the office hub before it answered.' }));
      this.pending.delete(key);
    }
    await Promise.race([this.client.endAsync(), new Promise((r) => setTimeout(r, 2000))]);
    this.client.end(true);
    for (const key of this.mirrored.keys()) this.opts.target.remove(key);
    this.mirrored.clear();
  }

  // ---------- connection ----------

  private async onConnect(): Promise<void> {
    this.brokerUp = true;
    this.hubOnline = undefined;
    this.setStatus('connecting', 'Connected to the broker; waiting for the office hub.');
    const subs = [this.topics.hub, this.topics.meta, this.topics.patch, this.topics.eventAll, this.topics.reply(this.deskId)];
    try {
      await this.client.subscribeAsync(subs, { qos: 1 });
    } catch (e) {
      this.refused = true;
      this.setStatus('refused', `The broker does not let user "${this.opts.config.username}" follow office "${this.opts.config.office}" (${brokerErrorText(e)}): check its ACL.`);
      this.client.end(true);
      return;
    }
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => {
      if (this.hubOnline === undefined && this.brokerUp) this.hubDown(`No office hub has published office "${this.opts.config.office}" on this broker.`);
    }, this.opts.presenceGraceMs ?? 3000);
  }

  private onClose(): void {
    if (this.closed || this.refused) return;
    if (this.brokerUp) this.log('desk: lost the broker; reconnecting');
    this.brokerUp = false;
    this.markStale();
    this.setStatus('broker-unreachable', `The broker (${this.opts.config.brokerUrl}) cannot be reached: the office hub is unreachable. Retrying.`);
  }

  private onError(e: Error): void {
    this.log(`desk: broker: ${brokerErrorText(e)}`);
    if (isRefusal(e)) {
      this.refused = true;
      const why = isCertificateError(e) ? `The broker's certificate is not trusted (${brokerErrorText(e)}): check the CA or fingerprint.` : `The broker refused user "${this.opts.config.username}": check the user and password.`;
      this.setStatus('refused', why);
      this.client.end(true);
    }
  }

  // ---------- messages ----------

  private onMessage(topic: string, payload: Buffer, correlation: Buffer | undefined): void {
    if (topic === this.topics.patch) return this.onPatch(payload);
    if (topic === this.topics.hub) return this.onPresence(payload);
    if (topic === this.topics.meta) return this.onMeta(payload);
    if (topic === this.topics.reply(this.deskId)) return this.onReply(payload, correlation);
    if (this.topics.eventOf(topic) !== undefined) return this.onEvent(payload);
  }

  private onPresence(payload: Buffer): void {
    if (payload.length === 0) return this.hubDown('No office hub is publishing this office.');
    const p = hubPresenceSchema.safeParse(parseJson(payload));
    if (!p.success) return this.log(`desk: a bad hub presence message was ignored (${issuesOf(p.error)})`);
    if (!p.data.online) return this.hubDown('The office hub is unreachable (the broker answers, the hub does not).');
    const comeback = this.hubOnline !== true || this.hubRun !== p.data.run;
    this.hubOnline = true;
    this.hubRun = p.data.run;
    if (comeback) {
      this.seq.newRun(p.data.run);
      void this.seq.resync().then(() => this.afterSync());
    }
  }

  private onMeta(payload: Buffer): void {
    if (payload.length === 0) return;
    const m = metaMessageSchema.safeParse(parseJson(payload));
    if (!m.success) return this.log(`desk: a bad meta message was ignored (${issuesOf(m.error)})`);
    this.hubDemo = m.data.demo;
    if (m.data.minDesk > PROTOCOL_VERSION) {
      this.setStatus('incompatible', `The office hub needs desks of protocol ${m.data.minDesk} or later; this desk speaks ${PROTOCOL_VERSION}. Please update Frontdesk on this desk.`);
      return;
    }
    this.seq.onMeta(m.data.run, m.data.rev);
  }

  private onPatch(payload: Buffer): void {
    const m = patchMessageSchema.safeParse(parseJson(payload));
    if (!m.success) return this.log(`desk: a bad patch was ignored (${issuesOf(m.error)})`);
    this.seq.onPatch(m.data.run, m.data.patch);
    if (this.statusValue.state === 'connected') this.statusValue = { ...this.statusValue, revision: this.seq.revision };
  }

  private onEvent(payload: Buffer): void {
    const m = eventMessageSchema.safeParse(parseJson(payload));
    if (!m.success) return this.log(`desk: a bad event was ignored (${issuesOf(m.error)})`);
    const schema = EVENT_SCHEMAS[m.data.name] as z.ZodType<EventPayload<PublishedEvent>>;
    const p = schema.safeParse(m.data.payload);
    if (!p.success) return this.log(`desk: a ${m.data.name} event outside the contract was ignored (${issuesOf(p.error)})`);
    this.opts.target.emit(m.data.name, p.data);
  }

  private onReply(payload: Buffer, correlation: Buffer | undefined): void {
    const key = correlation?.toString('hex');
    const p = key !== undefined ? this.pending.get(key) : undefined;
    if (!p || key === undefined) return;
    clearTimeout(p.timer);
    this.pending.delete(key);
    const r = replySchema(p.method).safeParse(parseJson(payload));
    if (!r.success) {
      p.resolve(fail({ code: 'internal', message: `The office hub answered ${p.method} outside the contract: ${issuesOf(r.error)}` }));
      return;
    }
    const result = r.data.result as IpcResult<unknown>;
    if (!result.ok && result.error.kind === 'protocol') this.setStatus('incompatible', result.error.message);
    p.resolve(result);
  }

  // ---------- mirror ----------

  private async fetchSnapshot(): Promise<OfficeSnapshot> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed || this.refused) throw new Error('the desk left the hub');
      if (this.brokerUp && this.hubOnline) {
        const r = await this.invoke('office.state', undefined);
        if (r.ok) {
          const snap = officeSnapshotSchema.safeParse(r.value);
          if (snap.success) return snap.data;
          throw new Error(`the office snapshot is outside the contract: ${issuesOf(snap.error)}`);
        }
        if (r.error.kind === 'protocol') throw new Error(r.error.message);
        this.log(`desk: the office snapshot could not be had (${r.error.message}); retrying`);
      }
      await new Promise((res) => setTimeout(res, Math.min(5000, 500 * 2 ** Math.min(attempt, 4))));
    }
  }

  private applySnapshot(snap: OfficeSnapshot): void {
    this.resyncs += 1;
    for (const key of [...this.mirrored.keys()]) {
      if (snap.entities[key]) continue;
      this.mirrored.delete(key);
      this.opts.target.remove(key);
    }
    for (const [key, e] of Object.entries(snap.entities)) {
      this.mirrored.set(key, e);
      this.opts.target.put(key, e);
    }
  }

  private applyPatch(set: Record<string, Entity>, unset: readonly string[]): void {
    for (const key of unset) {
      this.mirrored.delete(key);
      this.opts.target.remove(key);
    }
    for (const [key, e] of Object.entries(set)) {
      this.mirrored.set(key, e);
      this.opts.target.put(key, e);
    }
  }

  private afterSync(): void {
    if (this.closed || this.refused || !this.hubOnline || this.statusValue.state === 'incompatible') return;
    this.setStatus('connected', undefined);
  }

  private hubDown(message: string): void {
    this.hubOnline = false;
    this.markStale();
    if (this.statusValue.state !== 'incompatible') this.setStatus('hub-unreachable', message);
  }

  /** Devices show that what the desk sees is the last state the hub published. */
  private markStale(): void {
    for (const [key, e] of this.mirrored) {
      if (e.type !== 'device') continue;
      this.opts.target.put(key, { ...e, health: 'unknown', problem: UNREACHABLE });
    }
  }

  private setStatus(state: DeskStatus['state'], message: string | undefined): void {
    if (this.closed) return;
    if (this.statusValue.state === state && this.statusValue.message === message) return;
    this.statusValue = { state, ...(message ? { message } : {}), since: new Date().toISOString(), ...(this.seq.revision ? { revision: this.seq.revision } : {}) };
    this.opts.onStatus(this.statusValue);
  }
}

function fail(error: IpcError): IpcResult<unknown> {
  return { ok: false, error };
}

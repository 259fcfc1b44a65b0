/**
 * Lightweight desks for the fanout bench: one MQTT 5 connection each, with a desk's broker user,
 * subscribed as a desk is (hub, meta, patch, events, its reply topic); every patch is parsed,
 * checked with the contract's patch schema and applied to a map by revision, as a desk's mirror
 * does. Delivery = the hub's `at` (Date.now() when it published the patch) to the moment applied.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { parseJson, patchMessageSchema } from '../shared/mqtt/messages';
import type { Topics } from '../shared/mqtt/topics';
import type { Entity } from '../shared/office';

export class LightDesk {
  private readonly entities = new Map<string, Entity>();
  private revision = 0;
  private recording = false;
  readonly delays: number[] = [];
  patches = 0;
  gaps = 0;
  invalid = 0;

  private constructor(
    readonly user: string,
    private readonly client: MqttClient,
  ) {}

  static async connect(url: string, user: string, password: string, topics: Topics): Promise<LightDesk> {
    const client = await mqtt.connectAsync(url, { protocolVersion: 5, username: user, password, clientId: `bench-${user}`, reconnectPeriod: 1000, keepalive: 30 });
    const desk = new LightDesk(user, client);
    client.on('message', (topic, payload) => {
      if (topic === topics.patch) desk.onPatch(payload);
    });
    await client.subscribeAsync([topics.hub, topics.meta, topics.patch, topics.eventAll, topics.reply(user)], { qos: 1 });
    return desk;
  }

  private onPatch(payload: Buffer): void {
    const m = patchMessageSchema.safeParse(parseJson(payload));
    if (!m.success) {
      this.invalid += 1;
      return;
    }
    const p = m.data.patch;
    if (this.revision !== 0 && p.revision !== this.revision + 1) this.gaps += 1;
    for (const k of p.unset) this.entities.delete(k);
    for (const [k, e] of Object.entries(p.set)) this.entities.set(k, e);
    this.revision = p.revision;
    this.patches += 1;
    if (this.recording) this.delays.push(Date.now() - m.data.at);
  }

  record(on: boolean): void {
    this.recording = on;
  }

  async close(): Promise<void> {
    await Promise.race([this.client.endAsync(), new Promise((r) => setTimeout(r, 2000))]);
    this.client.end(true);
  }
}

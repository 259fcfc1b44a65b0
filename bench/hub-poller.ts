/**
 * The measured side of the poll and idle cases: a real Hub (default options, as the app runs it)
 * over N farm phones, with the real driver factory wrapped only to count completed `lines()` polls
 * per device. A `call.incoming` is reported with Date.now() taken inside the event listener.
 */
import type { DeviceConfig } from '../shared/domain';
import type { Driver, DriverConfig } from '../main/core/driver/types';
import { Hub } from '../main/core/hub/hub';
import { MemoryDataStore, MemorySecretStore, MemorySettingsStore } from '../main/core/persistence/stores';
import { createDriver } from '../main/drivers/index';
import { PollCounter, type FarmInfo, type Poller, type PollerHooks } from './poller';

const ID_PREFIX = 'phone-';
/** Start-up has settled when no patch came for this long (at most MAX_SETTLE_MS of waiting). */
const QUIET_MS = 1000;
const MAX_SETTLE_MS = 20_000;

export function phoneConfigs(farm: FarmInfo, n: number): DeviceConfig[] {
  const out: DeviceConfig[] = [];
  for (let i = 1; i <= n; i++) {
    out.push({ id: `${ID_PREFIX}${i}`, kind: 'grandstream-phone', name: `Phone ${i}`, url: `${farm.url}/phones/${i}`, username: farm.username, extension: String(1000 + i) });
  }
  return out;
}

/** Farm phone index of a hub device id (`phone-<i>`), or undefined. */
export function phoneIndexOf(deviceId: string): number | undefined {
  if (!deviceId.startsWith(ID_PREFIX)) return undefined;
  const i = Number(deviceId.slice(ID_PREFIX.length));
  return Number.isInteger(i) && i > 0 ? i : undefined;
}

/** Wrap one driver so each completed `lines()` counts for device `index` (1-based). */
function counted(driver: Driver, index: number, polls: PollCounter): Driver {
  const lines = driver.lines;
  if (!lines) return driver;
  driver.lines = (opts) => {
    const sentAt = performance.now();
    return lines.call(driver, opts).then((r) => {
      polls.hit(index, sentAt);
      return r;
    });
  };
  return driver;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class HubPoller implements Poller {
  readonly polls: PollCounter;
  private hub: Hub | undefined;
  private logged = 0;
  private closing = false;
  private lastPatchAt = 0;

  constructor(
    private readonly farm: FarmInfo,
    private readonly n: number,
    private readonly hooks: PollerHooks,
  ) {
    this.polls = new PollCounter(n);
  }

  async start(): Promise<void> {
    const devices = phoneConfigs(this.farm, this.n);
    const secrets = new MemorySecretStore();
    for (const d of devices) await secrets.set(d.id, { password: this.farm.password });
    const byName = new Map(devices.map((d, i) => [d.name, i + 1]));
    const factory = (c: DriverConfig): Driver => {
      const d = createDriver(c);
      const index = byName.get(c.device);
      return index === undefined ? d : counted(d, index, this.polls);
    };
    const hub = await Hub.create({
      settings: new MemorySettingsStore({ devices }),
      secrets,
      data: new MemoryDataStore(),
      createDriver: factory,
      log: (msg) => {
        // A healthy run logs nothing; show the first few lines, not a thousand. Closing aborts
        // the polls in flight, and those say so: not worth showing.
        if (this.closing) return;
        if (++this.logged <= 5) this.hooks.log(`hub: ${msg}`);
      },
    });
    this.hub = hub;
    hub.events.on('office.patch', () => {
      this.lastPatchAt = Date.now();
    });
    hub.events.on('call.incoming', (e) => {
      const at = Date.now();
      const phone = phoneIndexOf(e.call.deviceId);
      if (phone !== undefined) this.hooks.detect(phone, e.call.number, at);
    });
  }

  private online(): number {
    let n = 0;
    for (const rt of this.hub?.runtimes.values() ?? []) if (rt.health === 'online') n += 1;
    return n;
  }

  /** Every device online, then settled (see settle). */
  async ready(timeoutMs: number): Promise<void> {
    const t0 = Date.now();
    let shown = -1;
    for (;;) {
      const up = this.online();
      if (up === this.n) break;
      if (Date.now() - t0 > timeoutMs) throw new Error(`only ${up} of ${this.n} devices came online within ${timeoutMs} ms`);
      if (Date.now() - t0 > (shown + 1) * 5000) {
        shown += 1;
        this.hooks.log(`${up}/${this.n} devices online`);
      }
      await sleep(100);
    }
    this.hooks.log(`all ${this.n} devices online after ${Date.now() - t0} ms`);
    await this.settle(QUIET_MS, MAX_SETTLE_MS);
  }

  /** Wait until no patch came for `quietMs` (at most `maxMs`); returns how long it waited. */
  async settle(quietMs: number, maxMs: number): Promise<number> {
    const t0 = Date.now();
    while (Date.now() - Math.max(this.lastPatchAt, t0) < quietMs && Date.now() - t0 < maxMs) await sleep(50);
    return Date.now() - t0;
  }

  patches(): number {
    return this.hub?.store.patches ?? 0;
  }

  details(): Record<string, number> {
    const s = this.hub?.scheduler.stats;
    return {
      schedulerRuns: s?.runs ?? 0,
      maxInFlightSeen: s?.maxInFlightSeen ?? 0,
      queued: s?.queued ?? 0,
      logLines: this.logged,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.hub?.close();
  }
}

/**
 * The office hub: registry → scheduler → driver → reducers → entity store → patches and events.
 * Data flows one way. A command (dial, accept…) goes only as far as the device's one driver
 * session, then asks the scheduler to poll that device at once: the result comes back through the
 * same path as every poll, so there is one source of truth.
 */
import type { PollingOverrides } from '../../../shared/domain';
import { deviceKey, type DeviceEntity, type DeviceHealth } from '../../../shared/office';
import { iso, systemClock, type Clock } from '../clock';
import { ContactIndex } from '../contacts/index';
import type { Driver } from '../driver/types';
import { EventBus } from '../events';
import type { PushListenerSettings, Settings } from '../persistence/stores';
import { backoffMs, classifyFailure, lockoutRetryMs, messageOf } from './health';
import { redactingLog } from '../redact';
import { loadContactIndex, saveContactIndex } from './contact-persistence';
import { CallHistory } from './history';
import { alarmPushJob, jobsFor, type JobContext } from './jobs';
import { AlarmPushListener } from './push';
import { Reducers } from './reducers';
import { DeviceRegistry, type RegistryEntry } from './registry';
import { DEFAULT_POLLING, type DeviceRuntime, type HubOptions, type ShellStatus } from './types';

export { DEFAULT_POLLING, type DeviceRuntime, type HubOptions, type ShellStatus } from './types';
import { Scheduler } from './scheduler';
import { EntityStore } from './store';

/** Probe again now and then: firmware upgrades change the model/firmware shown. */
const REPROBE_MS = 600_000;


export class Hub {
  readonly events: EventBus;
  readonly clock: Clock;
  readonly store: EntityStore;
  readonly registry: DeviceRegistry;
  readonly scheduler: Scheduler;
  readonly history: CallHistory;
  readonly reducers: Reducers;
  contacts: ContactIndex;
  readonly runtimes = new Map<string, DeviceRuntime>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private contactsSaveTimer: ReturnType<Clock['setTimeout']> | undefined;
  private closed = false;
  readonly log: (msg: string) => void;
  /** The camera alarm push listener, when enabled in Settings. */
  push: AlarmPushListener | undefined;
  /** Why the push listener is not running although enabled (shown in Settings). */
  pushProblem: string | undefined;
  /** What the desktop shell reports (hotkey registration, login item); shown in Settings. */
  shellStatus: ShellStatus | undefined;

  private constructor(readonly opts: HubOptions) {
    this.clock = opts.clock ?? systemClock;
    // every hub log line goes through the redaction (credential headers, cookies, session ids)
    this.log = opts.log ? redactingLog(opts.log) : () => undefined;
    this.events = new EventBus((name, e) => this.log(`a listener of ${name} failed: ${messageOf(e)}`));
    this.store = new EntityStore({ clock: this.clock, batchMs: opts.batchMs ?? 50, onPatch: (p) => this.events.emit('office.patch', p) });
    this.registry = new DeviceRegistry({
      settings: opts.settings,
      secrets: opts.secrets,
      createDriver: opts.createDriver,
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    this.scheduler = new Scheduler({
      clock: this.clock,
      maxInFlight: opts.maxInFlight ?? 64,
      jitter: opts.jitter ?? 0.1,
      onError: (id, job, e) => this.log(`hub: job ${job} of ${id} threw: ${messageOf(e)}`),
    });
    this.history = new CallHistory(opts.data, this.clock, this.log);
    this.contacts = new ContactIndex();
    this.reducers = new Reducers({
      store: this.store,
      events: this.events,
      clock: this.clock,
      contacts: () => this.contacts,
      history: this.history,
      deviceName: (id) => this.registry.get(id)?.config.name ?? id,
    });
  }

  /** Load settings, secrets, the saved contact index and call history, then start polling. */
  static async create(opts: HubOptions): Promise<Hub> {
    const hub = new Hub(opts);
    const settings = await hub.registry.load(opts.demoDevices);
    hub.contacts = await loadContactIndex(opts.data, settings.numbering, hub.log);
    await hub.history.load();
    await hub.configurePush(settings.pushListener);
    for (const e of hub.registry.all()) hub.startDevice(e);
    return hub;
  }

  /** Start, move or stop the alarm push listener; online cameras are (re-)registered with the new URL. */
  async configurePush(s: PushListenerSettings): Promise<void> {
    await this.push?.close();
    this.push = undefined;
    this.pushProblem = undefined;
    if (s.enabled) {
      const listener = new AlarmPushListener({ host: s.host, port: s.port, onPush: (id) => this.poke(id, 'motion'), log: this.log });
      try {
        await listener.start();
        this.push = listener;
      } catch (e) {
        this.pushProblem = messageOf(e);
        this.log(`hub: ${this.pushProblem}`);
      }
    }
    for (const rt of this.runtimes.values()) {
      if (!rt.caps.has('alarmPush') || rt.health !== 'online') continue;
      const j = alarmPushJob(this, rt);
      if (j) this.scheduler.add(rt.id, j.name, this.job(rt, j.name, j.run), j.firstDelayMs);
    }
  }

  get demo(): boolean {
    return this.registry.demo;
  }

  settings(): Settings {
    return this.registry.currentSettings();
  }

  polling(rt: DeviceRuntime): Required<PollingOverrides> {
    return { ...DEFAULT_POLLING, ...rt.entry.config.polling };
  }

  // ---------- device lifecycle ----------
  startDevice(entry: RegistryEntry): DeviceRuntime {
    const prev = this.runtimes.get(entry.config.id);
    const rt: DeviceRuntime = {
      id: entry.config.id,
      entry,
      health: 'unknown',
      problem: undefined,
      model: prev?.model,
      firmware: prev?.firmware,
      family: prev?.family,
      apiGeneration: prev?.apiGeneration,
      since: undefined,
      failures: 0,
      jobErrors: new Map(),
      caps: new Set(),
      linesActive: false,
      polling: false,
      lastLines: undefined,
      usersSignature: '',
      watchUntil: prev?.watchUntil ?? 0,
      generation: (prev?.generation ?? 0) + 1,
      abort: new AbortController(),
    };
    this.runtimes.set(rt.id, rt);
    if (entry.config.kind === 'grandstream-phone') this.reducers.watchPhone(rt.id, entry.config.extension);
    this.putDevice(rt);
    if (entry.config.enabled === false) {
      this.setHealth(rt, 'disabled', undefined);
      return rt;
    }
    this.scheduler.add(rt.id, 'probe', this.job(rt, 'probe', (d, signal) => this.probe(rt, d, signal)), 0);
    return rt;
  }

  /** Stop polling a device and forget its live entities (it is being removed, disabled or rebuilt). */
  async stopDevice(id: string, removed: boolean): Promise<void> {
    const rt = this.runtimes.get(id);
    this.scheduler.removeDevice(id);
    if (rt) {
      rt.generation += 1;
      rt.abort.abort();
      rt.abort = new AbortController();
    }
    this.reducers.dropPhone(id, removed);
    this.reducers.dropPresence(id);
    this.store.removePrefix(`mailbox/${id}/`);
    this.store.remove(`camera/${id}`);
    if (removed) {
      this.runtimes.delete(id);
      this.store.remove(deviceKey(id));
      this.contacts.removeSource(id);
      this.contacts.removeSource(`${id}:users`);
      this.saveContactsSoon();
    }
    const entry = this.registry.get(id);
    if (entry) await this.registry.closeDriver(entry);
  }

  /** Re-poll every device at once (the OS resumed, the network came back). Auth-stopped devices stay stopped. */
  pokeAll(): void {
    for (const rt of this.runtimes.values()) {
      if (rt.health === 'auth-failed' || rt.health === 'disabled') continue;
      rt.failures = 0;
      if (rt.health === 'offline' || rt.health === 'unknown') this.scheduler.runSoon(rt.id, 'probe');
      else this.scheduler.runSoon(rt.id);
    }
  }

  /** Poll one device's jobs now (after a user action on it). */
  poke(id: string, job?: string): void {
    this.scheduler.runSoon(id, job);
  }

  // ---------- jobs ----------
  /** Serialise work on one device: polls and user commands never race on its session. */
  withDevice<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id);
    const run = prev ? prev.then(fn, fn) : fn();
    const settle = (): undefined => undefined;
    const tail = run.then(settle, settle);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }

  /** Run a driver call for a user command: same session, serialised, health updated on failure. */
  async command<T>(rt: DeviceRuntime, fn: (driver: Driver, signal: AbortSignal) => Promise<T>): Promise<T> {
    const driver = this.registry.driver(rt.entry);
    const signal = rt.abort.signal;
    try {
      const v = await this.withDevice(rt.id, () => fn(driver, signal));
      rt.entry.lastSeen = this.clock.now();
      return v;
    } catch (e) {
      const cls = classifyFailure(e);
      if (cls === 'offline' || cls === 'auth') this.failed(rt, 'command', e);
      throw e;
    }
  }

  job(rt: DeviceRuntime, name: string, run: (driver: Driver, signal: AbortSignal) => Promise<number | null>): () => Promise<number | null> {
    const gen = rt.generation;
    return async () => {
      if (rt.generation !== gen || this.closed) return null;
      let driver: Driver;
      try {
        driver = this.registry.driver(rt.entry);
      } catch (e) {
        this.setHealth(rt, 'auth-failed', messageOf(e));
        this.scheduler.removeDevice(rt.id);
        return null;
      }
      const signal = rt.abort.signal;
      try {
        const next = await this.withDevice(rt.id, () => run(driver, signal));
        if (rt.generation !== gen) return null;
        rt.entry.lastSeen = this.clock.now();
        if (rt.jobErrors.delete(name) && rt.jobErrors.size === 0 && rt.health === 'error') this.setHealth(rt, 'online', undefined);
        return next;
      } catch (e) {
        if (rt.generation !== gen) return null;
        return this.failed(rt, name, e);
      }
    };
  }

  private async probe(rt: DeviceRuntime, driver: Driver, signal: AbortSignal): Promise<number> {
    const info = await driver.probe({ signal });
    rt.model = info.model;
    rt.firmware = info.firmware;
    rt.family = info.family;
    rt.apiGeneration = info.generation;
    rt.caps = new Set(info.capabilities.filter((c) => driver.capabilities.has(c)));
    rt.failures = 0;
    if (!rt.polling) {
      rt.polling = true;
      if (rt.jobErrors.size === 0) this.setHealth(rt, 'online', undefined);
      const ctx: JobContext = { hub: this, rt };
      for (const j of jobsFor(ctx)) this.scheduler.add(rt.id, j.name, this.job(rt, j.name, j.run), j.firstDelayMs);
    } else this.putDevice(rt);
    return REPROBE_MS;
  }

  /** Decide what a failure means for the device; returns the failed job's next delay (or null). */
  failed(rt: DeviceRuntime, name: string, e: unknown): number | null {
    const cls = classifyFailure(e);
    const msg = messageOf(e);
    if (cls !== 'job' && cls !== 'unsupported') this.log(`hub: ${rt.entry.config.name} (${name}): ${msg}`);
    switch (cls) {
      case 'offline': {
        rt.failures += 1;
        this.goDown(rt, 'offline', msg);
        this.scheduler.add(rt.id, 'probe', this.job(rt, 'probe', (d, s) => this.probe(rt, d, s)), backoffMs(rt.failures));
        return null;
      }
      case 'auth': {
        this.goDown(rt, 'auth-failed', msg);
        const retry = lockoutRetryMs(e);
        if (retry !== undefined) this.scheduler.add(rt.id, 'probe', this.job(rt, 'probe', (d, s) => this.probe(rt, d, s)), retry);
        return null;
      }
      case 'fatal':
        this.goDown(rt, 'error', msg);
        return null;
      case 'unsupported':
        this.log(`hub: ${rt.entry.config.name}: ${name} is not available on this device; not polled.`);
        return null;
      default: {
        const n = (rt.jobErrors.get(name) ?? 0) + 1;
        rt.jobErrors.set(name, n);
        if (name === 'probe') {
          rt.failures += 1;
          this.setHealth(rt, 'error', msg);
          return backoffMs(rt.failures);
        }
        this.setHealth(rt, 'error', msg);
        return backoffMs(n, 2000);
      }
    }
  }

  /** The device stopped answering (or refused us): pause its jobs, forget its live entities. */
  private goDown(rt: DeviceRuntime, health: DeviceHealth, problem: string): void {
    this.scheduler.removeDevice(rt.id);
    rt.abort.abort();
    rt.abort = new AbortController();
    rt.generation += 1;
    rt.lastLines = undefined;
    rt.linesActive = false;
    rt.polling = false;
    rt.jobErrors.clear();
    this.reducers.dropPhone(rt.id, false);
    this.setHealth(rt, health, problem);
  }

  setHealth(rt: DeviceRuntime, health: DeviceHealth, problem: string | undefined): void {
    const prev = rt.health;
    if (prev === health && rt.problem === problem) return;
    rt.problem = problem;
    if (prev !== health) {
      rt.health = health;
      rt.since = iso(this.clock.now());
    }
    this.putDevice(rt);
    if (prev === health) return;
    const ev = { deviceId: rt.id, deviceName: rt.entry.config.name, at: rt.since as string, ...(problem ? { problem } : {}) };
    if (health === 'offline') this.events.emit('device.offline', ev);
    else if (health === 'auth-failed') this.events.emit('device.authFailed', ev);
    else if (health === 'online' && (prev === 'offline' || prev === 'auth-failed' || prev === 'unknown')) this.events.emit('device.online', ev);
  }

  putDevice(rt: DeviceRuntime): void {
    const c = rt.entry.config;
    const e: DeviceEntity = {
      type: 'device',
      id: rt.id,
      name: c.name,
      kind: c.kind,
      health: rt.health,
      ...(rt.problem ? { problem: rt.problem } : {}),
      ...(rt.model ? { model: rt.model } : {}),
      ...(rt.firmware ? { firmware: rt.firmware } : {}),
      ...(rt.family ? { family: rt.family } : {}),
      ...(rt.apiGeneration ? { generation: rt.apiGeneration } : {}),
      ...(rt.since ? { since: rt.since } : {}),
      ...(c.url.startsWith('http://') ? { insecure: true } : {}),
    };
    this.store.put(deviceKey(rt.id), e);
  }

  // ---------- contact index persistence ----------
  /** A source of the contact index changed: tell the windows and save the index soon. */
  contactsChanged(sourceId: string): void {
    this.events.emit('contacts.changed', { sources: [sourceId] });
    this.saveContactsSoon();
  }

  saveContactsSoon(): void {
    this.contactsSaveTimer ??= this.clock.setTimeout(() => {
      this.contactsSaveTimer = undefined;
      void this.saveContacts();
    }, 5000);
  }

  private saveContacts(): Promise<void> {
    return saveContactIndex(this.opts.data, this.contacts, this.log);
  }

  // ---------- shutdown ----------
  /** Stop polling, abort requests in flight, save, and close every driver session (logging out where the API allows). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.close();
    await this.push?.close();
    for (const rt of this.runtimes.values()) rt.abort.abort();
    this.store.flush();
    this.store.close();
    if (this.contactsSaveTimer) {
      this.clock.clearTimeout(this.contactsSaveTimer);
      this.contactsSaveTimer = undefined;
      await this.saveContacts();
    }
    await this.history.flush();
    await this.registry.closeAll();
  }
}

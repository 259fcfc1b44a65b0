/**
 * Desk mode ("Connect to an office hub"). While connected, the local hub polls nothing: its store
 * becomes a mirror of the hub's office (so `office.state`, patches, the tray and notifications work
 * unchanged), the hub's events are emitted on the local bus, and the router sends the office's
 * commands to the hub over MQTT (shared/mqtt/topics.ts REMOTE_METHODS). app.info, office.state,
 * this desk's own settings and desk.* stay local; device management is refused (it is the hub's).
 * Disconnecting removes the mirror and starts the local devices again, without a restart.
 * The connection settings are a document of the DataStore; the password is in the SecretStore.
 */
import type { z } from 'zod';
import type { AppInfo, IpcResult } from '../../../shared/ipc/contract';
import { deskConfigSchema, type deskConnectInputSchema, type deskViewSchema } from '../../../shared/ipc/features/desk';
import { CONTRACT } from '../../../shared/ipc/schemas';
import { DESK_METHODS, isRemoteMethod } from '../../../shared/mqtt/topics';
import { DeskLink, type DeskConfig, type DeskStatus } from '../../hub/desk-link';
import type { Hub } from '../hub/hub';
import { ConflictError } from '../hub/registry';
import { isInvokeMethod, type Handlers, type Router } from '../ipc/router';
import type { DataStore, SecretStore } from '../persistence/stores';

export type DeskView = z.output<typeof deskViewSchema>;
type ConnectInput = z.output<typeof deskConnectInputSchema>;

export const DESK_DOC = 'desk.json';
/** The broker password's slot in the SecretStore: not a valid device id, so never a device's. */
export const DESK_SECRET_ID = '@office-hub';
/** Answered on the desk itself even while connected. */
const LOCAL_METHODS = new Set<string>(DESK_METHODS);
/** How long desk.connect waits for the first outcome before answering "connecting". */
const CONNECT_WAIT_MS = 5000;

interface Stored {
  enabled: boolean;
  config?: DeskConfig;
}

export interface DeskModeOptions {
  data: DataStore;
  secrets: SecretStore;
  /** The headless hub cannot itself be a desk. */
  allowed: boolean;
  log?: (msg: string) => void;
  presenceGraceMs?: number;
}

export class DeskMode {
  private hub: Hub | undefined;
  private link: DeskLink | undefined;
  private localStatus: DeskStatus = { state: 'local', since: new Date().toISOString() };
  private paused: Promise<unknown> | undefined;
  private readonly log: (msg: string) => void;

  private constructor(
    private readonly opts: DeskModeOptions,
    private stored: Stored,
    private hasPassword: boolean,
  ) {
    this.log = opts.log ?? (() => undefined);
  }

  /** Read the saved connection (before the hub starts, so a desk never polls its devices at start-up). */
  static async load(opts: DeskModeOptions): Promise<DeskMode> {
    let stored: Stored = { enabled: false };
    const text = await opts.data.read(DESK_DOC).catch(() => undefined);
    if (text) {
      try {
        const raw = JSON.parse(text) as { enabled?: unknown; config?: unknown };
        const config = deskConfigSchema.safeParse(raw.config);
        stored = { enabled: raw.enabled === true && config.success && opts.allowed, ...(config.success ? { config: config.data } : {}) };
        if (!config.success) opts.log?.('desk: the saved office hub connection is not valid; using the local devices');
      } catch {
        opts.log?.('desk: the saved office hub connection could not be read; using the local devices');
      }
    }
    const secret = stored.config ? await opts.secrets.get(DESK_SECRET_ID).catch(() => undefined) : undefined;
    return new DeskMode(opts, stored, Boolean(secret?.password));
  }

  /** Called right after the hub was created: in desk mode its devices stop before their first poll. */
  attach(hub: Hub): void {
    this.hub = hub;
    if (this.stored.enabled && this.stored.config) {
      this.pauseLocal();
      void this.startLink(this.stored.config).catch((e: unknown) => this.log(`desk: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  get active(): boolean {
    return this.link !== undefined;
  }

  get status(): DeskStatus {
    return this.link?.status ?? this.localStatus;
  }

  view(): DeskView {
    return { enabled: this.stored.enabled, ...(this.stored.config ? { config: this.stored.config } : {}), stored: { password: this.hasPassword }, status: this.status };
  }

  async connect(input: ConnectInput): Promise<DeskView> {
    if (!this.opts.allowed) throw new ConflictError('The office hub cannot itself connect to an office hub.');
    const { password, ...config } = input;
    const pw = password ?? (await this.opts.secrets.get(DESK_SECRET_ID))?.password;
    if (!pw) throw new ConflictError('Enter the password of this desk\'s broker user.');
    if (password !== undefined) await this.opts.secrets.set(DESK_SECRET_ID, { password });
    this.hasPassword = true;
    await this.save({ enabled: true, config });
    await this.stopLink();
    this.pauseLocal();
    const link = await this.startLink(config, pw);
    await this.settle(link);
    const s = link.status.state;
    if (s === 'refused' || s === 'incompatible') {
      const why = link.status.message ?? 'The office hub refused this desk.';
      await this.disconnect();
      throw new ConflictError(why);
    }
    return this.view();
  }

  async disconnect(): Promise<DeskView> {
    if (this.stored.config) await this.save({ enabled: false, config: this.stored.config });
    else await this.save({ enabled: false });
    await this.stopLink();
    await this.resumeLocal();
    this.localStatus = { state: 'local', since: new Date().toISOString() };
    this.emitStatus();
    return this.view();
  }

  /** The router windows and the shell talk to: local, or the hub's for the office's methods. */
  router(local: Router): Router {
    return {
      methods: local.methods,
      dispatch: async (method, input) => {
        const link = this.link;
        if (link && method === 'settings.update') return this.updateSettings(local, input);
        if (!link || LOCAL_METHODS.has(method)) {
          const r = await local.dispatch(method, input);
          if (link && method === 'app.info' && r.ok) return { ok: true, value: { ...(r.value as AppInfo), demo: link.demo } };
          return r;
        }
        if (!isRemoteMethod(method)) {
          return isInvokeMethod(method)
            ? { ok: false, error: { code: 'forbidden', message: 'This desk follows an office hub: devices are managed on the hub. Disconnect in Settings → Office hub to manage local devices.' } }
            : { ok: false, error: { code: 'unknown-method', message: `Unknown method "${method}".` } };
        }
        const parsed = CONTRACT[method].input.safeParse(input);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`);
          return { ok: false, error: { code: 'invalid-input', message: `Invalid input for ${method}: ${issues.join('; ')}`, issues } } satisfies IpcResult<never>;
        }
        let value: unknown = parsed.data;
        // Each desk dials from its own route (its Settings), else the hub's.
        const route = this.hub?.settings().dialRoute;
        if (method === 'calls.dial' && route && !(parsed.data as { route?: unknown }).route) value = { ...(parsed.data as object), route };
        return link.invoke(method, value);
      },
    };
  }

  /**
   * This desk's own settings while it follows a hub: its dial route names one of the hub's devices
   * (each receptionist dials from their own phone), so it is checked against the mirror, not the
   * local registry; everything else is the local settings.update.
   */
  private async updateSettings(local: Router, input: unknown): Promise<IpcResult<unknown>> {
    const hub = this.hub;
    const parsed = CONTRACT['settings.update'].input.safeParse(input);
    if (!hub || !parsed.success || !parsed.data.dialRoute) return local.dispatch('settings.update', input);
    const { dialRoute, ...rest } = parsed.data;
    if (!hub.store.get(`device/${dialRoute.deviceId}`)) return { ok: false, error: { code: 'not-found', message: `The office hub has no device "${dialRoute.deviceId}".` } };
    await hub.registry.saveSettings({ dialRoute });
    return local.dispatch('settings.update', rest);
  }

  async close(): Promise<void> {
    await this.stopLink();
    await this.paused;
  }

  // ---------- internals ----------

  private async startLink(config: DeskConfig, password?: string): Promise<DeskLink> {
    const hub = this.hub;
    if (!hub) throw new Error('desk mode is not attached to a hub');
    const pw = password ?? (await this.opts.secrets.get(DESK_SECRET_ID))?.password;
    const link = new DeskLink({
      config,
      ...(pw !== undefined ? { password: pw } : {}),
      target: {
        put: (key, e) => hub.store.put(key, e),
        remove: (key) => hub.store.remove(key),
        emit: (name, payload) => hub.events.emit(name, payload),
      },
      onStatus: () => this.emitStatus(),
      log: this.log,
      ...(this.opts.presenceGraceMs !== undefined ? { presenceGraceMs: this.opts.presenceGraceMs } : {}),
    });
    this.link = link;
    this.emitStatus();
    return link;
  }

  private async stopLink(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    await link?.close();
  }

  /** Stop every local device (its jobs go at once) and empty the store for the mirror. */
  private pauseLocal(): void {
    const hub = this.hub;
    if (!hub || this.paused) return;
    const stops = [...hub.runtimes.keys()].map((id) => hub.stopDevice(id, false));
    for (const key of hub.store.keysWithPrefix('')) hub.store.remove(key);
    this.paused = Promise.all(stops);
    this.log('desk: following the office hub; local devices are not polled');
  }

  private async resumeLocal(): Promise<void> {
    const hub = this.hub;
    if (!hub || !this.paused) return;
    await this.paused;
    this.paused = undefined;
    for (const key of hub.store.keysWithPrefix('')) hub.store.remove(key);
    for (const e of hub.registry.all()) hub.startDevice(e);
    this.log('desk: back to the local devices');
  }

  private settle(link: DeskLink): Promise<void> {
    return new Promise((resolve) => {
      const end = Date.now() + CONNECT_WAIT_MS;
      const tick = () => {
        if (link.status.state !== 'connecting' || Date.now() > end || this.link !== link) resolve();
        else setTimeout(tick, 50);
      };
      tick();
    });
  }

  private async save(s: Stored): Promise<void> {
    this.stored = s;
    await this.opts.data.write(DESK_DOC, JSON.stringify(s));
  }

  private emitStatus(): void {
    this.hub?.events.emit('desk.status', this.view());
  }
}

export function deskHandlers(desk: DeskMode): Pick<Handlers, 'desk.get' | 'desk.connect' | 'desk.disconnect'> {
  return {
    'desk.get': () => desk.view(),
    'desk.connect': (input) => desk.connect(input),
    'desk.disconnect': () => desk.disconnect(),
  };
}

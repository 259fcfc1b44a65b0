import type { Capability, Contact, PbxUserLimits, PresenceEntry, ProbeResult, VoicemailBox } from '../../../shared/domain';
import { DeviceRejectedError, ProtocolError, UnsupportedOperationError } from '../../core/driver/errors';
import type { CallOptions, Driver, DriverConfig, NethVoiceFamily } from '../../core/driver/types';
import { readShape } from '../common/shape';
import { NethVoiceClient } from './client';
import type { NvExtension, NvMailbox } from './types';
import { GENERATION_OF, nethVoiceFamily, parseMailboxEntry, parseSyncFlag, parseUserLimits } from './release';
import {
  isRecord,
  parseExtensions,
  parseUsers,
  parseVoicemails,
  str,
  toContacts,
  toPresence,
  toVoicemailBoxes,
} from './parsers';
import { matchesSearch } from './search';
import { voicemailStateJson } from './voicemail';

export const NETHVOICE_CAPABILITIES: readonly Capability[] = ['contacts', 'voicemail', 'presence', 'reboot'];

const MAC_RE = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

/**
 * How long the list of main extensions is reused. `GET /mainextensions` runs a full user-directory
 * sync on the server at every call, so the directory is built from `GET /users/false` and the
 * main extensions (only for extensions without a user) are read rarely.
 */
export const MAIN_EXTENSIONS_TTL_MS = 60 * 60_000;

/**
 * What `POST /phones/reboot` said, per MAC. NethVoice REST API, phones reboot: the answer lists
 * each MAC with a status code; some server versions answer a bare 200 that does nothing, so a MAC
 * the answer does not list is "sent, not confirmed".
 */
export interface PhoneRebootResult {
  /** True when every MAC was confirmed with a 2xx code. */
  confirmed: boolean;
  confirmedMacs: string[];
  /** Sent, but the answer says nothing about them (e.g. a bare 200). */
  unconfirmedMacs: string[];
}

/** Driver-specific operations beyond the common interface. */
export interface NethVoiceDriverApi extends Driver {
  /** Enable (`true`) or disable (`false`, which removes the mailbox on NethVoice) a mailbox. */
  setVoicemail(extension: string, enabled: boolean, opts?: CallOptions): Promise<void>;
  /** Reboot desk phones now by MAC (`POST /phones/reboot`); says which the server confirmed. */
  rebootPhones(macs: string[], opts?: CallOptions): Promise<PhoneRebootResult>;
  /** `reboot()` with its outcome: the reception extension's desk phones, confirmed or not. */
  rebootReport(opts?: CallOptions): Promise<PhoneRebootResult>;
  /** The outcome of the last `reboot()` / `rebootReport()` (undefined before the first). */
  readonly lastReboot: PhoneRebootResult | undefined;
  /** The server release: detected once (`/mainextensions/userlimits`) or pinned; undefined while unknown. */
  family(opts?: CallOptions): Promise<NethVoiceFamily | undefined>;
  /** NethServer 8: how many users may have an extension; null on NethServer 7 (no such route). */
  userLimits(opts?: CallOptions): Promise<PbxUserLimits | null>;
  /** One mailbox (`GET /voicemails/{ext}`), null when the extension has none (NS8 `null`, NS7 404). */
  mailbox(extension: string, opts?: CallOptions): Promise<NvMailbox | null>;
  /**
   * Give a user a main extension (`POST /mainextensions`). Success is an empty 200/201. Beyond the
   * NethServer 8 community limit the server's words are shown as they are (DeviceRejectedError).
   */
  createMainExtension(username: string, extension: string, opts?: CallOptions): Promise<void>;
  /** NethServer 8: whether a user-directory sync is running (`GET /users/sync`); null on NethServer 7. */
  directorySyncRunning(opts?: CallOptions): Promise<boolean | null>;
}

export class NethVoiceDriver implements NethVoiceDriverApi {
  readonly kind = 'nethvoice' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set(NETHVOICE_CAPABILITIES);
  private readonly client: NethVoiceClient;

  private readonly pinned: NethVoiceFamily | undefined;
  private detected: NethVoiceFamily | undefined;

  constructor(private readonly config: DriverConfig) {
    this.pinned = nethVoiceFamily(config.device, config.family);
    this.client = new NethVoiceClient(config);
  }

  private get device(): string {
    return this.config.device;
  }

  /** GET a route and parse it; an unreadable shape becomes a ProtocolError naming the endpoint. */
  private async get<T>(path: string, parse: (v: unknown) => T, signal?: AbortSignal): Promise<T> {
    const data = await this.client.call({ method: 'GET', path, signal });
    const endpoint = this.client.http.url(path).pathname;
    return readShape(this.device, endpoint, () => parse(data), (e) => this.client.protocol(endpoint, e.message));
  }

  /**
   * Checks the credentials with GET /login (the only login attempt), then tells the releases apart
   * with `GET /mainextensions/userlimits` (NS8 answers, NS7 reads it as an unknown extension: 404),
   * which also gives the user limits shown in the device details. The API has no version route, so
   * firmware is "unknown".
   */
  async probe(opts?: CallOptions): Promise<ProbeResult> {
    const data = await this.client.call({ method: 'GET', path: 'login', signal: opts?.signal });
    if (isRecord(data) && data['success'] === false) {
      throw this.client.protocol(this.client.http.url('login').pathname, 'the login check answered success=false');
    }
    const result: ProbeResult = { kind: 'nethvoice', model: 'NethVoice', firmware: 'unknown', capabilities: [...NETHVOICE_CAPABILITIES] };
    const found = await this.readLimits(opts?.signal);
    const family = this.pinned ?? found.family;
    if (family) {
      result.family = family;
      result.generation = GENERATION_OF[family];
    }
    if (found.limits) result.userLimits = found.limits;
    return result;
  }

  /**
   * `GET /mainextensions/userlimits` unless pinned to NS7: the limits and the release they prove.
   * A 404 (or another refusal) is NS7; a server error leaves the release unknown for now.
   */
  private async readLimits(signal?: AbortSignal): Promise<{ family: NethVoiceFamily | undefined; limits: PbxUserLimits | null }> {
    if (this.pinned === 'nethvoice-legacy') return { family: this.pinned, limits: null };
    try {
      const limits = await this.get('mainextensions/userlimits', parseUserLimits, signal);
      this.detected = 'nethvoice-ns8';
      return { family: this.detected, limits };
    } catch (e) {
      if (e instanceof DeviceRejectedError) {
        this.detected = 'nethvoice-legacy';
        return { family: this.pinned ?? this.detected, limits: null };
      }
      if (e instanceof ProtocolError) return { family: this.pinned ?? this.detected, limits: null };
      throw e;
    }
  }

  async family(opts?: CallOptions): Promise<NethVoiceFamily | undefined> {
    if (this.pinned) return this.pinned;
    if (!this.detected) await this.readLimits(opts?.signal);
    return this.detected;
  }

  async userLimits(opts?: CallOptions): Promise<PbxUserLimits | null> {
    return (await this.readLimits(opts?.signal)).limits;
  }

  async mailbox(extension: string, opts?: CallOptions): Promise<NvMailbox | null> {
    const ext = extension.trim();
    if (!/^[0-9]{1,15}$/.test(ext)) throw new RangeError(`${this.device}: "${ext.slice(0, 20)}" is not a NethVoice extension number.`);
    try {
      return await this.get(`voicemails/${ext}`, (d) => parseMailboxEntry(ext, d), opts?.signal);
    } catch (e) {
      // NethServer 7 answers a missing mailbox with 404 and an empty body.
      if (e instanceof DeviceRejectedError && e.code === '404') return null;
      throw e;
    }
  }

  async createMainExtension(username: string, extension: string, opts?: CallOptions): Promise<void> {
    const user = username.trim();
    // eslint-disable-next-line no-control-regex
    if (!user || user.length > 128 || /[\u0000-\u001f]/.test(user)) throw new RangeError(`${this.device}: "${user.slice(0, 40)}" is not a NethVoice user name.`);
    const ext = extension.trim();
    if (!/^[0-9]{1,15}$/.test(ext)) throw new RangeError(`${this.device}: "${ext.slice(0, 20)}" is not a NethVoice extension number.`);
    // Extensions are JSON strings (field notes); success is 201 (or 200) with an empty body.
    await this.client.call({ method: 'POST', path: 'mainextensions', json: JSON.stringify({ username: user, extension: ext }), signal: opts?.signal });
    this.mainExts = null;
  }

  async directorySyncRunning(opts?: CallOptions): Promise<boolean | null> {
    // Never on NS7: there the path lists every user with clear-text passwords.
    if ((await this.family(opts)) !== 'nethvoice-ns8') return null;
    return this.get('users/sync', parseSyncFlag, opts?.signal);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * The directory: users from `/users/false` (no forced sync; their devices carry the extensions),
   * plus main extensions without a user from `/mainextensions`, read at most once an hour because
   * the server syncs the whole user directory on that route. If it fails, the users still count.
   */
  async contacts(query?: { search?: string }, opts?: CallOptions): Promise<Contact[]> {
    // One after the other: a rejected credential costs one request, not two.
    const users = await this.get('users/false', parseUsers, opts?.signal);
    const all = toContacts(users, await this.mainExtensions(opts?.signal));
    const q = query?.search?.trim();
    return q ? all.filter((c) => matchesSearch(c, q)) : all;
  }

  private mainExts: { at: number; list: NvExtension[] } | null = null;

  private async mainExtensions(signal?: AbortSignal): Promise<NvExtension[]> {
    if (this.mainExts && Date.now() - this.mainExts.at < MAIN_EXTENSIONS_TTL_MS) return this.mainExts.list;
    try {
      const list = await this.get('mainextensions', parseExtensions, signal);
      this.mainExts = { at: Date.now(), list };
      return list;
    } catch (e) {
      // Optional: keep the last list (or none) and try again after the same pause.
      if (!(e instanceof DeviceRejectedError || e instanceof ProtocolError)) throw e;
      this.mainExts = { at: Date.now(), list: this.mainExts?.list ?? [] };
      return this.mainExts.list;
    }
  }

  /** Presence from the users' devices (`/users/false`). */
  async presence(opts?: CallOptions): Promise<PresenceEntry[]> {
    return toPresence(await this.get('users/false', parseUsers, opts?.signal));
  }

  /** Mailboxes from `/voicemails` (the API has no message counts), reception first. */
  async voicemail(opts?: CallOptions): Promise<VoicemailBox[]> {
    const boxes = await this.get('voicemails', parseVoicemails, opts?.signal);
    return toVoicemailBoxes(boxes, this.config.extension?.trim() || undefined);
  }

  async setVoicemail(extension: string, enabled: boolean, opts?: CallOptions): Promise<void> {
    // voicemailStateJson is the guard: string extension, explicit "yes"/"no" state, or nothing is sent.
    const json = voicemailStateJson(extension, enabled);
    const data = await this.client.call({ method: 'POST', path: 'voicemails', json, signal: opts?.signal });
    if (isRecord(data) && data['status'] === false) {
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: this.client.http.url('voicemails').pathname,
        code: 'status-false',
        message: `${this.device}: NethVoice did not change the voicemail of extension ${extension}. Check the extension in the NethVoice wizard.`,
      });
    }
    // The server answers success whatever happened: read the mailbox back.
    const ext = extension.trim();
    const box = await this.mailbox(ext, opts);
    if ((box !== null) !== enabled) {
      throw new DeviceRejectedError({
        device: this.device,
        endpoint: this.client.http.url(`voicemails/${ext}`).pathname,
        code: 'not-applied',
        message: `${this.device}: NethVoice answered success, but extension ${ext} ${enabled ? 'has no mailbox' : 'still has a mailbox'} afterwards. Check it in the NethVoice wizard.`,
      });
    }
  }

  /**
   * Reboot the reception extension's desk phones (its physical devices). Resolves once NethVoice
   * took the request; whether it confirmed it is in `rebootReport()` and `lastReboot`.
   */
  async reboot(opts?: CallOptions): Promise<void> {
    await this.rebootReport(opts);
  }

  /** The outcome of the last `reboot()` / `rebootReport()` (undefined before the first). */
  lastReboot: PhoneRebootResult | undefined;

  async rebootReport(opts?: CallOptions): Promise<PhoneRebootResult> {
    const ext = this.config.extension?.trim();
    if (!ext) throw new UnsupportedOperationError(this.device, 'reboot', 'set the reception extension to reboot its phones');
    const users = await this.get('users/false', parseUsers, opts?.signal);
    const macs = users
      .filter((u) => u.extension === ext)
      .flatMap((u) => u.devices)
      .filter((d) => d.type === 'physical' && MAC_RE.test(d.mac))
      .map((d) => d.mac);
    if (macs.length === 0) throw new UnsupportedOperationError(this.device, 'reboot', `extension ${ext} has no desk phone`);
    this.lastReboot = await this.rebootPhones(macs, opts);
    return this.lastReboot;
  }

  async rebootPhones(macs: string[], opts?: CallOptions): Promise<PhoneRebootResult> {
    const body: Record<string, Record<string, never>> = {};
    for (const m of macs) {
      if (!MAC_RE.test(m.trim())) throw new RangeError(`${this.device}: "${m.slice(0, 30)}" is not a MAC address.`);
      body[macKey(m)] = {}; // no hours/minutes: reboot now
    }
    const sent = Object.keys(body);
    if (sent.length === 0) return { confirmed: true, confirmedMacs: [], unconfirmedMacs: [] };
    const path = 'phones/reboot';
    const data = await this.client.call({ method: 'POST', path, json: JSON.stringify(body), signal: opts?.signal });
    const endpoint = this.client.http.url(path).pathname;
    // A bare 200 (empty body, `[]` or `{}`) lists no MAC: sent, not confirmed.
    const answer = data === null || (Array.isArray(data) && data.length === 0) ? {} : data;
    if (!isRecord(answer)) throw new ProtocolError({ device: this.device, endpoint, message: `${this.device}: unexpected answer from NethVoice at ${endpoint}: not a per-MAC result. The reboot may not have been scheduled; check the phone.` });
    const codes = new Map<string, number>();
    for (const [k, v] of Object.entries(answer)) if (isRecord(v)) codes.set(macKey(k), Number(str(v['code'])));
    const failed = [...codes].find(([, code]) => code >= 400);
    if (failed) {
      const [mac] = failed;
      const v = Object.entries(answer).find(([k]) => macKey(k) === mac)?.[1];
      const title = isRecord(v) ? str(v['title']) : '';
      throw new DeviceRejectedError({
        device: this.device,
        endpoint,
        code: String(failed[1]),
        message: `${this.device}: NethVoice refused to reboot ${mac}${title ? ` ("${title}")` : ''}. Check the phone's MAC address in the NethVoice wizard.`,
      });
    }
    const confirmedMacs = sent.filter((m) => {
      const code = codes.get(m);
      return code !== undefined && code >= 200 && code < 300;
    });
    const unconfirmedMacs = sent.filter((m) => !confirmedMacs.includes(m));
    return { confirmed: unconfirmedMacs.length === 0, confirmedMacs, unconfirmedMacs };
  }
}

/** A MAC as the reboot API keys it: upper case, dash-separated (00-11-22-33-44-55). */
function macKey(m: string): string {
  return m.trim().toUpperCase().replace(/:/g, '-');
}

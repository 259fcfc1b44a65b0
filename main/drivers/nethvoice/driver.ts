import type { Capability, Contact, PresenceEntry, ProbeResult, VoicemailBox } from '../../../shared/domain';
import { DeviceRejectedError, ProtocolError, UnsupportedOperationError } from '../../core/driver/errors';
import type { CallOptions, Driver, DriverConfig } from '../../core/driver/types';
import { readShape } from '../common/shape';
import { NethVoiceClient } from './client';
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

/** Driver-specific operations beyond the common interface. */
export interface NethVoiceDriverApi extends Driver {
  /** Enable (`true`) or disable (`false`, which removes the mailbox on NethVoice) a mailbox. */
  setVoicemail(extension: string, enabled: boolean, opts?: CallOptions): Promise<void>;
  /** Reboot desk phones now by MAC (`POST /phones/reboot`). */
  rebootPhones(macs: string[], opts?: CallOptions): Promise<void>;
}

export class NethVoiceDriver implements NethVoiceDriverApi {
  readonly kind = 'nethvoice' as const;
  readonly capabilities: ReadonlySet<Capability> = new Set(NETHVOICE_CAPABILITIES);
  private readonly client: NethVoiceClient;

  constructor(private readonly config: DriverConfig) {
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

  /** Checks the credentials with GET /login. The API has no version route, so firmware is "unknown". */
  async probe(opts?: CallOptions): Promise<ProbeResult> {
    const data = await this.client.call({ method: 'GET', path: 'login', signal: opts?.signal });
    if (isRecord(data) && data['success'] === false) {
      throw this.client.protocol(this.client.http.url('login').pathname, 'the login check answered success=false');
    }
    return { kind: 'nethvoice', model: 'NethVoice', firmware: 'unknown', capabilities: [...NETHVOICE_CAPABILITIES] };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** The directory: users (`/users/false`, no forced sync) and main extensions without a user. */
  async contacts(query?: { search?: string }, opts?: CallOptions): Promise<Contact[]> {
    // One after the other: a rejected credential costs one request, not two.
    const users = await this.get('users/false', parseUsers, opts?.signal);
    const exts = await this.get('mainextensions', parseExtensions, opts?.signal);
    const all = toContacts(users, exts);
    const q = query?.search?.trim();
    return q ? all.filter((c) => matchesSearch(c, q)) : all;
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
  }

  /** Reboot the reception extension's desk phones (its physical devices). */
  async reboot(opts?: CallOptions): Promise<void> {
    const ext = this.config.extension?.trim();
    if (!ext) throw new UnsupportedOperationError(this.device, 'reboot', 'set the reception extension to reboot its phones');
    const users = await this.get('users/false', parseUsers, opts?.signal);
    const macs = users
      .filter((u) => u.extension === ext)
      .flatMap((u) => u.devices)
      .filter((d) => d.type === 'physical' && MAC_RE.test(d.mac))
      .map((d) => d.mac);
    if (macs.length === 0) throw new UnsupportedOperationError(this.device, 'reboot', `extension ${ext} has no desk phone`);
    await this.rebootPhones(macs, opts);
  }

  async rebootPhones(macs: string[], opts?: CallOptions): Promise<void> {
    const body: Record<string, Record<string, never>> = {};
    for (const m of macs) {
      if (!MAC_RE.test(m.trim())) throw new RangeError(`${this.device}: "${m.slice(0, 30)}" is not a MAC address.`);
      body[m.trim().toUpperCase().replace(/:/g, '-')] = {}; // no hours/minutes: reboot now
    }
    if (Object.keys(body).length === 0) return;
    const path = 'phones/reboot';
    const data = await this.client.call({ method: 'POST', path, json: JSON.stringify(body), signal: opts?.signal });
    const endpoint = this.client.http.url(path).pathname;
    if (data === null) return;
    if (!isRecord(data)) throw new ProtocolError({ device: this.device, endpoint, message: `${this.device}: unexpected answer from NethVoice at ${endpoint}: not a per-MAC result. The reboot may not have been scheduled.` });
    const failed = Object.entries(data).filter(([, v]) => isRecord(v) && Number(str(v['code'])) >= 400);
    if (failed.length > 0) {
      const [mac, v] = failed[0]!;
      throw new DeviceRejectedError({
        device: this.device,
        endpoint,
        code: str(isRecord(v) ? v['code'] : ''),
        message: `${this.device}: NethVoice refused to reboot ${mac}${isRecord(v) && str(v['title']) ? ` ("${str(v['title'])}")` : ''}. Check the phone's MAC address in the NethVoice wizard.`,
      });
    }
  }
}

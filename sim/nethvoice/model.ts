import { createHash } from 'node:crypto';

/**
 * NethVoice simulator data model. Row shapes follow what the public NethVoice wizard REST API
 * (nethvoice-wizard-restapi, FreePBX underneath) returns: MySQL rows as JSON, so ids and numbers
 * are strings, nullable columns are null, and the voicemail list is an object keyed by mailbox.
 */

export interface NethVoiceDeviceConfig {
  mac: string;
  vendor?: string;
  model?: string;
  /** 'physical' (a desk phone), 'mobile' (the app), 'webrtc'. Default 'physical'. */
  type?: 'physical' | 'mobile' | 'webrtc';
}

export interface NethVoiceUserConfig {
  username: string;
  /** Display name, e.g. "Niccolò Bàrberi". */
  name: string;
  /** Main extension, e.g. "201". The FreePBX value "none" means the user has no extension. */
  extension: string;
  voicemail?: boolean;
  devices?: NethVoiceDeviceConfig[];
  /** Clear-text user password (the real API returns it). Generated when absent. */
  password?: string;
  email?: string;
  /** Mobile number; stored digits-only with a leading + turned into 00, as the server does. */
  mobile?: string;
}

export interface NethVoiceSimOptions {
  id: string;
  name: string;
  /** FreePBX administrator (ampusers), e.g. 'admin'. */
  user: string;
  password: string;
  /** The shared static secret (config.inc.php secretkey). */
  secret: string;
  users: NethVoiceUserConfig[];
  /** NethVoice version string, e.g. '14.3.2'. Shown in state only: the API has no version route. */
  version?: string;
  /**
   * How `POST /phones/reboot` answers. 'per-mac' (default): a status code per MAC, as the NethVoice
   * REST API documents ("list of mac address with a status code for each mac"). 'bare': a bare 200
   * with an empty body that reboots nothing, as some server versions do.
   */
  rebootAnswer?: 'per-mac' | 'bare';
  /**
   * Which server release answers (default 'ns7'):
   * - 'ns7': NethServer 7 (nethvoice-wizard-restapi): `GET /voicemails/{ext}` for a missing mailbox
   *   is 404 with an empty body; no `/mainextensions/userlimits` (the path reads as an extension:
   *   404); `GET /users/sync` is caught by `/users/{all}` and lists the users.
   * - 'ns8': NethVoice on NethServer 8 (ns8-nethvoice): a missing mailbox is 200 `null`;
   *   `GET /mainextensions/userlimits`; the community limit on `POST /mainextensions` (403
   *   `{"status":"ERROR: community version is limited to 8 users"}`); `GET /users/sync` → true|false;
   *   `/users/false` also lists users without an extension and device rows carry `registered`.
   */
  release?: 'ns7' | 'ns8';
  /** NS8: 'community' (default; at most 8 users with an extension) or 'enterprise' (a subscription: no limit). */
  edition?: 'community' | 'enterprise';
  /** NS8: how long a directory sync started by `POST /users/sync` or `GET /users/true` runs, ms (default 1500). */
  syncMs?: number;
}

export interface DeviceRow {
  id: string;
  user_id: string;
  mac: string;
  vendor: string | null;
  model: string | null;
  line: string | null;
  mainextension: string;
  extension: string;
  secret: string;
  web_user: string | null;
  web_password: string | null;
  type: string;
}

export interface SimUser {
  id: string;
  username: string;
  name: string;
  fname: string;
  lname: string;
  extension: string;
  password: string;
  email: string | null;
  mobile: string | null;
  devices: DeviceRow[];
}

export interface Mailbox {
  pin: string;
  email: string;
  new: number;
  old: number;
  urgent: number;
}

export function sha1(s: string): string {
  return createHash('sha1').update(s, 'utf8').digest('hex');
}

/** Deterministic digits from a seed string (stands in for the server's rand()). */
export function digits(seed: string, n: number): string {
  const h = sha1(seed);
  let out = '';
  for (let i = 0; out.length < n; i++) out += String(parseInt(h.slice(i * 2, i * 2 + 2), 16) % 10);
  return out;
}

export function normaliseMobile(m: string | undefined): string | null {
  if (!m) return null;
  const d = m.trim().replace(/^\+/, '00').replace(/[^0-9]/g, '');
  return d === '' ? null : d;
}

const MAC_RE = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;
export function isMac(s: string): boolean {
  return MAC_RE.test(s);
}

/** Physical/app extensions are 9[1-7] + main extension (91201, 92201, ...). */
export function buildUsers(cfg: NethVoiceUserConfig[]): SimUser[] {
  let deviceId = 1;
  return cfg.map((u, i) => {
    const id = String(i + 2); // userman id 1 is the blacklisted admin
    const [first, ...rest] = u.name.trim().split(/\s+/);
    const devices: DeviceRow[] = (u.devices ?? []).map((d, j) => {
      if (!isMac(d.mac)) throw new Error(`nethvoice user ${u.username}: bad device mac "${d.mac}"`);
      const ext = u.extension === 'none' ? '' : `9${j + 1}${u.extension}`;
      return {
        id: String(deviceId++),
        user_id: id,
        mac: d.mac.toUpperCase().replace(/-/g, ':'),
        vendor: d.vendor ?? null,
        model: d.model ?? null,
        line: null,
        mainextension: u.extension === 'none' ? '' : u.extension,
        extension: ext,
        secret: sha1(`sip-secret:${u.username}:${j}`).slice(0, 16),
        web_user: d.type === 'mobile' ? null : 'admin',
        web_password: d.type === 'mobile' ? null : digits(`web:${d.mac}`, 8),
        type: d.type ?? 'physical',
      };
    });
    return {
      id,
      username: u.username,
      name: u.name,
      fname: first ?? '',
      lname: rest.join(' '),
      extension: u.extension,
      password: u.password ?? `Nv!${sha1(`pw:${u.username}`).slice(0, 10)}`,
      email: u.email ?? null,
      mobile: normaliseMobile(u.mobile),
      devices,
    };
  });
}

/** A userman row as GET /users/{all} returns it, clear-text password included. */
export function userRow(u: SimUser): Record<string, unknown> {
  return {
    id: u.id,
    auth: '1',
    authid: null,
    username: u.username,
    description: null,
    password: u.password,
    default_extension: u.extension,
    primary_group: null,
    permissions: null,
    displayname: u.name,
    fname: u.fname,
    lname: u.lname,
    title: null,
    company: null,
    department: null,
    email: u.email,
    cell: u.mobile,
    work: null,
    home: null,
    fax: null,
    devices: u.devices,
    profile: '3',
  };
}

/** A FreePBX users+devices row as getAllUsersByDeviceType returns it. */
export function extensionRow(ext: string, name: string, tech: 'virtual' | 'pjsip', voicemail: boolean): Record<string, unknown> {
  return {
    extension: ext,
    password: '',
    name,
    voicemail: voicemail ? 'default' : 'novm',
    ringtimer: '0',
    noanswer: '',
    recording: '',
    outboundcid: '',
    sipname: '',
    noanswer_cid: '',
    busy_cid: '',
    chanunavail_cid: '',
    noanswer_dest: '',
    busy_dest: '',
    chanunavail_dest: '',
    mohclass: 'default',
    id: ext,
    tech,
    dial: tech === 'virtual' ? `VIRTUAL/${ext}` : `PJSIP/${ext}`,
    devicetype: 'fixed',
    user: ext,
    description: name,
    emergency_cid: '',
    hint_override: null,
  };
}

/** A voicemail.conf entry as FreePBX's getVoicemail() returns it (the PIN is `pwd`). */
export function mailboxRow(ext: string, name: string, box: Mailbox): Record<string, unknown> {
  return {
    mailbox: ext,
    pwd: box.pin,
    name,
    email: box.email,
    pager: '',
    options: { attach: 'yes', saycid: 'no', envelope: 'no', delete: 'no' },
  };
}

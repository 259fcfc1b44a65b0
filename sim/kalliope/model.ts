import { createHash } from 'node:crypto';
import type { OfficeLinks } from '../lib/types';

/** Options and state of the simulated KalliopePBX (seed 003, field-notes.md). */

export interface KalliopeExtensionSeed {
  extension: string;
  /** Display name; split into first/last name unless those are given. */
  name: string;
  firstName?: string;
  lastName?: string;
  /** Has a voicemail box. Default false, except the reception extension (always true). */
  voicemail?: boolean;
  /** Default true. Disabled extensions are left out of /users/registrations. */
  enabled?: boolean;
  /**
   * Registration when no office links are set (default true). With links, an extension is
   * registered when the office has a phone for it (links.extensionBusy answers).
   */
  registered?: boolean;
}

/** A phonebook contact. One `<phone>` per contact, as in the API. */
export interface KalliopeContactSeed {
  firstName: string;
  lastName?: string;
  organization?: string;
  organizationalUnit?: string;
  phone: string;
  mail?: string;
  speedDial?: string;
  /** Owner extension of a private contact; absent = system contact. */
  owner?: string;
}

export interface KalliopeCallgroupSeed {
  id: string;
  name: string;
  selection?: string;
  enabled?: boolean;
  /** Ring timeout per priority, seconds. Default 20. */
  timeout?: number;
  /** Members: one list (a single priority) or one list per priority. */
  members: string[] | string[][];
}

export type CdrDirection = 1 | 2 | 4;
export type CdrStatus = 1 | 2 | 3 | 4 | 8;

export interface KalliopeCdrSeed {
  /** '' = a call from before the 3.9.5 upgrade (`<unique_id/>`). Default generated. */
  uniqueId?: string;
  direction: CdrDirection;
  callerNum: string;
  callerName?: string;
  calledNum: string;
  calledName?: string;
  calledCallgroup?: string;
  gatewayId?: string;
  gatewayName?: string;
  status: CdrStatus;
  start: Date;
  answer?: Date | null;
  end: Date;
}

/**
 * How `request_id` comes back (KalliopePBX REST API 1.1, Request_id). The text says the response
 * carries "the same request_id value"; its own example sends `xyz123` and answers `xyz`.
 * - 'same': echoed unchanged (the text; default).
 * - 'truncated': cut to its first three characters (the example read as a truncation).
 * - 'letters': its digits dropped (the example read as letters only).
 * - 'omitted': no `<request_id>` in the response.
 */
export type RequestIdEcho = 'same' | 'truncated' | 'letters' | 'omitted';

/** How `/users/registrations` lists an enabled extension that is not registered. */
export type UnregisteredStyle = 'unknown' | 'omitted';

/** How the CDR CSV export writes its fields: 'always' quoted (default), or 'never' (a field holding a comma or line break then breaks its row). */
export type CdrCsvQuoting = 'always' | 'never';

/** Route families of the REST API, for `unavailable`. */
export const KALLIOPE_ROUTE_FAMILIES = ['system', 'users', 'pbx', 'phonebook', 'voicemails', 'cdr', 'click2call'] as const;
export type KalliopeRouteFamily = (typeof KALLIOPE_ROUTE_FAMILIES)[number];

export interface KalliopeSimOptions {
  id: string;
  name: string;
  /** Administrator web password (the API password is its md5). */
  password: string;
  /**
   * The user name the office hands out in its manifest. Default 'admin'. The API itself accepts
   * only 'admin' (KalliopePBX REST API 1.1: "Username must be admin"), so another name plays a
   * client configured with the wrong user name.
   */
  username?: string;
  /** See RequestIdEcho. Default 'same'. */
  requestIdEcho?: RequestIdEcho;
  /**
   * An enabled, unregistered extension in /users/registrations: 'unknown' = listed with status
   * UNKNOWN and empty contact/ip/port (default), 'omitted' = not listed at all.
   */
  unregistered?: UnregisteredStyle;
  /** See CdrCsvQuoting. Default 'always'. */
  cdrCsvQuoting?: CdrCsvQuoting;
  /**
   * 3 = REST API 1.1 with Basic auth (default); 4 = 4.x firmware: Basic fails, the anonymous
   * `/rest/salt/<tenantDomain>` answers and every request must carry the signed X-authenticate
   * header (KalliopePBX 4 REST API, X-authenticate header (observed)); the same resource routes
   * answer, except those in `unavailable`.
   */
  generation?: 3 | 4;
  /** 4.x: the tenant domain of the API user. Default 'default' (single-tenant systems). */
  tenantDomain?: string;
  /** 4.x: the PBX clock minus the real clock, in seconds (default 0); over 300 the PBX refuses every signed request. */
  clockOffsetSeconds?: number;
  /** 4.x: route families this PBX refuses (HTTP 403) to the API user although the login is fine. */
  unavailable?: KalliopeRouteFamily[];
  extensions: KalliopeExtensionSeed[];
  /** Phonebook at start. */
  contacts?: KalliopeContactSeed[];
  /** Reception extension: must be one of `extensions`; has a voicemail box. */
  receptionExtension: string;
  links?: OfficeLinks;
  /** false = the license is not activated (every API but /system/network, /license, /pbx/apply answers code 1). Default true. */
  licenseValid?: boolean;
  /** Running (primary) firmware, A.B.C-dddd. Default '3.9.5-2742' (generation 3) or '4.6.2-7511' (generation 4). */
  firmware?: string;
  /** Secondary firmware slot. Default '3.9.3-2664'. */
  secondaryFirmware?: string;
  serial?: string;
  /** CDR privacy password (plain); clients send its md5. Default 'privacy'. */
  privacyPassword?: string;
  /** Default: 'incoming' (the reception) and one group with every extension. */
  callgroups?: KalliopeCallgroupSeed[];
  /** CDR at start. Default: a dozen calls of the last days built from the extensions and contacts. */
  cdr?: KalliopeCdrSeed[];
}

export interface Contact {
  id: number;
  owner: string | null;
  firstName: string;
  lastName: string;
  organization: string;
  organizationalUnit: string;
  phone: string;
  mail: string;
  speedDial: string;
}

export interface Failover {
  intro: string;
  type: string;
  name: string;
  value: string;
}

export interface UserConfig {
  exten: string;
  firstName: string;
  lastName: string;
  enabled: boolean;
  sipSecret: string;
  guiSecretMd5: string;
  phonebookManager: boolean;
  vmEnabled: boolean;
  vmSecret: string;
  vmEmail: string;
  vmAttachEnabled: boolean;
  vmMessageDelete: boolean;
  failover: Failover;
  /** Only for extensions seeded without links. */
  registered: boolean;
}

export interface Callgroup {
  id: string;
  name: string;
  selection: string;
  enabled: boolean;
  timeout: number;
  priorities: string[][];
}

export interface CdrRow extends Required<Omit<KalliopeCdrSeed, 'answer'>> {
  id: number;
  answer: Date | null;
}

export interface Mailbox {
  urgent: number;
  new: number;
  old: number;
}

export type LicenseState = 'active' | 'missing' | 'expired' | 'disabled';

export const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

const pad = (n: number): string => String(n).padStart(2, '0');

/** "YYYY-MM-DD hh:mm:ss" in local time (the PBX's clock). */
export function kpbxDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "YYYY-MM-DD hh:mm:ss" (seconds optional) → Date; null when unreadable. */
export function parseKpbxDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, se);
  return date.getMonth() === mo - 1 && date.getDate() === d && h < 24 && mi < 60 && se < 60 ? date : null;
}

export function splitName(name: string): { firstName: string; lastName: string } {
  const t = name.trim();
  const i = t.indexOf(' ');
  return i < 0 ? { firstName: t, lastName: '' } : { firstName: t.slice(0, i), lastName: t.slice(i + 1).trim() };
}

/** A deterministic secret from a seed string (sip/vm secrets of the simulated users). */
export function derivedSecret(seed: string, digitsOnly = false): string {
  const h = md5(seed);
  return digitsOnly ? String(parseInt(h.slice(0, 8), 16) % 10000).padStart(4, '0') : h.slice(0, 12);
}

export function buildUser(e: KalliopeExtensionSeed, reception: string, pbxId: string): UserConfig {
  const split = splitName(e.name);
  return {
    exten: e.extension,
    firstName: e.firstName ?? split.firstName,
    lastName: e.lastName ?? split.lastName,
    enabled: e.enabled ?? true,
    sipSecret: derivedSecret(`${pbxId}/sip/${e.extension}`),
    guiSecretMd5: md5(derivedSecret(`${pbxId}/gui/${e.extension}`)),
    phonebookManager: e.extension === reception,
    vmEnabled: e.extension === reception || (e.voicemail ?? false),
    vmSecret: derivedSecret(`${pbxId}/vm/${e.extension}`, true),
    vmEmail: '',
    vmAttachEnabled: false,
    vmMessageDelete: false,
    failover: { intro: '', type: e.extension === reception ? 'FORWARD_TO_VOICEMAIL' : 'HANGUP', name: '', value: e.extension === reception ? e.extension : '' },
    registered: e.registered ?? true,
  };
}

export function buildCallgroups(opts: KalliopeSimOptions): Callgroup[] {
  const seeds: KalliopeCallgroupSeed[] = opts.callgroups ?? [
    { id: 'incoming', name: 'Incoming', selection: '', members: [opts.receptionExtension] },
    { id: '1', name: 'Ufficio', selection: '600', members: opts.extensions.map((e) => e.extension) },
  ];
  return seeds.map((g) => ({
    id: g.id,
    name: g.name,
    selection: g.selection ?? '',
    enabled: g.enabled ?? true,
    timeout: g.timeout ?? 20,
    priorities: g.members.length > 0 && Array.isArray(g.members[0]) ? (g.members as string[][]) : [g.members as string[]],
  }));
}

/** Mask the last three digits of a number with X (CDR without the privacy password). */
export function maskNumber(n: string): string {
  const chars = [...n];
  let left = 3;
  for (let i = chars.length - 1; i >= 0 && left > 0; i--) {
    if (/\d/.test(chars[i] ?? '')) {
      chars[i] = 'X';
      left--;
    }
  }
  return chars.join('');
}

/** The shape of an office phonebook entry (sim/office-data.ts OfficeContact), structurally. */
export interface OfficeContactLike {
  firstName: string;
  lastName?: string;
  company?: string;
  work?: string;
  mobile?: string;
  home?: string;
  fax?: string;
  email?: string;
}

/**
 * Office contacts → KalliopePBX system contacts. A Kalliope contact has one `<phone>`, so a person
 * with several numbers becomes one contact per number (work, mobile, home, fax), as people enter
 * them on a real PBX.
 */
export function kalliopeContactsFromOffice(contacts: readonly OfficeContactLike[]): KalliopeContactSeed[] {
  const out: KalliopeContactSeed[] = [];
  for (const c of contacts) {
    for (const phone of [c.work, c.mobile, c.home, c.fax]) {
      if (!phone) continue;
      out.push({
        firstName: c.firstName,
        lastName: c.lastName ?? '',
        ...(c.company ? { organization: c.company } : {}),
        phone,
        ...(c.email ? { mail: c.email } : {}),
      });
    }
  }
  return out;
}

/**
 * Settings without React: form values ⇄ the contract's settings, and client-side checks that
 * mirror `numberingSchema`, `pushListenerSchema`, the hotkey accelerator and `dialRouteSchema`
 * (shared/ipc/features/settings.ts, calls.ts; a unit test checks they agree). Checks answer codes;
 * the view translates them.
 */
import type { DeviceKind } from '../../../../shared/domain';
import type { InvokeInput, InvokeOutput } from '../../../../shared/ipc/contract';

export type PublicSettings = InvokeOutput<'settings.get'>;
export type SettingsUpdate = InvokeInput<'settings.update'>;
export type Numbering = PublicSettings['numbering'];
export type DialRoute = NonNullable<PublicSettings['dialRoute']>;
export type HotkeyName = keyof PublicSettings['desktop']['hotkeys'];
export type NotificationKind = keyof PublicSettings['desktop']['notifications'];

export const HOTKEYS: readonly HotkeyName[] = ['dial', 'answer', 'hangup'];
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['incoming', 'missed', 'voicemail', 'device', 'motion'];

export type ErrorCode = 'required' | 'digits' | 'countryCode' | 'range' | 'accelerator' | 'tooLong' | 'device' | 'extension';
export interface FieldError {
  code: ErrorCode;
  min?: number;
  max?: number;
}

/* ---------------- dial route ---------------- */

export interface RouteForm {
  /** 'auto' = no route stored (the first phone places calls). */
  kind: 'auto' | 'phone' | 'pbx';
  phoneId: string;
  /** 1-based account of the phone, '' = the phone's default. */
  account: string;
  pbxId: string;
  /** My extension for click-to-call, '' = the PBX's configured reception extension. */
  extension: string;
}

export function routeForm(route: DialRoute | undefined): RouteForm {
  const f: RouteForm = { kind: 'auto', phoneId: '', account: '', pbxId: '', extension: '' };
  if (!route) return f;
  if (route.kind === 'phone') return { ...f, kind: 'phone', phoneId: route.deviceId, account: route.account === undefined ? '' : String(route.account) };
  return { ...f, kind: 'pbx', pbxId: route.deviceId, extension: route.extension ?? '' };
}

/** Devices that can place calls for each route kind. */
export const ROUTE_KINDS: Record<'phone' | 'pbx', readonly DeviceKind[]> = { phone: ['grandstream-phone'], pbx: ['kalliope'] };

export function validateRoute(f: RouteForm): Partial<Record<'phoneId' | 'account' | 'pbxId' | 'extension', FieldError>> {
  const e: Partial<Record<'phoneId' | 'account' | 'pbxId' | 'extension', FieldError>> = {};
  if (f.kind === 'phone') {
    if (f.phoneId === '') e.phoneId = { code: 'device' };
    const a = f.account.trim();
    if (a !== '' && !(/^\d+$/.test(a) && Number(a) >= 1 && Number(a) <= 16)) e.account = { code: 'range', min: 1, max: 16 };
  } else if (f.kind === 'pbx') {
    if (f.pbxId === '') e.pbxId = { code: 'device' };
    if (f.extension.trim() !== '' && !/^[0-9*#]{1,15}$/.test(f.extension.trim())) e.extension = { code: 'extension' };
  }
  return e;
}

/** The route to store, or null to clear it ("automatic"). */
export function routeFromForm(f: RouteForm): DialRoute | null {
  if (f.kind === 'phone') return { kind: 'phone', deviceId: f.phoneId, ...(f.account.trim() !== '' ? { account: Number(f.account.trim()) } : {}) };
  if (f.kind === 'pbx') return { kind: 'pbx', deviceId: f.pbxId, ...(f.extension.trim() !== '' ? { extension: f.extension.trim() } : {}) };
  return null;
}

/* ---------------- number normalisation ---------------- */

export interface NumberingForm {
  countryCode: string;
  internationalPrefix: string;
  trunkPrefix: string;
  outsideLinePrefix: string;
  internalMaxDigits: string;
}
export type NumberingField = keyof NumberingForm;

export function numberingForm(n: Numbering): NumberingForm {
  return {
    countryCode: n.countryCode,
    internationalPrefix: n.internationalPrefix,
    trunkPrefix: n.trunkPrefix,
    outsideLinePrefix: n.outsideLinePrefix ?? '',
    internalMaxDigits: n.internalMaxDigits === undefined ? '' : String(n.internalMaxDigits),
  };
}

const digitsUpTo = (s: string, max: number) => new RegExp(`^[0-9]{0,${max}}$`).test(s.trim());

export function validateNumbering(f: NumberingForm): Partial<Record<NumberingField, FieldError>> {
  const e: Partial<Record<NumberingField, FieldError>> = {};
  if (!/^[1-9][0-9]{0,3}$/.test(f.countryCode.trim())) e.countryCode = { code: f.countryCode.trim() === '' ? 'required' : 'countryCode' };
  if (f.internationalPrefix.trim() === '') e.internationalPrefix = { code: 'required' };
  else if (!digitsUpTo(f.internationalPrefix, 4)) e.internationalPrefix = { code: 'digits', max: 4 };
  if (!digitsUpTo(f.trunkPrefix, 2)) e.trunkPrefix = { code: 'digits', max: 2 };
  if (!digitsUpTo(f.outsideLinePrefix, 3)) e.outsideLinePrefix = { code: 'digits', max: 3 };
  const m = f.internalMaxDigits.trim();
  if (m !== '' && !(/^\d+$/.test(m) && Number(m) >= 1 && Number(m) <= 8)) e.internalMaxDigits = { code: 'range', min: 1, max: 8 };
  return e;
}

export function numberingFromForm(f: NumberingForm): Numbering {
  return {
    countryCode: f.countryCode.trim(),
    internationalPrefix: f.internationalPrefix.trim(),
    trunkPrefix: f.trunkPrefix.trim(),
    ...(f.outsideLinePrefix.trim() !== '' ? { outsideLinePrefix: f.outsideLinePrefix.trim() } : {}),
    ...(f.internalMaxDigits.trim() !== '' ? { internalMaxDigits: Number(f.internalMaxDigits.trim()) } : {}),
  };
}

/* ---------------- alarm push listener ---------------- */

export interface PushForm {
  enabled: boolean;
  host: string;
  port: string;
}
export type PushField = 'host' | 'port';

export function validatePush(f: PushForm): Partial<Record<PushField, FieldError>> {
  const e: Partial<Record<PushField, FieldError>> = {};
  const host = f.host.trim();
  if (host === '') e.host = { code: 'required' };
  else if (host.length > 100) e.host = { code: 'tooLong', max: 100 };
  const p = f.port.trim();
  if (!(/^\d+$/.test(p) && Number(p) <= 65535)) e.port = { code: 'range', min: 0, max: 65535 };
  return e;
}

export function pushFromForm(f: PushForm): PublicSettings['pushListener'] {
  return { enabled: f.enabled, host: f.host.trim(), port: Number(f.port.trim()) };
}

/* ---------------- hotkeys ---------------- */

/** Mirrors the accelerator schema: empty (switched off) or letters, digits and + (at most 60). */
export function validateHotkey(s: string): FieldError | undefined {
  const v = s.trim();
  if (v.length > 60) return { code: 'tooLong', max: 60 };
  if (v !== '' && !/^[A-Za-z0-9+]+$/.test(v)) return { code: 'accelerator' };
  return undefined;
}

/* ---------------- optimistic desktop changes ---------------- */

/** The settings as they will be once a desktop update is saved (nested hotkeys and notifications merged), to show at once. */
export function withDesktopUpdate(s: PublicSettings, update: SettingsUpdate['desktop']): PublicSettings {
  if (!update) return s;
  const { hotkeys, notifications, ...rest } = update;
  const defined = <T extends object>(o: T | undefined): Partial<T> => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...s,
    desktop: {
      ...s.desktop,
      ...defined(rest),
      hotkeys: { ...s.desktop.hotkeys, ...defined(hotkeys) },
      notifications: { ...s.desktop.notifications, ...defined(notifications) },
    },
  };
}

/* ---------------- server issues ---------------- */

/** "numbering.countryCode: must be …" → { 'numbering.countryCode': 'must be …' }; paths deeper than two parts keep their first two. */
export function issuesByPath(issues: readonly string[] | undefined): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues ?? []) {
    const m = /^([A-Za-z]+(?:\.[A-Za-z]+)*)(?:\.\d+)?:\s*(.*)$/.exec(issue);
    if (!m?.[1]) {
      other.push(issue);
      continue;
    }
    const parts = m[1].split('.');
    const key = parts[0] === 'desktop' ? parts.slice(0, 3).join('.') : parts.slice(0, 2).join('.');
    fields[key] = fields[key] ? `${fields[key]}; ${m[2] ?? ''}` : (m[2] ?? '');
  }
  return { fields, other };
}

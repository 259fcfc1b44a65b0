/**
 * Helpers of the secrets audit (secrets-audit.test.ts): the secrets to look for, taken from the
 * simulated office itself (the configured passwords, the NethVoice API secret, the KalliopePBX
 * privacy password, every simulated user's clear-text password, SIP secret and voicemail PIN, and
 * the session ids the simulators hand out, sampled from their live state), their hash equivalents,
 * and a scanner that reports where one shows up.
 */
import { createHash } from 'node:crypto';

export interface Needle {
  /** What it is, for the report (never the value itself). */
  what: string;
  value: string;
}

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
const sha1 = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** A password and what a leak of it could look like (hashes, Basic credentials). */
export function passwordNeedles(what: string, password: string, user: string): Needle[] {
  return [
    { what, value: password },
    { what: `md5(${what})`, value: md5(password) },
    { what: `sha1(${what})`, value: sha1(password) },
    { what: `sha256(${what})`, value: sha256(password) },
    { what: `base64(${what})`, value: b64(password) },
    { what: `Basic ${user}:${what}`, value: b64(`${user}:${password}`) },
    { what: `Basic ${user}:md5(${what})`, value: b64(`${user}:${md5(password)}`) },
  ];
}

export function nethvoiceSecretKey(user: string, password: string, secret: string): string {
  return sha1(user + sha1(password) + secret).toLowerCase();
}

/** KalliopePBX 4.x: sha256_hex(password + "{" + salt + "}"). */
export function kalliopeDigestPassword(password: string, salt: string): string {
  return sha256(`${password}{${salt}}`);
}

const SECRET_KEY = /^(password|passwd|pwd|pin|secret|sipSecret|vmSecret|web_password|guiSecretMd5|privacyPassword|adminPassword)$/i;

/**
 * Secrets held in a simulator's own state: string fields named like a password, PIN or secret,
 * and the keys of its session maps (the session ids it handed out). Walks own properties (the
 * simulators keep their data in plain objects and Maps), depth-limited.
 */
export function simSecrets(root: unknown): { fields: { key: string; value: string }[]; sessions: string[] } {
  const fields: { key: string; value: string }[] = [];
  const sessions: string[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, key: string, depth: number): void => {
    if (depth > 8 || v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map) {
      if (/sessions?$/i.test(key)) for (const k of v.keys()) if (typeof k === 'string') sessions.push(k);
      for (const [k, val] of v) visit(val, String(k), depth + 1);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) visit(x, key, depth + 1);
      return;
    }
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (typeof val === 'string' && SECRET_KEY.test(k)) fields.push({ key: k, value: val });
      else visit(val, k, depth + 1);
    }
  };
  visit(root, 'root', 0);
  return { fields, sessions };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `text` carries the needle. Long values match anywhere (hex hashes in any case). A short
 * all-digit value (a 4-digit PIN) matches only where a leak would put it (a whole JSON value, a
 * `name=value` parameter, or right after a PIN-like word), not inside a phone number or a time.
 */
export function finds(text: string, n: Needle): boolean {
  const v = n.value;
  if (/^\d{1,8}$/.test(v)) {
    const re = new RegExp(String.raw`"${v}"|:${v}(?=[,}\]])|=${v}(?!\d)|(?:pin|pwd|secret|password|vm)[^\n]{0,12}?(?<!\d)${v}(?!\d)`, 'i');
    return re.test(text);
  }
  if (/^[0-9a-f]{32,}$/i.test(v)) return text.toLowerCase().includes(v.toLowerCase());
  // a secret that could be part of an ordinary word (short, or letters only, like the demo's
  // "privacy") counts only as a whole word: "privacyPassword" is a field name, not a leak
  if (v.length < 8 || /^\p{L}+$/u.test(v)) return new RegExp(String.raw`(?<![\p{L}\p{N}_])${escapeRe(v)}(?![\p{L}\p{N}_])`, 'u').test(text);
  return new RegExp(escapeRe(v)).test(text);
}

export interface Finding {
  where: string;
  what: string;
  excerpt: string;
}

/** Every needle found in every text, with a short excerpt around it (the value itself replaced). */
export function scan(texts: { where: string; text: string }[], needles: Needle[]): Finding[] {
  const out: Finding[] = [];
  for (const t of texts) {
    for (const n of needles) {
      if (!finds(t.text, n)) continue;
      const i = t.text.indexOf(n.value);
      const excerpt = i < 0 ? '(hash, case-insensitive match)' : `${t.text.slice(Math.max(0, i - 60), i)}<${n.what}>${t.text.slice(i + n.value.length, i + n.value.length + 40)}`;
      out.push({ where: t.where, what: n.what, excerpt });
    }
  }
  return out;
}

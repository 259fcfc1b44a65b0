/**
 * Redaction for logs: credentials and sessions never reach a log line, even when a message quotes
 * request headers, a cookie, a query string or a device answer. Covers the credential headers of
 * every device family (Authorization: Basic of the cameras and KalliopePBX 3.x, the NethVoice
 * `Secretkey`, the KalliopePBX 4.x `X-authenticate` signed header) and session cookies and
 * parameters (Grandstream `sid`/`session-identity`, GSC36xx `session`). Names stay, values go.
 * (The CLI's own output redaction by value is main/cli/redact.ts.)
 */

export const REDACTED = '***';

/** Headers whose whole value is a credential. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'secretkey', 'x-authenticate']);

/** `a=1; b=2` (Cookie) → `a=***; b=***`. */
function redactCookiePairs(v: string): string {
  return v.replace(/(^|;\s*)([^=;\s]+)=[^;]*/g, (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
}

/** One Set-Cookie value: the cookie's own value goes, its attributes (Path, HttpOnly…) stay. */
function redactSetCookie(v: string): string {
  return v.replace(/^(\s*[^=;\s]+)=[^;]*/, `$1=${REDACTED}`);
}

/** A copy of request or response headers fit for a log: credential and cookie values replaced. */
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | number | undefined>>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const values = Array.isArray(value) ? value.map(String) : [String(value as string | number)];
    let clean: string[];
    if (CREDENTIAL_HEADERS.has(lower)) clean = values.map(() => REDACTED);
    else if (lower === 'cookie') clean = values.map(redactCookiePairs);
    else if (lower === 'set-cookie') clean = values.map(redactSetCookie);
    else clean = values;
    out[name] = Array.isArray(value) ? clean : (clean[0] ?? '');
  }
  return out;
}

const SESSION_PARAMS = String.raw`(?:sid|session|session-identity|session_id|sessionid|phpsessid|token|authcode|secret|password|passcode)`;
const JSON_SECRET_FIELDS = String.raw`(?:sid|session|session-identity|session_id|token|password|passwd|pwd|pin|secret|secretkey|authorization|x-authenticate|cookie|set-cookie|authcode|passcode)`;

const RULES: readonly [RegExp, (m: string, ...groups: string[]) => string][] = [
  // the KalliopePBX 4.x signed header, whatever precedes it
  [/RestApiUsernameToken\s[^\r\n]*/gi, () => `RestApiUsernameToken ${REDACTED}`],
  // header lines or header fields: Authorization: Basic …, Secretkey=…, "x-authenticate":"…"
  [/\b(proxy-authorization|authorization|secretkey|x-authenticate)(["']?\s*[:=]\s*["']?)(?:(?:basic|bearer|digest|RestApiUsernameToken)\s+)?[^\s"',;}]+/gi, (_m, name, sep) => `${name}${sep}${REDACTED}`],
  // Cookie / Set-Cookie header lines: every name=value pair up to the end of the line
  [/\b(set-cookie|cookie)(["']?\s*[:=]\s*["']?)([^\r\n"]*)/gi, (_m, name, sep, rest) => `${name}${sep}${rest.replace(/([^=;,\s]+)=[^;,\s]*/g, (_p, n: string) => (/^(path|domain|expires|max-age|samesite)$/i.test(n) ? _p : `${n}=${REDACTED}`))}`],
  // JSON fields
  [new RegExp(String.raw`("${JSON_SECRET_FIELDS}"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), (_m, lead) => `${lead}"${REDACTED}"`],
  // query or form parameters: sid=…, session-identity=…, authcode=…
  [new RegExp(String.raw`(^|[?&;\s,(])(${SESSION_PARAMS})=([^&;\s"',]+)`, 'gi'), (_m, lead, name) => `${lead}${name}=${REDACTED}`],
];

/** A log line with credential headers, cookies, session parameters and secret JSON fields replaced by ***. */
export function redactText(text: string): string {
  let out = text;
  for (const [re, fn] of RULES) out = out.replace(re, fn as (m: string, ...g: string[]) => string);
  return out;
}

/** A log sink that redacts every line before passing it on. */
export function redactingLog(sink: (msg: string) => void): (msg: string) => void {
  return (msg) => sink(redactText(msg));
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The KalliopePBX 4.x authentication the simulator checks (KalliopePBX 4 REST API, X-authenticate
 * header (observed)), written from the published construction, independently of the driver:
 *
 *   X-authenticate: RestApiUsernameToken Username="…", Domain="…", Digest="…", Nonce="…", Created="…"
 *   digestPassword = sha256_hex(password + "{" + salt + "}")
 *   Digest         = base64(sha256_raw(Nonce + digestPassword + Username + Domain + Created))
 *
 * Nonce: hex, at least 8 characters, refused when seen again within 5 minutes. Created: UTC
 * `YYYY-MM-DDThh:mm:ssZ`, refused when more than 5 minutes from the PBX clock. The salt is per
 * tenant and anonymous (`GET /rest/salt/<tenantDomain>`).
 *
 * How a real 4.x words its refusals is not documented: this simulator answers 401 with a JSON
 * `{"code":401,"message":…}` and its HTTP Date header shows the PBX clock (which `clockOffsetMs`
 * can move, to play a PBX whose clock is wrong).
 */

export const WINDOW_MS = 5 * 60_000;

export interface SignedAuthOptions {
  /** The API user (the web login of a user allowed to use the REST API). */
  username: string;
  password: string;
  /** The tenant domain ('default' on single-tenant systems). */
  tenantDomain: string;
  /** The PBX clock minus the real clock, ms (default 0). */
  clockOffsetMs?: number;
}

/** Why a signed request was refused (also counted in the simulator state). */
export type SignedRefusal = 'missing' | 'malformed' | 'unknown-user' | 'bad-nonce' | 'clock' | 'nonce-reused' | 'bad-digest';

export type SignedVerdict = { ok: true } | { ok: false; why: SignedRefusal; message: string };

const MESSAGES: Readonly<Record<SignedRefusal, string>> = {
  missing: 'Authentication required: missing X-authenticate header',
  malformed: 'Invalid X-authenticate header',
  'unknown-user': 'Invalid credentials',
  'bad-nonce': 'Invalid nonce: a hexadecimal string of at least 8 characters is required',
  clock: 'Created timestamp is more than 5 minutes away from the server time',
  'nonce-reused': 'Nonce already used',
  'bad-digest': 'Invalid credentials',
};

const CREATED_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** `key="value"` pairs after the `RestApiUsernameToken` scheme word; undefined when not that scheme. */
export function parseHeader(value: string): Record<string, string> | undefined {
  const m = /^\s*RestApiUsernameToken\s+(.*)$/s.exec(value);
  if (!m?.[1]) return undefined;
  const out: Record<string, string> = {};
  const re = /\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*(?:,|$)/gy;
  let rest = m[1];
  let pair: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((pair = re.exec(rest)) !== null) {
    out[pair[1] ?? ''] = pair[2] ?? '';
    if (re.lastIndex >= rest.length) break;
  }
  rest = rest.slice(re.lastIndex).trim();
  return rest === '' ? out : undefined;
}

export class SignedAuth {
  /** The tenant's salt (hex), handed out anonymously. */
  readonly salt = randomBytes(16).toString('hex');
  private readonly nonces = new Map<string, number>();
  readonly refusals: Record<SignedRefusal, number> = {
    missing: 0,
    malformed: 0,
    'unknown-user': 0,
    'bad-nonce': 0,
    clock: 0,
    'nonce-reused': 0,
    'bad-digest': 0,
  };
  accepted = 0;

  constructor(private readonly opts: SignedAuthOptions) {}

  /** The PBX clock (real time plus the configured offset). */
  now(): number {
    return Date.now() + (this.opts.clockOffsetMs ?? 0);
  }

  knowsDomain(domain: string): boolean {
    return domain === this.opts.tenantDomain;
  }

  private digestPassword(): string {
    return createHash('sha256').update(`${this.opts.password}{${this.salt}}`, 'utf8').digest('hex');
  }

  verify(header: string | undefined): SignedVerdict {
    const verdict = this.check(header);
    if (verdict.ok) this.accepted++;
    else this.refusals[verdict.why]++;
    return verdict;
  }

  private check(header: string | undefined): SignedVerdict {
    const refuse = (why: SignedRefusal): SignedVerdict => ({ ok: false, why, message: MESSAGES[why] });
    if (header === undefined || header.trim() === '') return refuse('missing');
    const f = parseHeader(header);
    const username = f?.['Username'];
    const domain = f?.['Domain'];
    const digest = f?.['Digest'];
    const nonce = f?.['Nonce'];
    const created = f?.['Created'];
    if (username === undefined || domain === undefined || digest === undefined || nonce === undefined || created === undefined) return refuse('malformed');
    if (username !== this.opts.username || domain !== this.opts.tenantDomain) return refuse('unknown-user');
    if (!/^[0-9a-fA-F]{8,}$/.test(nonce)) return refuse('bad-nonce');
    const at = CREATED_RE.test(created) ? Date.parse(created) : NaN;
    if (!Number.isFinite(at)) return refuse('malformed');
    const now = this.now();
    if (Math.abs(now - at) > WINDOW_MS) return refuse('clock');
    this.forgetOld(now);
    if (this.nonces.has(nonce.toLowerCase())) return refuse('nonce-reused');
    const expected = createHash('sha256').update(nonce + this.digestPassword() + username + domain + created, 'utf8').digest();
    const given = Buffer.from(digest, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('bad-digest');
    this.nonces.set(nonce.toLowerCase(), now + WINDOW_MS);
    return { ok: true };
  }

  private forgetOld(now: number): void {
    for (const [n, until] of this.nonces) if (until < now) this.nonces.delete(n);
  }

  /** Nonces remembered right now (for the state dump). */
  get rememberedNonces(): number {
    return this.nonces.size;
  }
}

/** The anonymous salt answer: JSON when asked for it, else XML with a `<salt>` element. */
export function saltBody(salt: string, accept: string): { body: string; contentType: string } {
  if (/application\/json/i.test(accept)) return { body: JSON.stringify({ salt }), contentType: 'application/json' };
  return { body: `<?xml version="1.0" encoding="UTF-8"?>\n<response><salt>${salt}</salt></response>\n`, contentType: 'application/xml; charset=utf-8' };
}

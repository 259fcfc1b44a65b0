/**
 * The challenge login and XML settings of Grandstream GSC36xx cameras (GSC36xx HTTP API,
 * "Authentication"; issue 11, observed on real firmware):
 * - `GET /goform/login?cmd=login&type=0&user=<user>` → XML
 *   `<Configuration><ResCode>0</ResCode><ChallengeCode>…</ChallengeCode><LoginType>0</LoginType><RetMsg>OK</RetMsg></Configuration>`;
 * - the same URL plus `&authcode=md5_hex(ChallengeCode + ":GSC36XXlZpRsFzCbM:" + password)` →
 *   `Set-Cookie: session=<hex>` (and `uname`, `level`), XML with ResCode 0;
 * - `GET /goform/config?cmd=get&type=<video|osd|audio|date|…>` → `<Configuration><P…>…</P…></Configuration>`;
 *   `cmd=set&P…=…` answers a body containing "Successful"; `cmd=reboot` reboots.
 * Every other request needs the `session` cookie (401 without). What the camera answers to a wrong
 * authcode, an unknown type or an unknown P-value is not documented: this simulator answers XML with
 * a non-zero ResCode and a RetMsg ("Authentication error", "Invalid type", "<P…> Invalid").
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CameraCore } from './core';
import type { Params } from './reply';

export const GSC_AUTH_SALT = 'GSC36XXlZpRsFzCbM';
const CHALLENGE_TTL_MS = 60_000;
const MAX_CHALLENGES = 16;

export interface GscReply {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string | string[]>;
  after?: () => void;
}

export type GscAccess = 'admin' | 'viewer';

function esc(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<Configuration>` with one element per field. */
export function gscXml(fields: readonly (readonly [string, string | number])[]): GscReply {
  const inner = fields.map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`).join('\n');
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8" ?>\n<Configuration>\n${inner}\n</Configuration>\n`, contentType: 'text/xml;charset=UTF-8' };
}

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** Initial settings by type; P-values as a GSC36xx lists them (codec 26 = H.264, resolution 1025 = 1920x1080). */
function defaultConfig(core: CameraCore): Map<string, Map<string, string>> {
  const o = core.opts;
  const types: Record<string, Record<string, string>> = {
    video: { P12306: '26', P12313: '2', P12307: '1025', P12904: '25', P12311: '1', P12312: '50' },
    osd: { P10044: '1', P10045: '1', P10001: '0', P10040: o.name },
    audio: { P14000: '1', P14002: '3', P14003: '3' },
    date: { P64: 'CET-1CEST-2,M3.5.0/02:00:00,M10.5.0/03:00:00', P5006: '1', P30: 'pool.ntp.org' },
  };
  return new Map(Object.entries(types).map(([t, values]) => [t, new Map(Object.entries(values))]));
}

export class GscApi {
  private challenges = new Map<string, { user: string; at: number }>();
  private sessions = new Map<string, { access: GscAccess; lastSeen: number }>();
  private config: Map<string, Map<string, string>>;

  constructor(
    private readonly core: CameraCore,
    private readonly sessionTtlMs = 600_000,
  ) {
    this.config = defaultConfig(core);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Settings as stored (for the simulator's state). */
  snapshot(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.config].map(([t, m]) => [t, Object.fromEntries(m)]));
  }

  /** Every session ends (auth-expired fault, reboot). */
  invalidate(): void {
    this.sessions.clear();
    this.challenges.clear();
  }

  private passwordOf(user: string): { password: string; access: GscAccess } | undefined {
    const o = this.core.opts;
    if (user === o.username) return { password: o.password, access: 'admin' };
    if (o.viewer && user === o.viewer.username) return { password: o.viewer.password, access: 'viewer' };
    return undefined;
  }

  login(p: Params, now: number): GscReply {
    if (p.get('cmd') !== 'login') return gscXml([['ResCode', 1], ['RetMsg', 'Invalid cmd']]);
    const user = p.get('user') ?? '';
    const authcode = p.get('authcode');
    for (const [c, v] of this.challenges) if (now - v.at > CHALLENGE_TTL_MS) this.challenges.delete(c);
    if (authcode === undefined) {
      while (this.challenges.size >= MAX_CHALLENGES) {
        const oldest = this.challenges.keys().next().value;
        if (oldest === undefined) break;
        this.challenges.delete(oldest);
      }
      const challenge = randomBytes(16).toString('hex');
      this.challenges.set(challenge, { user, at: now });
      return gscXml([['ResCode', 0], ['ChallengeCode', challenge], ['LoginType', 0], ['RetMsg', 'OK']]);
    }
    const account = this.passwordOf(user);
    let matched: string | undefined;
    for (const [c, v] of this.challenges) {
      if (v.user === user && account && md5(`${c}:${GSC_AUTH_SALT}:${account.password}`) === authcode.toLowerCase()) matched = c;
    }
    // A challenge is good for one answer, right or wrong.
    for (const [c, v] of this.challenges) if (v.user === user) this.challenges.delete(c);
    if (!account || matched === undefined) return gscXml([['ResCode', 1], ['RetMsg', 'Authentication error']]);
    const session = randomBytes(16).toString('hex');
    this.sessions.set(session, { access: account.access, lastSeen: now });
    return {
      ...gscXml([['ResCode', 0], ['RetMsg', 'OK']]),
      headers: { 'Set-Cookie': [`session=${session};path=/;`, `uname=${user};path=/;`, `level=${account.access === 'admin' ? 1 : 0};path=/;`] },
    };
  }

  /** The access of the `session` cookie, if it names a live session (its use keeps it alive). */
  access(cookieHeader: string | undefined, now: number): GscAccess | null {
    const id = /(?:^|;\s*)session=([^;]*)/.exec(cookieHeader ?? '')?.[1]?.trim();
    const s = id ? this.sessions.get(id) : undefined;
    if (!s || !id) return null;
    if (now - s.lastSeen > this.sessionTtlMs) {
      this.sessions.delete(id);
      return null;
    }
    s.lastSeen = now;
    return s.access;
  }

  /** `/goform/config`: get by type, set P-values, reboot. */
  handleConfig(p: Params, access: GscAccess): GscReply {
    if (access !== 'admin') return gscXml([['ResCode', 1], ['RetMsg', 'No Privilege']]);
    const cmd = p.get('cmd');
    if (cmd === 'get') {
      const values = this.config.get(p.get('type') ?? '');
      if (!values) return gscXml([['ResCode', 1], ['RetMsg', 'Invalid type']]);
      return gscXml([['ResCode', 0], ...values, ['RetMsg', 'OK']]);
    }
    if (cmd === 'set') {
      const names = p.names('type');
      if (names.length === 0) return gscXml([['ResCode', 1], ['RetMsg', 'Missing param']]);
      const owner = (n: string): Map<string, string> | undefined => [...this.config.values()].find((m) => m.has(n));
      const unknown = names.find((n) => !owner(n));
      if (unknown) return gscXml([['ResCode', 1], ['RetMsg', `${unknown} Invalid`]]);
      for (const n of names) owner(n)?.set(n, p.get(n) ?? '');
      return gscXml([['ResCode', 0], ['RetMsg', 'Successful']]);
    }
    if (cmd === 'reboot') return { ...gscXml([['ResCode', 0], ['RetMsg', 'OK']]), after: () => this.core.reboot(false) };
    return gscXml([['ResCode', 1], ['RetMsg', 'Invalid cmd']]);
  }
}

/**
 * Camera logins beyond seed 002's HTTP Basic:
 *
 * `GscChallengeStrategy`: the GSC36xx challenge login (GSC36xx HTTP API, "Authentication"; issue 11):
 * `GET /goform/login?cmd=login&type=0&user=<user>` answers XML with `<ResCode>0</ResCode>` and a
 * `<ChallengeCode>`; the same URL with `&authcode=md5_hex(ChallengeCode + ":GSC36XXlZpRsFzCbM:" +
 * password)` answers `<ResCode>0</ResCode>` and sets the `session` cookie (plus `uname`, `level`),
 * which every later request carries. A refused authcode is latched (never sent again); a 401 later
 * means the session ended, and gets one fresh login.
 *
 * `AutoCameraStrategy`: the family detection. Step 1 of the GSC login sends no password: a 2xx with
 * a challenge means 'gsc-challenge' (and the login goes on); a non-2xx, or a 2xx without a
 * challenge, means old firmware, which falls back to the Basic auth of the manual ('gxv-basic'), as
 * observed on real firmware (issue 11).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AuthError, ProtocolError, UnsupportedFirmwareError } from '../../core/driver/errors';
import type { CameraFamily } from '../../core/driver/types';
import { md5Hex, type HttpResponse } from '../common/http';
import { isRecord } from '../common/shape';
import { xmlRefusal } from '../common/xml-guard';
import { BasicAuthStrategy } from './auth';
import type { CameraAuthContext, CameraAuthorization, CameraAuthStrategy } from './types';

export const GSC_AUTH_SALT = 'GSC36XXlZpRsFzCbM';

const parser = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: true, ignoreDeclaration: true, ignoreAttributes: true });

/** The children of `<Configuration>` as name → text; undefined when the text is not that XML (or carries a DTD or oversized tags: xml-guard.ts). */
export function parseGscXml(text: string): Record<string, string> | undefined {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t.startsWith('<') || xmlRefusal(t) !== undefined || XMLValidator.validate(t) !== true) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(t);
  } catch {
    // fast-xml-parser refuses some valid documents (nesting past its limit, reserved names such as <__proto__>)
    return undefined;
  }
  if (!isRecord(doc)) return undefined;
  const rootKey = Object.keys(doc).find((k) => k.toLowerCase() === 'configuration');
  const root = rootKey === undefined ? undefined : doc[rootKey];
  if (root === '') return {};
  if (!isRecord(root)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v).trim();
    else if (Array.isArray(v) && v.length > 0) out[k] = String(v[v.length - 1] as string | number).trim();
  }
  return out;
}

/** A field of the XML by name, any case. */
export function xmlField(x: Record<string, string>, name: string): string | undefined {
  const k = Object.keys(x).find((key) => key.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : x[k];
}

/** Step 1 did not answer a challenge: not the GSC36xx login (the auto strategy falls back to Basic). */
export class GscLoginAbsent extends Error {
  constructor(readonly res: HttpResponse) {
    super(`no GSC36xx challenge at ${res.endpoint} (HTTP ${res.status})`);
    this.name = 'GscLoginAbsent';
  }
}

function cookiesOf(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(/,(?=\s*[^;=\s,]+=)/)
    .map((c) => c.split(';', 1)[0]?.trim() ?? '')
    .filter((c) => /^[^=\s]+=/.test(c));
}

export class GscChallengeStrategy implements CameraAuthStrategy {
  readonly name = 'gsc-challenge';
  private cookie: string | undefined;
  private refused: AuthError | undefined;
  private inFlight: Promise<string> | undefined;
  /** Whether the camera answered step 1 with a challenge at least once (the family is GSC36xx). */
  challengeSeen = false;
  /** Logins attempted (step 2 sent; for diagnostics and tests). */
  loginCount = 0;

  /** `pinned`: a missing login is an UnsupportedFirmwareError instead of GscLoginAbsent. */
  constructor(private readonly pinned = true) {}

  async authorize(ctx: CameraAuthContext): Promise<CameraAuthorization> {
    if (this.refused) throw this.refused;
    if (this.cookie === undefined) {
      this.inFlight ??= this.login(ctx).finally(() => {
        this.inFlight = undefined;
      });
      this.cookie = await this.inFlight;
    }
    return { headers: { cookie: this.cookie } };
  }

  /** A 401 with a session: the session ended; log in once more. */
  sessionExpired(res: HttpResponse): boolean {
    if (res.status !== 401 || this.cookie === undefined) return false;
    this.cookie = undefined;
    return true;
  }

  private absent(ctx: CameraAuthContext, res: HttpResponse): Error {
    if (!this.pinned) return new GscLoginAbsent(res);
    return new UnsupportedFirmwareError({
      device: ctx.device,
      endpoint: res.endpoint,
      message: `${ctx.device}: ${res.endpoint} answered no login challenge (HTTP ${res.status}), so this camera does not use the GSC36xx login. Remove the pinned family from the device settings to let Frontdesk detect it.`,
    });
  }

  private async login(ctx: CameraAuthContext): Promise<string> {
    if (!ctx.http) throw new Error('GscChallengeStrategy needs the camera HTTP client');
    const user = ctx.username || 'admin';
    const query = { cmd: 'login', type: 0, user };
    const first = await ctx.http.send({ path: 'goform/login', query, signal: ctx.signal });
    if (first.status < 200 || first.status > 299) throw this.absent(ctx, first);
    const challengeXml = parseGscXml(first.text());
    const challenge = challengeXml ? xmlField(challengeXml, 'ChallengeCode') : undefined;
    if (!challengeXml || xmlField(challengeXml, 'ResCode') !== '0' || !challenge) throw this.absent(ctx, first);
    this.challengeSeen = true;
    this.loginCount++;
    const res = await ctx.http.send({ path: 'goform/login', query: { ...query, authcode: md5Hex(`${challenge}:${GSC_AUTH_SALT}:${ctx.password}`) }, signal: ctx.signal });
    const answer = res.status === 200 ? parseGscXml(res.text()) : undefined;
    if (!answer) {
      throw new ProtocolError({
        device: ctx.device,
        endpoint: res.endpoint,
        message: `${ctx.device}: ${res.endpoint} answered HTTP ${res.status} without the login XML. The camera may be busy or restarting; it will be retried.`,
      });
    }
    const cookies = cookiesOf(res.headers['set-cookie']);
    if (xmlField(answer, 'ResCode') !== '0' || !cookies.some((c) => c.startsWith('session='))) {
      const msg = (xmlField(answer, 'RetMsg') ?? '').slice(0, 60);
      this.refused = new AuthError({
        device: ctx.device,
        endpoint: res.endpoint,
        message: `${ctx.device}: the camera rejected user "${user}" and its password at ${res.endpoint}${msg ? ` ("${msg}")` : ''}. Correct the credentials in the device settings; Frontdesk will not log in again until then.`,
      });
      throw this.refused;
    }
    return cookies.join('; ');
  }
}

export class AutoCameraStrategy implements CameraAuthStrategy {
  readonly name = 'auto';
  readonly gsc = new GscChallengeStrategy(false);
  private readonly basic = new BasicAuthStrategy();
  private chosen: CameraFamily | undefined;
  private detecting: Promise<void> | undefined;

  /** The family found; undefined before the first request. */
  get family(): CameraFamily | undefined {
    return this.chosen;
  }

  async authorize(ctx: CameraAuthContext): Promise<CameraAuthorization> {
    if (this.chosen === undefined) {
      this.detecting ??= this.detect(ctx).finally(() => {
        this.detecting = undefined;
      });
      await this.detecting;
    }
    return this.chosen === 'gsc-challenge' ? this.gsc.authorize(ctx) : this.basic.authorize(ctx);
  }

  private async detect(ctx: CameraAuthContext): Promise<void> {
    try {
      await this.gsc.authorize(ctx);
      this.chosen = 'gsc-challenge';
    } catch (e) {
      if (e instanceof GscLoginAbsent) {
        this.chosen = 'gxv-basic';
        return;
      }
      // A refused password still tells the family; a network failure does not (detect again next time).
      if (this.gsc.challengeSeen) this.chosen = 'gsc-challenge';
      throw e;
    }
  }

  sessionExpired(res: HttpResponse): boolean {
    return this.chosen === 'gsc-challenge' && this.gsc.sessionExpired(res);
  }
}

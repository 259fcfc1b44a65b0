import { Agent, buildConnector, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { ProtocolError, TimeoutError, UnreachableError } from '../../core/driver/errors';
import { certificateError, PinMismatchError } from './tls-trust';

/**
 * One HTTP client per device origin: a keep-alive undici Agent, connect/headers/body timeouts,
 * an AbortSignal per call and a response size cap. All failures become typed driver errors
 * naming the device and the endpoint.
 */
export interface HttpClientOptions {
  device: string;
  /** Base URL including the API path, e.g. http://10.0.0.5/cgi-bin/ (trailing slash added). */
  baseUrl: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Accept a self-signed certificate whose SHA-256 fingerprint matches (hex, colons optional). */
  tlsFingerprint?: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path relative to the base URL (no leading slash), may contain a query string. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The endpoint as used in error messages: the path after the origin, without the query. */
  endpoint: string;
  text(): string;
}

const DEFAULT_TIMEOUT = 5000;
const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

/** Drop a response body we will not read; its abort error must not become an uncaught exception. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function isStaleSocketError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

function normalizeFingerprint(fp: string): string {
  return fp.replace(/[^0-9a-f]/gi, '').toLowerCase();
}

/**
 * A connector that accepts a self-signed certificate only when its SHA-256 fingerprint matches the
 * pin. Chain validation is off (the certificate is self-signed); the pin is checked on every new
 * TLS connection before any request is written.
 */
function pinnedConnector(fingerprint: string, timeoutMs: number): buildConnector.connector {
  // No TLS session resumption: a resumed session may come back without the peer certificate
  // (getPeerCertificate() is then empty), and every connection must show the pinned one.
  const base = buildConnector({ rejectUnauthorized: false, timeout: timeoutMs, maxCachedSessions: 0 });
  return (options, callback) =>
    base(options, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('connection failed'), null);
      const peer = 'getPeerCertificate' in socket ? (socket as TLSSocket).getPeerCertificate() : undefined;
      if (!peer) {
        socket.destroy();
        return callback(new Error('a certificate fingerprint is pinned but the device does not use https'), null);
      }
      const got = normalizeFingerprint(peer.fingerprint256 ?? '');
      if (got !== fingerprint) {
        socket.destroy();
        // mapError turns it into CertificateError 'changed' (tls-trust.ts): the device stops until the user trusts it again
        return callback(new PinMismatchError(got, fingerprint), null);
      }
      callback(null, socket);
    });
}

export class HttpClient {
  readonly device: string;
  readonly base: URL;
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(opts: HttpClientOptions) {
    this.device = opts.device;
    const base = new URL(opts.baseUrl);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.base = base;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const fingerprint = opts.tlsFingerprint ? normalizeFingerprint(opts.tlsFingerprint) : undefined;
    this.agent = new Agent({
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      // Embedded HTTP servers drop idle sockets early; keep ours shorter than theirs.
      keepAliveTimeout: 2000,
      connections: 4,
      ...(fingerprint ? { connect: pinnedConnector(fingerprint, this.timeoutMs) } : {}),
    });
  }

  url(path: string, query?: HttpRequest['query']): URL {
    const u = new URL(path.replace(/^\/+/, ''), this.base);
    if (query) {
      for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    }
    return u;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = this.url(req.path, req.query);
    const endpoint = url.pathname;
    // No per-request timer: the Agent's connect/headers/body timeouts bound each phase, and the
    // body loop below checks an overall deadline. (A timer and a combined signal per request were
    // most of the cost of polling a thousand phones a second.)
    const signal = req.signal;
    const deadline = Date.now() + this.timeoutMs * 2;
    const cap = req.maxBodyBytes ?? this.maxBodyBytes;
    const method = req.method ?? 'GET';
    const attempt = () =>
      request(url, {
        method,
        headers: req.headers,
        body: req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : Buffer.from(req.body),
        dispatcher: this.agent,
        signal,
      });
    let res: Dispatcher.ResponseData;
    try {
      try {
        res = await attempt();
      } catch (e) {
        // A kept-alive socket the device closed while idle fails before any answer: a GET is
        // safe to send once more on a fresh connection.
        if (method !== 'GET' || signal?.aborted || !isStaleSocketError(e)) throw e;
        res = await attempt();
      }
    } catch (e) {
      throw this.mapError(e, endpoint, req.signal);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      discard(res.body);
      throw new ProtocolError({
        device: this.device,
        endpoint,
        message: `${this.device}: the answer from ${endpoint} is ${declared} bytes, over the ${cap}-byte limit. Check that the URL points at the device's API.`,
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        const b = chunk as Buffer;
        size += b.length;
        if (size > cap) {
          discard(res.body);
          throw new ProtocolError({
            device: this.device,
            endpoint,
            message: `${this.device}: the answer from ${endpoint} exceeded the ${cap}-byte limit. Check that the URL points at the device's API.`,
          });
        }
        chunks.push(b);
        if (Date.now() > deadline) {
          discard(res.body);
          throw new TimeoutError({
            device: this.device,
            endpoint,
            message: `${this.device} (${this.base.origin}) took longer than ${this.timeoutMs * 2} ms to send its answer to ${endpoint}. Check that the device is not overloaded, or raise the timeout.`,
          });
        }
      }
    } catch (e) {
      if (e instanceof ProtocolError || e instanceof TimeoutError) throw e;
      throw this.mapError(e, endpoint, req.signal, true);
    }
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    return { status: res.statusCode, headers, body, endpoint, text: () => body.toString('utf8') };
  }

  private mapError(e: unknown, endpoint: string, callerSignal: AbortSignal | undefined, inBody = false) {
    const code = (e as { code?: string } | null)?.code ?? '';
    const msg = e instanceof Error ? e.message : String(e);
    const where = `${this.device} (${this.base.origin})`;
    const tls = certificateError(this.device, this.base.origin, endpoint, e);
    if (tls) return tls;
    if (callerSignal?.aborted) {
      return new TimeoutError({ device: this.device, endpoint, message: `${where}: the request to ${endpoint} was cancelled.`, cause: e });
    }
    if (
      e instanceof undiciErrors.ConnectTimeoutError ||
      e instanceof undiciErrors.HeadersTimeoutError ||
      e instanceof undiciErrors.BodyTimeoutError ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT'
    ) {
      return new TimeoutError({
        device: this.device,
        endpoint,
        message: `${where} did not answer ${endpoint} within ${this.timeoutMs} ms. Check that the device is powered and reachable, or raise the timeout.`,
        cause: e,
      });
    }
    if (inBody) {
      return new ProtocolError({
        device: this.device,
        endpoint,
        message: `${where}: the answer from ${endpoint} was cut off (${msg}). The device may be overloaded or restarting; it will be retried.`,
        cause: e,
      });
    }
    return new UnreachableError({
      device: this.device,
      endpoint,
      message: `${where} cannot be reached (${code || msg}). Check the address, the network and that the device is on.`,
      cause: e,
    });
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

/** Build an API base URL from a user-typed root: appends `apiPath` unless the URL already ends with it. */
export function apiBase(rootUrl: string, apiPath: string): string {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(rootUrl) ? rootUrl : `http://${rootUrl}`);
  } catch {
    throw new Error(`"${rootUrl}" is not a valid device URL. Type it like http://192.168.1.20 or https://pbx.example.com:8443.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error(`"${rootUrl}" must start with http:// or https://.`);
  }
  const want = '/' + apiPath.replace(/^\/+|\/+$/g, '');
  let path = u.pathname.replace(/\/+$/, '');
  if (!path.endsWith(want)) path += want;
  u.pathname = path + '/';
  u.search = '';
  u.hash = '';
  return u.toString();
}

export function basicAuth(user: string, password: string): string {
  return 'Basic ' + Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

export function md5Hex(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

export function sha1Hex(s: string): string {
  return createHash('sha1').update(s, 'utf8').digest('hex');
}

/** Parse JSON by content, not Content-Type. Returns undefined when it is not JSON. */
export function tryParseJson(text: string): unknown {
  const t = text.trim();
  if (!t || !/^[[{"\d-]|^(true|false|null)$/.test(t)) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}


import { createHash } from 'node:crypto';
import { request } from 'node:http';

export interface JsonReply {
  status: number;
  text: string;
  json: unknown;
}

/** fetch + parse as JSON when possible (never throws on a non-JSON body). */
export async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonReply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (typeof body === 'string') init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const r = await fetch(url, init);
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, text, json };
}

/**
 * One GET on a fresh connection (no keep-alive pool): resolves the status code, or the socket
 * error code (ECONNREFUSED, ECONNRESET, ...) when the request fails.
 */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

/**
 * One request on a fresh connection with exactly the given headers (fetch would not let a test
 * forge Host or Origin). Resolves the status and the body text.
 */
export function rawRequest(method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
export const sha1 = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

/** The Grandstream challenge login of seed 000: loginrealm, then login with MD5(user:random:password). Returns the session cookie. */
export async function phoneLogin(root: string, user: string, password: string): Promise<string> {
  const realm = await fetch(`${root}/cgi-bin/loginrealm`);
  const text = (await realm.text()).trim();
  let random = text;
  try {
    const j: unknown = JSON.parse(text);
    if (j !== null && typeof j === 'object' && typeof (j as { body?: unknown }).body === 'string') random = (j as { body: string }).body;
    else if (typeof j === 'number' || typeof j === 'string') random = String(j);
  } catch {
    // bare random
  }
  const secret = md5(`${user}:${random}:${password}`);
  const r = await fetch(`${root}/cgi-bin/login?Username=${encodeURIComponent(user)}&Secret=${secret}`);
  const body = JSON.parse(await r.text()) as { response?: string };
  if (body.response !== 'success') throw new Error(`phone login failed: ${JSON.stringify(body)}`);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('session-identity='));
  if (!cookie) throw new Error('phone login: no session cookie');
  return cookie.split(';')[0] ?? '';
}

/** NethVoice auth headers for a manifest entry. */
export function nethvoiceHeaders(user: string, password: string, secret: string): Record<string, string> {
  return { User: user, Secretkey: sha1(user + sha1(password) + secret) };
}

/** Helpers of the SHA-256 and passcode phone family simulator tests (no tests here). */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { request } from 'undici';
import { isRecord } from './grandstream-phone.helpers';

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  setCookies: string[];
  json(): Record<string, unknown>;
}

/** A browser-like client of the SHA-256 family: a cookie jar and the headers the phone insists on. */
export class ShaClient {
  readonly jar = new Map<string, string>();
  sid: string | undefined;
  browser = true;
  constructor(readonly root: string) {}

  private headers(extra: Record<string, string>): Record<string, string> {
    const u = new URL(this.root);
    const h: Record<string, string> = { ...extra };
    if (this.browser) {
      h['x-requested-with'] = 'XMLHttpRequest';
      h.origin = u.origin;
      h.referer = `${u.origin}/`;
    }
    if (this.jar.size > 0) h.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    return h;
  }

  async send(method: 'GET' | 'POST' | 'PUT', endpoint: string, form: Record<string, string> = {}, json?: unknown): Promise<Answer> {
    let url = `${this.root}/cgi-bin/${endpoint}`;
    const qs = new URLSearchParams(form).toString();
    let body: string | undefined;
    const extra: Record<string, string> = {};
    if (json !== undefined) {
      body = JSON.stringify(json);
      extra['content-type'] = 'application/json';
      if (qs) url += `?${qs}`;
    } else if (method === 'GET') {
      if (qs) url += `?${qs}`;
    } else {
      body = qs;
      extra['content-type'] = 'application/x-www-form-urlencoded';
    }
    const r = await request(url, { method, headers: this.headers(extra), body });
    const text = await r.body.text();
    const raw = r.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const c of setCookies) {
      const pair = c.split(';', 1)[0] ?? '';
      const i = pair.indexOf('=');
      if (i > 0) this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return {
      status: r.statusCode,
      contentType: String(r.headers['content-type'] ?? ''),
      text,
      setCookies,
      json: () => {
        const v = JSON.parse(text) as unknown;
        if (!isRecord(v)) throw new Error(`not an object: ${text}`);
        return v;
      },
    };
  }

  post(endpoint: string, form: Record<string, string> = {}): Promise<Answer> {
    return this.send('POST', endpoint, form);
  }

  /** access + dologin; keeps the sid. Returns the dologin answer. */
  async login(user: string, password: string): Promise<Answer> {
    const a = await this.post('access', { access: sha256(user) });
    const nonce = String(a.json().body);
    const r = await this.post('dologin', { username: user, password: sha256(password + nonce) });
    const body = r.json().body;
    if (isRecord(body) && typeof body.sid === 'string') this.sid = body.sid;
    return r;
  }

  /** An authenticated form POST (sid as a form field). */
  api(endpoint: string, form: Record<string, string> = {}): Promise<Answer> {
    return this.post(endpoint, { ...form, ...(this.sid ? { sid: this.sid } : {}) });
  }
}

/** A raw HTTP/1.1 POST with neither a body nor a Content-Length (fetch and undici always add one). */
export function bodilessPost(root: string, path: string, headers: Record<string, string>): Promise<number> {
  const u = new URL(root);
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname, () => {
      const lines = [`POST ${path} HTTP/1.1`, `Host: ${u.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
      s.write(lines.join('\r\n'));
    });
    let data = '';
    s.on('data', (d: Buffer) => (data += d.toString('latin1')));
    s.on('end', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0)));
    s.on('error', reject);
  });
}

/** A GET of the passcode family. */
export async function pget(root: string, endpoint: string, params: Record<string, string>): Promise<Answer> {
  const r = await request(`${root}/cgi-bin/${endpoint}?${new URLSearchParams(params).toString()}`);
  const text = await r.body.text();
  return {
    status: r.statusCode,
    contentType: String(r.headers['content-type'] ?? ''),
    text,
    setCookies: [],
    json: () => {
      const v = JSON.parse(text) as unknown;
      if (!isRecord(v)) throw new Error(`not an object: ${text}`);
      return v;
    },
  };
}

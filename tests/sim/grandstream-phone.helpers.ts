/** Shared helpers of the Grandstream phone simulator tests (no tests here). */
import { createHash } from 'node:crypto';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { GrandstreamPhoneSim, type PhoneSimOptions } from '../../sim/grandstream-phone';

export interface FakeClock {
  t: number;
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = new Date(2024, 0, 16, 11, 30, 0).getTime()): FakeClock {
  const c: FakeClock = {
    t: start,
    now: () => c.t,
    advance: (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export interface Resp {
  status: number;
  contentType: string;
  text: string;
  setCookies: string[];
  json(): unknown;
}

/** A tiny client that talks to one simulated phone root. */
export class PhoneClient {
  sid: string | undefined;
  constructor(readonly root: string) {}

  async get(endpoint: string, params: Record<string, string> = {}, opts: { cookie?: boolean; method?: 'GET' | 'POST' } = {}): Promise<Resp> {
    const qs = new URLSearchParams(params).toString();
    const headers: Record<string, string> = {};
    if (opts.cookie !== false && this.sid) headers.cookie = `session-identity=${this.sid}`;
    const init: RequestInit = { headers, method: opts.method ?? 'GET' };
    let url = `${this.root}/cgi-bin/${endpoint}`;
    if (opts.method === 'POST') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      init.body = qs;
    } else if (qs) {
      url += `?${qs}`;
    }
    const r = await fetch(url, init);
    const text = await r.text();
    return {
      status: r.status,
      contentType: r.headers.get('content-type') ?? '',
      text,
      setCookies: r.headers.getSetCookie(),
      json: () => JSON.parse(text) as unknown,
    };
  }

  async realm(): Promise<string> {
    const r = await this.get('loginrealm', {}, { cookie: false });
    return r.text.trim();
  }

  /** Full challenge login; stores the sid from the session-identity cookie. Returns the login response. */
  async login(user = 'admin', password = 'admin', sep = ':'): Promise<Resp> {
    const random = await this.realm();
    const r = await this.get('login', { Username: user, Secret: md5(`${user}${sep}${random}${sep}${password}`) }, { cookie: false });
    const cookie = r.setCookies.find((c) => c.startsWith('session-identity='));
    if (cookie) this.sid = cookie.slice('session-identity='.length).split(';')[0];
    return r;
  }
}

export interface TestPhone {
  sim: GrandstreamPhoneSim;
  served: ServedDevice;
  client: PhoneClient;
  clock: FakeClock;
  close(): Promise<void>;
}

/** Serve a phone on a random 127.0.0.1 port with a fake clock. */
export async function startPhone(opts: Partial<PhoneSimOptions> = {}): Promise<TestPhone> {
  const clock = fakeClock();
  const sim = new GrandstreamPhoneSim({ id: 'gs1', name: 'Reception phone', clock: clock.now, ...opts });
  const served = await serveDevice(sim);
  return { sim, served, client: new PhoneClient(served.url), clock, close: () => served.close() };
}

/** Start a phone and log in as admin. */
export async function startLoggedIn(opts: Partial<PhoneSimOptions> = {}): Promise<TestPhone> {
  const p = await startPhone(opts);
  const r = await p.client.login('admin', opts.password ?? 'admin');
  if (!p.client.sid) throw new Error(`login failed: ${r.text}`);
  return p;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `body` of a {"response":..,"body":..} reply, asserting the envelope. */
export function envelope(r: Resp): { response: unknown; body: unknown } {
  const j = r.json();
  if (!isRecord(j)) throw new Error(`not an object: ${r.text}`);
  return { response: j.response, body: j.body };
}

/** Lines of api-get_line_status. */
export async function lines(c: PhoneClient, line?: number): Promise<Record<string, unknown>[]> {
  const r = await c.get('api-get_line_status', line === undefined ? {} : { line: String(line) });
  const { response, body } = envelope(r);
  if (response !== 'success' || !Array.isArray(body)) throw new Error(`bad line status: ${r.text}`);
  return body.filter(isRecord);
}

export async function lineState(c: PhoneClient, line: number): Promise<unknown> {
  const l = (await lines(c)).find((x) => x.line === line);
  return l?.state;
}

export async function op(c: PhoneClient, cmd: string, line: number | string): Promise<Resp> {
  return c.get('api-phone_operation', { cmd, line: String(line) });
}

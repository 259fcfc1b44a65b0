import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { osdTime } from './frames';

/**
 * The camera's "Alarm HTTP Server" push (seed 002 §27 event_server): when an alarm input or motion
 * detection fires and its "upload to HTTP alarm server" action is on, the camera calls the
 * configured URL. The seed does not show the request; ours is a GET carrying the event in the
 * query (or substituted into `${MAC}`-style placeholders when the URL has them). Failures are
 * swallowed, like a camera that cannot reach its server.
 */

export interface PushTarget {
  url: string;
  username: string;
  password: string;
}

export interface PushEvent {
  event: 'motion' | 'alarmin';
  channel: number;
  /** Alarm input index (alarmin only). */
  index?: number;
  mac: string;
  devicename: string;
  model: string;
  time: Date;
}

export interface PushRecord {
  at: string;
  event: 'motion' | 'alarmin';
  channel: number;
  index?: number;
  url: string;
  status: number | null;
  error?: string;
}

/** Accepts a URL with or without a scheme; null unless it is http(s). */
export function parseServerUrl(raw: string): URL | null {
  const s = raw.trim();
  if (!s) return null;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

function message(ev: PushEvent): string {
  return ev.event === 'motion' ? 'Motion Detection Alarm' : `Alarm Input ${(ev.index ?? 0) + 1} Alarm`;
}

export function pushUrl(target: PushTarget, ev: PushEvent): URL | null {
  const t = osdTime(ev.time);
  const vars: Record<string, string> = {
    MAC: ev.mac,
    WARNING_MSG: message(ev),
    EVENT: ev.event,
    CHANNEL: String(ev.channel),
    INDEX: String(ev.index ?? 0),
    DEVICE_NAME: ev.devicename,
    DATE: t.slice(0, 10),
    TIME: t.slice(11),
  };
  if (target.url.includes('${')) {
    const filled = target.url.replace(/\$\{([A-Z_]+)\}/g, (m, k: string) => (k in vars ? encodeURIComponent(vars[k] ?? '') : m));
    return parseServerUrl(filled);
  }
  const u = parseServerUrl(target.url);
  if (!u) return null;
  u.searchParams.set('event', ev.event);
  u.searchParams.set('channel', String(ev.channel));
  if (ev.event === 'alarmin') u.searchParams.set('index', String(ev.index ?? 0));
  u.searchParams.set('mac', ev.mac);
  u.searchParams.set('devicename', ev.devicename);
  u.searchParams.set('message', message(ev));
  u.searchParams.set('time', t);
  return u;
}

/** Send one push; never rejects. */
export function sendPush(target: PushTarget, ev: PushEvent, timeoutMs = 3000): Promise<PushRecord> {
  const record: PushRecord = {
    at: ev.time.toISOString(),
    event: ev.event,
    channel: ev.channel,
    ...(ev.index === undefined ? {} : { index: ev.index }),
    url: target.url,
    status: null,
  };
  const u = pushUrl(target, ev);
  if (!u) return Promise.resolve({ ...record, error: 'invalid server_url' });
  record.url = u.toString();
  const headers: Record<string, string> = { 'User-Agent': `Grandstream ${ev.model}`, Connection: 'close' };
  if (target.username) headers['Authorization'] = `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`;
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: PushRecord): void => {
      if (done) return;
      done = true;
      resolve(r);
    };
    try {
      const req = request(u, { method: 'GET', headers, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on('end', () => finish({ ...record, status: res.statusCode ?? null }));
        res.on('error', () => finish({ ...record, status: res.statusCode ?? null }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => finish({ ...record, error: e.message }));
      req.end();
    } catch (e) {
      finish({ ...record, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

/**
 * The camera alarm push listener (opt-in). A Grandstream camera's "Alarm HTTP Server"
 * (Grandstream Video Surveillance HTTP API, event_server) calls a URL when motion or an alarm
 * input fires. We give each camera its own URL carrying a random per-device token,
 * `http://<host>:<port>/alarm/<deviceId>/<token>`; a request with the right token makes the hub
 * read that camera's motion and alarm state at once, so the alert does not wait for the next poll.
 * The listener binds only the interface the admin chose; anything else gets a bare 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface PushListenerOptions {
  host: string;
  port: number;
  /** A valid push for this device arrived. */
  onPush: (deviceId: string) => void;
  log?: (msg: string) => void;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export class AlarmPushListener {
  private server: Server | undefined;
  private readonly tokens = new Map<string, string>();
  private base = '';
  /** Pushes accepted and refused (tests and diagnostics). */
  readonly counts = { accepted: 0, refused: 0 };

  constructor(private readonly opts: PushListenerOptions) {}

  get url(): string {
    return this.base;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const m = /^\/alarm\/([A-Za-z0-9._-]{1,64})\/([A-Za-z0-9_-]{16,128})(?:[/?]|$)/.exec(req.url ?? '');
      const expected = m ? this.tokens.get(m[1] as string) : undefined;
      const ok = m !== null && expected !== undefined && timingSafeEqual(digest(m[2] as string), digest(expected));
      req.resume();
      if (!ok) {
        this.counts.refused += 1;
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      this.counts.accepted += 1;
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK\n');
      this.opts.onPush(m[1] as string);
    });
    server.headersTimeout = 5000;
    server.requestTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new Error(
            e.code === 'EADDRINUSE'
              ? `The alarm push listener cannot use port ${this.opts.port} on ${this.opts.host}: it is taken. Choose another port in Settings.`
              : e.code === 'EADDRNOTAVAIL'
                ? `The alarm push listener cannot bind ${this.opts.host}: this PC has no such address. Choose one of its own addresses in Settings.`
                : `The alarm push listener could not start: ${e.message}`,
          ),
        ),
      );
      server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    this.server = server;
    const a = server.address() as AddressInfo;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    this.base = `http://${host}:${a.port}`;
    return this.base;
  }

  /** The URL to give this camera (a new token each run; the hub re-registers cameras on start). */
  urlFor(deviceId: string): string {
    let t = this.tokens.get(deviceId);
    if (!t) this.tokens.set(deviceId, (t = randomBytes(24).toString('base64url')));
    return `${this.base}/alarm/${deviceId}/${t}`;
  }

  forget(deviceId: string): void {
    this.tokens.delete(deviceId);
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
}

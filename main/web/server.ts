/**
 * The web harness server: serves the built renderer on 127.0.0.1 and bridges the IPC contract
 * over HTTP (POST /rpc/<method>) and a WebSocket (/events) for pushed events.
 *
 * Security: every RPC and the WebSocket need the per-run random token (header
 * `X-Frontdesk-Token`, or `token` query for the socket). The custom header forces a CORS
 * preflight that this server never grants, the Origin is checked when present (on every request,
 * static files included), and the Host header must name the loopback address, so other local web
 * pages cannot drive it and DNS rebinding cannot reach it. Static files are the public renderer
 * bundle and are served without the token (the page reads it from its URL). Tests:
 * tests/unit/web/exposure.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventBus } from '../core/events';
import type { Router } from '../core/ipc/router';

export interface WebHarnessOptions {
  router: Router;
  events: EventBus;
  /** Folder holding the built renderer (index.html). */
  staticDir: string;
  port?: number;
  token?: string;
  log?: (msg: string) => void;
}

export interface WebHarness {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const MAX_RPC_BODY = 1024 * 1024;

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_RPC_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (!text) return resolvePromise({});
      try {
        resolvePromise(JSON.parse(text) as unknown);
      } catch {
        reject(new Error('request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

export async function startWebHarness(opts: WebHarnessOptions): Promise<WebHarness> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticRoot = resolve(opts.staticDir);
  const log = opts.log ?? (() => undefined);
  let origin = '';
  let allowedHosts = new Set<string>();

  const csp = (): string =>
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ${origin.replace(/^http/, 'ws')}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; ');

  /** RPC needs the header (forcing a CORS preflight); only the WebSocket may carry it in the query. */
  const authorized = (req: IncomingMessage, url: URL, allowQuery = false): boolean => {
    const header = req.headers['x-frontdesk-token'];
    const given = (typeof header === 'string' ? header : undefined) ?? (allowQuery ? url.searchParams.get('token') : null) ?? '';
    return tokensEqual(given, token);
  };
  const originOk = (req: IncomingMessage): boolean => {
    const o = req.headers.origin;
    return o === undefined || allowedHosts.has(o.replace(/^http:\/\//, ''));
  };

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(staticRoot, rel || 'index.html');
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      json(res, 403, { error: 'forbidden path' });
      return;
    }
    try {
      const s = await stat(file);
      if (s.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': csp(),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      if (rel === '' || rel === 'index.html') {
        json(res, 500, { error: `The renderer is not built (${staticRoot} has no index.html). Run "npm run build" first.` });
      } else json(res, 404, { error: `not found: ${pathname}` });
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!allowedHosts.has(req.headers.host ?? '')) {
        json(res, 421, { error: 'unexpected Host header' });
        return;
      }
      // Static files too: another origin gets nothing from this server, not even the bundle.
      if (!originOk(req)) return json(res, 403, { error: 'foreign Origin' });
      if (url.pathname.startsWith('/rpc/')) {
        if (req.method !== 'POST') return json(res, 405, { error: 'use POST' });
        if (!originOk(req) || !authorized(req, url)) return json(res, 403, { error: 'missing or wrong token' });
        let body: unknown;
        try {
          body = await readJson(req);
        } catch (e) {
          return json(res, 400, { ok: false, error: { code: 'invalid-input', message: e instanceof Error ? e.message : String(e) } });
        }
        const input = typeof body === 'object' && body !== null && 'input' in body ? (body as { input: unknown }).input : undefined;
        const result = await opts.router.dispatch(decodeURIComponent(url.pathname.slice('/rpc/'.length)), input);
        return json(res, 200, result);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
      await serveStatic(res, url.pathname);
    })().catch((e: unknown) => {
      log(`web harness: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/events' || !allowedHosts.has(req.headers.host ?? '') || !originOk(req) || !authorized(req, url, true)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      ws.send(JSON.stringify({ type: 'hello' }));
    });
  });
  const unsubscribe = opts.events.onAny((name, payload) => {
    const msg = JSON.stringify({ type: 'event', name, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, '127.0.0.1', () => res());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

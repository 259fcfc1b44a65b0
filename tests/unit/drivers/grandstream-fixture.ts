import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A tiny HTTP server on 127.0.0.1 for the Grandstream driver unit tests; records every request. */
export interface GsRecorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export type GsHandler = (req: GsRecorded, res: ServerResponse) => void;

export interface GsFixture {
  url: string;
  requests: GsRecorded[];
  handler: GsHandler;
  /** Requests whose path ends with `suffix`. */
  count(suffix: string): number;
  close(): Promise<void>;
}

export function send(res: ServerResponse, status: number, body: string | Buffer, contentType = 'text/plain', headers: Record<string, string | string[]> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length), ...headers });
  res.end(buf);
}

export function json(res: ServerResponse, value: unknown, status = 200, headers: Record<string, string | string[]> = {}): void {
  send(res, status, JSON.stringify(value), 'text/plain', headers);
}

export async function startGsFixture(handler: GsHandler): Promise<GsFixture> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fixture');
      const rec: GsRecorded = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers };
      fixture.requests.push(rec);
      try {
        fixture.handler(rec, res);
      } catch (e) {
        send(res, 599, `fixture error: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const fixture: GsFixture = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    handler,
    count: (suffix) => fixture.requests.filter((r) => r.path.endsWith(suffix)).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return fixture;
}

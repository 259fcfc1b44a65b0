import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A tiny HTTP fixture on 127.0.0.1 for the PBX driver unit tests: records every request. */
export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FixtureHandler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

export interface Fixture {
  url: string;
  requests: Recorded[];
  handler: FixtureHandler;
  close(): Promise<void>;
}

export function reply(res: ServerResponse, status: number, body: string, contentType = 'application/xml'): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length) });
  res.end(buf);
}

export async function startFixture(handler: FixtureHandler): Promise<Fixture> {
  const sockets = new Set<Socket>();
  const fixture: Fixture = {
    url: '',
    requests: [],
    handler,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fixture');
      const rec: Recorded = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      fixture.requests.push(rec);
      Promise.resolve(fixture.handler(rec, res)).catch((e: unknown) => {
        reply(res, 599, `fixture error: ${e instanceof Error ? e.message : String(e)}`, 'text/plain');
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fixture;
}

import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { DEVICE_FAULTS, type Fault, type SimDevice } from './types';

/** Size of a `huge-body` answer: 50 MiB, streamed without a Content-Length. */
export const HUGE_BODY_BYTES = 50 * 1024 * 1024;

/** Read a request body (capped at 2 MiB). */
export function readBody(req: IncomingMessage, cap = 2 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > cap) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: string | Buffer, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(buf.length), ...headers });
  res.end(buf);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, contentType = 'application/json'): void {
  send(res, status, JSON.stringify(value), contentType);
}

/**
 * Wraps a device with generic fault injection. Holds the current fault; device-specific kinds
 * (DEVICE_FAULTS: auth-expired, license-expired, lockout, bad-snapshot) are passed on to the
 * device's applyFault. Counts every request that reaches the device's port, faulted ones included.
 */
export class FaultGate {
  fault: Fault | null = null;
  /** HTTP requests received (answered, faulted or dropped); connections refused while offline never arrive. */
  requests = 0;
  /** Body bytes written by `huge-body` answers (a client that honours its size cap stops reading early). */
  hugeBodyBytesWritten = 0;
  constructor(readonly device: SimDevice) {}

  /** Returns false if the fault kind does not apply to this device. */
  set(fault: Fault | null): boolean {
    if (fault && DEVICE_FAULTS.has(fault.kind)) {
      const ok = this.device.applyFault?.(fault) ?? false;
      if (!ok) return false;
      // one-shot device faults are applied, not held
      return true;
    }
    if (!fault) this.device.applyFault?.(null);
    this.fault = fault;
    return true;
  }

  /**
   * Handle a request for this device. `path` is below the device root.
   */
  async dispatch(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    this.requests += 1;
    const fault = this.fault;
    if (fault?.kind === 'offline' || fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms ?? 3000));
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      send(res, 413, 'Request body too large\r\n');
      return;
    }
    if (fault?.kind === 'error500') {
      send(res, 500, 'Internal Server Error\r\n');
      return;
    }
    if (fault?.kind === 'malformed') {
      send(res, 200, '{"respo<<nse": garbage \u0000 ]]>', 'application/json');
      return;
    }
    if (fault?.kind === 'huge-body') {
      await this.hugeBody(res);
      return;
    }
    if (fault?.kind === 'truncated') {
      const partial = Buffer.from('{"response":"success","body":[{"line":1,"sta');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(partial.length + 200) });
      res.write(partial);
      setTimeout(() => res.socket?.destroy(), 10);
      return;
    }
    try {
      await this.device.handle({ req, res, path, query, body });
    } catch (e) {
      send(res, 500, `simulator error: ${e instanceof Error ? e.message : String(e)}\r\n`);
    }
  }

  /** `huge-body`: a 200 JSON answer of 50 MiB, streamed (chunked, no Content-Length), with backpressure. */
  private hugeBody(res: ServerResponse): Promise<void> {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    return new Promise((resolve) => {
      let sent = 0;
      let done = false;
      res.once('close', () => {
        done = true;
        resolve();
      });
      const pump = (): void => {
        while (!done && sent < HUGE_BODY_BYTES) {
          sent += chunk.length;
          this.hugeBodyBytesWritten += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!done) res.end();
      };
      res.write('{"response":"success","body":"');
      pump();
    });
  }
}

export interface ServedDevice {
  device: SimDevice;
  gate: FaultGate;
  server: Server;
  /** Device root URL, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  /** offline fault: stop listening so connections are refused; restart listening when cleared. */
  close(): Promise<void>;
  /**
   * Served over TLS (`serveDevice(…, { tls })`): present another certificate from now on, and drop
   * the open connections, as a device does when its certificate is replaced and it restarts.
   */
  replaceCertificate?(tls: SimTls): void;
}

/** A PEM key and certificate for a device served over https (tests generate them). */
export interface SimTls {
  key: string | Buffer;
  cert: string | Buffer;
}

export interface ServeOptions {
  /** Serve over https with this key and certificate (the URL becomes https://127.0.0.1:<port>). */
  tls?: SimTls;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Serve one device on its own 127.0.0.1 port (0 = random), over http, or https with `opts.tls`. */
export async function serveDevice(device: SimDevice, port = 0, opts: ServeOptions = {}): Promise<ServedDevice> {
  const gate = new FaultGate(device);
  const sockets = new Set<Socket>();
  const onRequest: RequestListener = (req, res) => {
    const u = new URL(req.url ?? '/', 'http://sim');
    void gate.dispatch(req, res, u.pathname, u.searchParams);
  };
  const tlsServer: HttpsServer | undefined = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest) : undefined;
  // An https.Server is a tls.Server that speaks the same request API: typed as the http Server the rest of the simulator uses.
  const server: Server = tlsServer ?? createServer(onRequest);
  server.keepAliveTimeout = 5000;
  server.on(tlsServer ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const bound = await listen(server, port);
  const url = `${tlsServer ? 'https' : 'http'}://127.0.0.1:${bound}`;
  return {
    device,
    gate,
    server,
    url,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        device.dispose?.();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    ...(tlsServer
      ? {
          replaceCertificate: (tls: SimTls) => {
            tlsServer.setSecureContext({ key: tls.key, cert: tls.cert });
            for (const s of sockets) s.destroy();
          },
        }
      : {}),
  };
}

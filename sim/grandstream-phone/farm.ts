/**
 * Many simulated phones on ONE 127.0.0.1 port, phone i (1-based) under `/phones/<i>`:
 * `http://127.0.0.1:P/phones/7/cgi-bin/api-get_line_status`. Each phone has its own FaultGate.
 * Phones hold no timers and build their state on first use, so a thousand fit in one process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultGate } from '../lib/server';
import { GrandstreamPhoneSim, type PhoneSimOptions } from './index';

export interface PhoneFarmOptions {
  /** Options for every phone (id and name are set per phone unless `perPhone` gives them). */
  defaults?: Partial<PhoneSimOptions>;
  /** Per-phone overrides, by 1-based index. */
  perPhone?: (index: number) => Partial<PhoneSimOptions>;
  /** Port to bind on 127.0.0.1 (default 0 = random). */
  port?: number;
}

export interface FarmPhone {
  /** 1-based index, the `<i>` of the path prefix. */
  index: number;
  id: string;
  /** Device root, e.g. http://127.0.0.1:P/phones/3 */
  url: string;
  sim: GrandstreamPhoneSim;
  gate: FaultGate;
}

export interface PhoneFarm {
  /** Server root, e.g. http://127.0.0.1:P */
  url: string;
  port: number;
  server: Server;
  phones: FarmPhone[];
  close(): Promise<void>;
}

const PREFIX = /^\/phones\/(\d+)(\/.*)?$/;

/**
 * Defaults per phone i: id `phone-<i>`, name `Phone <i>`, extension `String(1000 + i)`.
 */
export async function createPhoneFarm(n: number, opts: PhoneFarmOptions = {}): Promise<PhoneFarm> {
  if (!Number.isInteger(n) || n < 1) throw new Error('createPhoneFarm: n must be a positive integer');
  const sims: { sim: GrandstreamPhoneSim; gate: FaultGate }[] = [];
  for (let i = 1; i <= n; i++) {
    const o: PhoneSimOptions = { id: `phone-${i}`, name: `Phone ${i}`, extension: String(1000 + i), ...opts.defaults, ...opts.perPhone?.(i) };
    const sim = new GrandstreamPhoneSim(o);
    sims.push({ sim, gate: new FaultGate(sim) });
  }
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://farm');
    const m = PREFIX.exec(u.pathname);
    const entry = m?.[1] !== undefined ? sims[Number(m[1]) - 1] : undefined;
    if (!m || !entry) {
      const body = 'no such phone\n';
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': String(body.length) });
      res.end(body);
      return;
    }
    void entry.gate.dispatch(req, res, m[2] ?? '/', u.searchParams);
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    server,
    phones: sims.map(({ sim, gate }, i) => ({ index: i + 1, id: sim.id, url: `${url}/phones/${i + 1}`, sim, gate })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const { sim } of sims) sim.dispose();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

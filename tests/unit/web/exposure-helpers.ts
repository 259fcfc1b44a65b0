/** Where a local server can be reached from: the machine's addresses, the kernel's socket table, a plain connect. */
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Every address of this machine that is not loopback (IPv4 and IPv6, link-local IPv6 without a zone left out). */
export function nonLoopbackAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:')) continue;
      out.push(a.address);
    }
  }
  return out;
}

/** 'connected', or the error code of the attempt (ECONNREFUSED, EADDRNOTAVAIL, ENETUNREACH, 'timeout'). */
export function tryConnect(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve('timeout');
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code ?? e.message);
    });
  });
}

function hexToIpv4(hex: string): string {
  // /proc/net/tcp prints the address as one little-endian 32-bit word
  const b = hex.match(/../g)?.map((x) => parseInt(x, 16)) ?? [];
  return b.reverse().join('.');
}

/**
 * The local addresses of the LISTEN sockets on `port`, from /proc/net/tcp and /proc/net/tcp6
 * (Linux); undefined where the kernel does not show them. IPv6 entries are returned as `v6:<hex>`.
 */
export function boundAddresses(port: number): string[] | undefined {
  if (!existsSync('/proc/net/tcp')) return undefined;
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      const state = cols[3];
      if (!local || state !== '0A') continue;
      const [addr, p] = local.split(':') as [string, string];
      if (parseInt(p, 16) !== port) continue;
      out.push(file.endsWith('6') ? `v6:${addr}` : hexToIpv4(addr));
    }
  }
  return out;
}

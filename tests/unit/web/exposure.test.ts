/**
 * Web harness exposure (issue 10, item 7): loopback only, the token on every RPC method and on the
 * event socket, a foreign Origin or Host refused on RPC, static files and the socket.
 *
 * Static files are the public renderer bundle (no data, nothing that acts): they are served
 * without the token, because the page itself reads it from its URL (and tells the user to reopen
 * the URL when it is missing), but only to a loopback Host and never to a foreign Origin. Every
 * request that reads or changes anything goes through RPC or the socket, and those need the token.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { INVOKE_METHODS } from '../../../shared/ipc/contract';
import { EventBus } from '../../../main/core/events';
import type { Router } from '../../../main/core/ipc/router';
import { startWebHarness, type WebHarness } from '../../../main/web/server';
import { boundAddresses, nonLoopbackAddresses, tryConnect } from './exposure-helpers';

const TOKEN = 'exposure-token-0123456789abcdef';
const ran: string[] = [];
const router: Router = {
  methods: INVOKE_METHODS,
  dispatch: (method) => {
    ran.push(method);
    return Promise.resolve({ ok: true, value: null });
  },
};
let h: WebHarness;

beforeAll(async () => {
  h = await startWebHarness({ router, events: new EventBus(), staticDir: 'tests/fixtures/web', token: TOKEN });
});
afterAll(() => h.close());

const rpc = (method: string, headers: Record<string, string>, query = '') =>
  request(`${h.origin}/rpc/${method}${query}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', ...headers } });

/** Ask for the event socket by hand; resolves 101 when upgraded, else the status (or the socket error code). */
function upgrade(path: string, headers: Record<string, string> = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: h.port,
      path,
      agent: false,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

const OTHER_ADDRESSES = nonLoopbackAddresses();
const PROC_NET = existsSync('/proc/net/tcp');

describe('web harness: loopback only', () => {
  it('listens on 127.0.0.1: connectable there, not on ::1', async () => {
    expect(new URL(h.origin).hostname).toBe('127.0.0.1');
    expect(await tryConnect('127.0.0.1', h.port)).toBe('connected');
    expect(await tryConnect('::1', h.port)).not.toBe('connected');
  });

  it.skipIf(!PROC_NET)('the kernel lists exactly one listening socket on its port, bound to 127.0.0.1 (Linux /proc/net/tcp)', async () => {
    expect(boundAddresses(h.port)).toEqual(['127.0.0.1']);
    // the check itself tells a wildcard bind apart
    const wide = createServer();
    await new Promise<void>((r) => wide.listen(0, '0.0.0.0', r));
    try {
      expect(boundAddresses((wide.address() as AddressInfo).port)).toEqual(['0.0.0.0']);
    } finally {
      await new Promise((r) => wide.close(r));
    }
  });

  it.skipIf(OTHER_ADDRESSES.length === 0)(`refuses connections on every non-loopback address of this machine (${OTHER_ADDRESSES.join(', ') || 'none here'})`, async () => {
    for (const a of OTHER_ADDRESSES) expect(await tryConnect(a, h.port), a).not.toBe('connected');
  });
});

describe('web harness: the token', () => {
  it('is required by every RPC method of the contract, in the header only', async () => {
    ran.length = 0;
    for (const m of INVOKE_METHODS) {
      for (const [headers, query] of [[{}, ''], [{ 'x-frontdesk-token': 'wrong' }, ''], [{ 'x-frontdesk-token': `${TOKEN}x` }, ''], [{}, `?token=${TOKEN}`]] as const) {
        const res = await rpc(m, headers, query);
        expect(res.statusCode, `${m} ${JSON.stringify(headers)}${query}`).toBe(403);
        await res.body.text();
      }
    }
    expect(ran).toEqual([]);
    const ok = await rpc('app.info', { 'x-frontdesk-token': TOKEN });
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
    expect(ran).toEqual(['app.info']);
  });

  it('is required by the event socket (query or header); a wrong path is refused', async () => {
    expect(await upgrade('/events')).toBe(403);
    expect(await upgrade('/events?token=wrong')).toBe(403);
    expect(await upgrade(`/events?token=${TOKEN}x`)).toBe(403);
    expect(await upgrade(`/other?token=${TOKEN}`)).toBe(403);
    expect(await upgrade(`/events?token=${TOKEN}`)).toBe(101);
    expect(await upgrade('/events', { 'X-Frontdesk-Token': TOKEN })).toBe(101);
  });
});

describe('web harness: foreign Origin and Host', () => {
  const foreignOrigins = (): string[] => ['http://evil.example', 'null', `http://127.0.0.1:${h.port + 1}`, `https://127.0.0.1:${h.port}`, `http://localhost.evil.example:${h.port}`, `http://127.0.0.1.evil.example:${h.port}`];
  const foreignHosts = (): string[] => ['evil.example', `evil.example:${h.port}`, `127.0.0.1:${h.port + 1}`, `127.0.0.2:${h.port}`, `0.0.0.0:${h.port}`, `[::1]:${h.port}`, `localhost.evil.example:${h.port}`, ''];

  it('refuses a foreign Origin on RPC, static files and the socket, even with the token', async () => {
    ran.length = 0;
    for (const origin of foreignOrigins()) {
      const r = await rpc('app.info', { 'x-frontdesk-token': TOKEN, origin });
      expect(r.statusCode, `rpc ${origin}`).toBe(403);
      await r.body.text();
      const s = await request(`${h.origin}/`, { headers: { origin } });
      expect(s.statusCode, `static ${origin}`).toBe(403);
      expect(await s.body.text()).not.toContain('fixture');
      expect(await upgrade(`/events?token=${TOKEN}`, { Origin: origin }), `socket ${origin}`).toBe(403);
    }
    expect(ran).toEqual([]);
    // its own origin (either loopback name) is fine
    for (const origin of [h.origin, `http://localhost:${h.port}`]) {
      const s = await request(`${h.origin}/`, { headers: { origin } });
      expect(s.statusCode, origin).toBe(200);
      await s.body.text();
      expect(await upgrade(`/events?token=${TOKEN}`, { Origin: origin })).toBe(101);
    }
  });

  it('refuses a foreign Host (DNS rebinding) on RPC, static files and the socket, even with the token', async () => {
    ran.length = 0;
    for (const host of foreignHosts()) {
      const r = await rpc('app.info', { 'x-frontdesk-token': TOKEN, host });
      expect(r.statusCode, `rpc ${host}`).toBe(421);
      await r.body.text();
      const s = await request(`${h.origin}/app.js`, { headers: { host } });
      expect(s.statusCode, `static ${host}`).toBe(421);
      await s.body.text();
      // (node's client replaces an empty Host with the real one: that case is covered by RPC and static)
      if (host !== '') expect(await upgrade(`/events?token=${TOKEN}`, { Host: host }), `socket ${host}`).toBe(403);
    }
    expect(ran).toEqual([]);
  });

  it('never sends CORS headers, so no other page may read an answer', async () => {
    const pre = await request(`${h.origin}/rpc/app.info`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-frontdesk-token' } });
    expect(pre.statusCode).toBeGreaterThanOrEqual(400);
    expect(Object.keys(pre.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    await pre.body.text();
    const ok = await rpc('app.info', { 'x-frontdesk-token': TOKEN });
    expect(Object.keys(ok.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    await ok.body.text();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { request } from 'undici';
import { EventBus } from '../../../main/core/events';
import { createRouter } from '../../../main/core/ipc/router';
import { startWebHarness, type WebHarness } from '../../../main/web/server';

const events = new EventBus();
const router = createRouter([
  {
    'app.info': () => ({ name: 'Frontdesk', version: '9', mode: 'web', demo: false, platform: 'linux', secretProtection: 'memory' }),
    'devices.list': () => [],
    'office.state': () => ({ entities: {}, revision: 0 }),
  },
]);
let h: WebHarness;

beforeAll(async () => {
  h = await startWebHarness({ router, events, staticDir: 'tests/fixtures/web', token: 'test-token-123' });
});
afterAll(() => h.close());

const rpc = (method: string, body: unknown, headers: Record<string, string> = { 'x-frontdesk-token': 'test-token-123' }) =>
  request(`${h.origin}/rpc/${method}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('web harness server', () => {
  it('listens on loopback only and puts the token in its URL', () => {
    expect(h.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(h.url).toBe(`${h.origin}/?token=test-token-123`);
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await request(`${h.origin}/`);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toContain('fixture');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    const js = await request(`${h.origin}/app.js`);
    expect(js.headers['content-type']).toMatch(/javascript/);
    await js.body.text();
  });

  it('refuses path traversal and unknown files', async () => {
    const res = await request(`${h.origin}/..%2f..%2fpackage.json`);
    expect([403, 404]).toContain(res.statusCode);
    await res.body.text();
  });

  it('bridges invoke methods with the token', async () => {
    const res = await rpc('app.info', {});
    expect(await res.body.json()).toEqual({ ok: true, value: { name: 'Frontdesk', version: '9', mode: 'web', demo: false, platform: 'linux', secretProtection: 'memory' } });
  });

  it('rejects a missing or wrong token, and a foreign Origin', async () => {
    const cases: Record<string, string>[] = [{}, { 'x-frontdesk-token': 'nope' }, { 'x-frontdesk-token': 'test-token-123', origin: 'http://evil.example' }];
    for (const headers of cases) {
      const res = await rpc('app.info', {}, headers);
      expect(res.statusCode).toBe(403);
      await res.body.text();
    }
  });

  it('does not accept the token as a query parameter for RPC (the header is required)', async () => {
    const res = await request(`${h.origin}/rpc/app.info?token=test-token-123`, { method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(403);
    await res.body.text();
  });

  it('rejects a foreign Host header (DNS rebinding)', async () => {
    const res = await request(`${h.origin}/rpc/app.info`, {
      method: 'POST',
      headers: { host: 'evil.example', 'x-frontdesk-token': 'test-token-123' },
      body: '{}',
    });
    expect(res.statusCode).toBe(421);
    await res.body.text();
  });

  it('answers bad JSON and bad input with typed errors', async () => {
    const bad = await request(`${h.origin}/rpc/app.info`, { method: 'POST', body: '{nope', headers: { 'x-frontdesk-token': 'test-token-123' } });
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const wrong = await rpc('office.state', { input: 42 });
    expect(await wrong.body.json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const unknown = await rpc('shell.exec', {});
    expect(await unknown.body.json()).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('pushes events over the WebSocket, only with the token', async () => {
    const wsUrl = `${h.origin.replace('http', 'ws')}/events`;
    const refused = new WebSocket(`${wsUrl}?token=wrong`);
    await expect(new Promise((res, rej) => (refused.on('open', res), refused.on('error', rej)))).rejects.toThrow(/403/);

    const ws = new WebSocket(`${wsUrl}?token=test-token-123`);
    const messages: unknown[] = [];
    ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString())));
    await new Promise((res) => ws.on('open', res));
    await new Promise((res) => setTimeout(res, 20));
    events.emit('office.patch', { revision: 7, set: {}, unset: [] });
    await new Promise((res) => setTimeout(res, 50));
    ws.close();
    expect(messages).toEqual([{ type: 'hello' }, { type: 'event', name: 'office.patch', payload: { revision: 7, set: {}, unset: [] } }]);
  });
});

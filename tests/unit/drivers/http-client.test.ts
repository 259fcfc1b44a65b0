import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, apiBase } from '../../../main/drivers/common/http';
import { ProtocolError, UnreachableError } from '../../../main/core/driver/errors';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/`;
}

describe('HttpClient', () => {
  it('sends a GET once more when the first socket dies before answering, never a POST', async () => {
    const seen: string[] = [];
    const base = await serve((req, res) => {
      seen.push(req.method ?? '');
      if (seen.length === 1 || req.method === 'POST') req.socket.destroy();
      else res.end('ok');
    });
    const client = new HttpClient({ device: 'Phone', baseUrl: base, timeoutMs: 2000 });
    try {
      expect((await client.send({ path: 'x' })).text()).toBe('ok');
      expect(seen).toEqual(['GET', 'GET']);
      await expect(client.send({ path: 'x', method: 'POST', body: 'a=1' })).rejects.toBeInstanceOf(UnreachableError);
      expect(seen).toEqual(['GET', 'GET', 'POST']);
    } finally {
      await client.close();
    }
  });

  it('caps the body size', async () => {
    const base = await serve((_req, res) => res.end(Buffer.alloc(5000)));
    const client = new HttpClient({ device: 'Phone', baseUrl: base, maxBodyBytes: 1000 });
    try {
      await expect(client.send({ path: 'x' })).rejects.toThrow(ProtocolError);
    } finally {
      await client.close();
    }
  });

  it('builds API base URLs from what a user types', () => {
    expect(apiBase('http://10.0.0.5', 'cgi-bin')).toBe('http://10.0.0.5/cgi-bin/');
    expect(apiBase('10.0.0.5:8080/', 'rest')).toBe('http://10.0.0.5:8080/rest/');
    expect(apiBase('https://pbx.example.com:8443/rest/', 'rest')).toBe('https://pbx.example.com:8443/rest/');
    expect(apiBase('http://h/freepbx/rest', 'freepbx/rest')).toBe('http://h/freepbx/rest/');
    expect(() => apiBase('ftp://h', 'rest')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => apiBase('http://', 'rest')).toThrow(/not a valid device URL/);
  });
});

import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../main/drivers/common/http';
import { UnreachableError } from '../../../main/core/driver/errors';

let server: Server;
let origin = '';
let fingerprint = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=pbx.local'], {
    stdio: 'ignore',
  });
  fingerprint = new X509Certificate(readFileSync(cert)).fingerprint256;
  server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('hello'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function get(pin: string | undefined) {
  const client = new HttpClient({ device: 'PBX', baseUrl: `${origin}/rest/`, timeoutMs: 3000, ...(pin ? { tlsFingerprint: pin } : {}) });
  try {
    return await client.send({ path: 'x' });
  } finally {
    await client.close();
  }
}

describe('self-signed certificates with a pinned fingerprint', () => {
  it('connects when the fingerprint matches (colons and case do not matter)', async () => {
    const res = await get(fingerprint.toLowerCase());
    expect(res.status).toBe(200);
    expect(res.text()).toBe('hello');
  });

  it('refuses a certificate whose fingerprint differs from the pin', async () => {
    const wrong = 'AA:BB:CC:' + fingerprint.slice(9);
    const err = await get(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as Error).message).toMatch(/does not match the pinned/);
  });

  it('refuses a self-signed certificate when nothing is pinned', async () => {
    await expect(get(undefined)).rejects.toBeInstanceOf(UnreachableError);
  });
});

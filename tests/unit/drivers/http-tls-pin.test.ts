/**
 * TLS pinning and trust-on-first-use errors of the HTTP client against a real local https server
 * with a generated self-signed certificate: a matching pin connects (also on every later
 * connection, where TLS session resumption once hid the certificate), a different certificate is
 * CertificateError 'changed' naming the presented fingerprint, an unpinned self-signed certificate
 * is CertificateError 'untrusted'; tls-inspect reads the certificate without trusting it.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateError } from '../../../main/core/driver/errors';
import { HttpClient } from '../../../main/drivers/common/http';
import { inspectCertificate } from '../../../main/drivers/common/tls-inspect';
import { certificateError, colonFingerprint, PinMismatchError } from '../../../main/drivers/common/tls-trust';

let server: Server;
let origin = '';
let fingerprint = '';
let connections = 0;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=pbx.local'], {
    stdio: 'ignore',
  });
  fingerprint = new X509Certificate(readFileSync(cert)).fingerprint256;
  server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('hello'));
  server.on('connection', () => connections++);
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

  it('checks the pin on every new connection of one client (no resumed session without a certificate)', async () => {
    const client = new HttpClient({ device: 'PBX', baseUrl: `${origin}/rest/`, timeoutMs: 3000, tlsFingerprint: fingerprint });
    try {
      const before = connections;
      for (let i = 0; i < 4; i++) {
        const res = await client.send({ path: 'x', headers: { connection: 'close' } });
        expect(res.status).toBe(200);
      }
      expect(connections - before).toBeGreaterThanOrEqual(2);
    } finally {
      await client.close();
    }
  });

  it('refuses a certificate whose fingerprint differs from the pin: CertificateError "changed" naming the new one', async () => {
    const wrong = 'AA:BB:CC:' + fingerprint.slice(9);
    const err = await get(wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateError);
    const c = err as CertificateError;
    expect(c.reason).toBe('changed');
    expect(c.presented).toBe(fingerprint);
    expect(c.message).toMatch(/^The certificate of PBX changed: .* now presents SHA-256 /);
    expect(c.message).toContain('check the new fingerprint and trust it again in Devices');
  });

  it('refuses a self-signed certificate when nothing is pinned: CertificateError "untrusted"', async () => {
    const err = await get(undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateError);
    expect((err as CertificateError).reason).toBe('untrusted');
    expect((err as Error).message).toMatch(/not trusted: it is self-signed/);
  });
});

describe('tls-inspect and tls-trust', () => {
  it('reads the certificate without trusting it, and gives nothing for http or a closed port', async () => {
    expect(await inspectCertificate(`${origin}/x`)).toEqual({ fingerprint, subject: 'pbx.local', issuer: 'pbx.local', validTo: expect.stringMatching(/Z$/) as unknown });
    expect(await inspectCertificate('http://127.0.0.1:9/')).toBeUndefined();
    expect(await inspectCertificate('https://127.0.0.1:9/', 2000)).toBeUndefined();
    expect(await inspectCertificate('not a url')).toBeUndefined();
  });

  it('maps each verification failure to a plain reason, and leaves other errors alone', () => {
    const mk = (code: string) => Object.assign(new Error(code), { code });
    const why = (code: string) => certificateError('Cam', 'https://cam', '/x', new Error('fetch failed', { cause: mk(code) }))?.message ?? '';
    expect(why('CERT_HAS_EXPIRED')).toMatch(/it has expired/);
    expect(why('ERR_TLS_CERT_ALTNAME_INVALID')).toMatch(/issued for another name/);
    expect(why('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toMatch(/issuer is not known/);
    expect(certificateError('Cam', 'https://cam', '/x', mk('ECONNREFUSED'))).toBeUndefined();
    expect(certificateError('Cam', 'https://cam', '/x', mk('constructor'))).toBeUndefined();
    const changed = certificateError('Cam', 'https://cam', '/x', new PinMismatchError('ab'.repeat(32), 'cd'.repeat(32)));
    expect(changed?.reason).toBe('changed');
    expect(changed?.presented).toBe(colonFingerprint('ab'.repeat(32)));
    expect(colonFingerprint('ab'.repeat(32))).toMatch(/^(AB:){31}AB$/);
  });
});

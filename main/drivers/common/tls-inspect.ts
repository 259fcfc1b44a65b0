/**
 * Read the certificate a device presents, WITHOUT trusting it: a separate TLS connection with
 * verification off, closed as soon as the handshake is done. No HTTP request is written on it and
 * no credential is ever sent. Test connection uses it to show the user the SHA-256 fingerprint of
 * a self-signed (or otherwise untrusted, or changed) certificate, which they may then pin.
 */
import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';

export interface PresentedCertificate {
  /** SHA-256 fingerprint, upper-case hex with colons (AB:12:…). */
  fingerprint: string;
  /** Subject common name (or organisation). */
  subject?: string;
  issuer?: string;
  /** ISO 8601 end of validity. */
  validTo?: string;
}

function nameOf(part: PeerCertificate['subject'] | undefined): string | undefined {
  if (!part) return undefined;
  const pick = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
  const name = pick(part.CN) ?? pick(part.O) ?? pick(part.OU);
  return name?.trim() ? name.trim().slice(0, 200) : undefined;
}

/**
 * The certificate at an https:// device URL, or undefined when the URL is not https, nothing
 * answers, or no certificate comes back within `timeoutMs`. Never throws.
 */
export function inspectCertificate(url: string, timeoutMs = 5000): Promise<PresentedCertificate | undefined> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.resolve(undefined);
  }
  if (u.protocol !== 'https:') return Promise.resolve(undefined);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port ? Number(u.port) : 443;
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: PresentedCertificate | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(v);
    };
    const socket = connect({ host, port, ...(isIP(host) ? {} : { servername: host }), rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => {
      const cert = socket.getPeerCertificate();
      if (!cert || !cert.fingerprint256) return finish(undefined);
      const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined;
      const subject = nameOf(cert.subject);
      const issuer = nameOf(cert.issuer);
      finish({
        fingerprint: cert.fingerprint256.toUpperCase(),
        ...(subject ? { subject } : {}),
        ...(issuer ? { issuer } : {}),
        ...(validTo && !Number.isNaN(validTo.getTime()) ? { validTo: validTo.toISOString() } : {}),
      });
    });
    socket.on('error', () => finish(undefined));
    const timer = setTimeout(() => finish(undefined), timeoutMs);
  });
}

/**
 * Certificate trust failures of the HTTP client as typed errors (trust on first use):
 * - nothing pinned and the certificate fails verification (self-signed, unknown issuer, expired,
 *   issued for another name) → CertificateError 'untrusted'; Test connection then shows the
 *   certificate (tls-inspect.ts) so the user can check its fingerprint and pin it;
 * - a pinned fingerprint and another certificate → CertificateError 'changed', which stops the
 *   device until the user trusts the new certificate (it is never accepted silently).
 * Neither is an outage: retrying cannot help, so they are not UnreachableError.
 */
import { CertificateError } from '../../core/driver/errors';

/** Thrown by the pinning connector when the device presents a certificate other than the pinned one. */
export class PinMismatchError extends Error {
  readonly code = 'FRONTDESK_PIN_MISMATCH';
  constructor(
    /** Fingerprint presented (hex, no colons, lower case). */
    readonly presented: string,
    readonly pinned: string,
  ) {
    super(`certificate fingerprint ${presented} does not match the pinned ${pinned}`);
    this.name = 'PinMismatchError';
  }
}

/** "ab12…" → "AB:12:…" (how certificate viewers show a SHA-256 fingerprint). */
export function colonFingerprint(hex: string): string {
  const clean = hex.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return clean.match(/../g)?.join(':') ?? clean;
}

/** Node/OpenSSL verification codes → why the certificate is not trusted, in plain words. */
const WHY: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it is signed by an authority this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not known to this computer',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer is not known to this computer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not known to this computer',
  CERT_UNTRUSTED: 'it is not trusted',
  CERT_REJECTED: 'it is rejected',
  INVALID_CA: 'its issuer is not a valid authority',
  CERT_SIGNATURE_FAILURE: 'its signature is invalid',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another name',
  HOSTNAME_MISMATCH: 'it was issued for another name',
};

function causes(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let cur = e, depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    out.push(cur);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return out;
}

/** The CertificateError a failed request means, or undefined when it is not a certificate problem. */
export function certificateError(device: string, origin: string, endpoint: string, e: unknown): CertificateError | undefined {
  for (const c of causes(e)) {
    if (c instanceof PinMismatchError) {
      const presented = colonFingerprint(c.presented);
      return new CertificateError({
        device,
        endpoint,
        reason: 'changed',
        presented,
        message: `The certificate of ${device} changed: ${origin} now presents SHA-256 ${presented}, not the pinned ${colonFingerprint(c.pinned)}. Frontdesk stopped talking to it. If you replaced the certificate, check the new fingerprint and trust it again in Devices; otherwise someone may be intercepting the connection.`,
        cause: e,
      });
    }
    const code = (c as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && Object.hasOwn(WHY, code)) {
      return new CertificateError({
        device,
        endpoint,
        reason: 'untrusted',
        message: `${device} (${origin}) presents a certificate that is not trusted: ${WHY[code]}. Use Test connection in Devices to see its fingerprint; trust it only if it matches the one the device shows on its own screen or web page.`,
        cause: e,
      });
    }
  }
  return undefined;
}

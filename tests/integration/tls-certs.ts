/**
 * Certificates for the local HTTPS simulators, made with the openssl command line (present on the
 * CI image and here): self-signed, signed by an unknown authority, and expired. EC P-256 keys,
 * because RSA key generation is slow on a loaded machine. Files live in a temp dir removed by
 * `cleanup()`.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  key: string;
  cert: string;
  /** SHA-256 fingerprint as Node prints it: upper-case hex with colons. */
  fingerprint: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export class CertFactory {
  private readonly dir = mkdtempSync(join(tmpdir(), 'frontdesk-certs-'));
  private n = 0;

  private file(name: string): string {
    return join(this.dir, `${this.n}-${name}`);
  }

  private load(keyFile: string, certFile: string): TestCert {
    const cert = readFileSync(certFile, 'utf8');
    return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', args, { stdio: 'ignore', cwd: this.dir });
  }

  /** A self-signed certificate for `cn`, valid for two days. */
  selfSigned(cn: string): TestCert {
    this.n++;
    const key = this.file('key.pem');
    const cert = this.file('cert.pem');
    this.openssl(['req', '-x509', ...EC, '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${cn}`]);
    return this.load(key, cert);
  }

  /** A certificate for `cn` signed by a throw-away authority no one trusts (the chain is served too). */
  unknownAuthority(cn: string): TestCert {
    this.n++;
    const caKey = this.file('ca-key.pem');
    const caCert = this.file('ca.pem');
    this.openssl(['req', '-x509', ...EC, '-keyout', caKey, '-out', caCert, '-days', '2', '-subj', '/CN=Frontdesk Test CA']);
    const key = this.file('key.pem');
    const csr = this.file('req.csr');
    const cert = this.file('cert.pem');
    this.openssl(['req', '-new', ...EC, '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`]);
    this.openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2']);
    const leaf = this.load(key, cert);
    return { ...leaf, cert: leaf.cert + readFileSync(caCert, 'utf8') };
  }

  /** A self-signed certificate for `cn` that expired in 2020. */
  expired(cn: string): TestCert {
    this.n++;
    const base = this.file('');
    writeFileSync(`${base}index.txt`, '');
    writeFileSync(`${base}serial`, '01\n');
    const cnf = `${base}ca.cnf`;
    writeFileSync(cnf, `[ca]\ndefault_ca=d\n[d]\ndatabase=${base}index.txt\nserial=${base}serial\nnew_certs_dir=${this.dir}\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`);
    const key = this.file('key.pem');
    const csr = this.file('req.csr');
    const cert = this.file('cert.pem');
    this.openssl(['req', '-new', ...EC, '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`]);
    this.openssl(['ca', '-batch', '-notext', '-config', cnf, '-selfsign', '-keyfile', key, '-in', csr, '-out', cert, '-startdate', '20200101000000Z', '-enddate', '20200102000000Z']);
    return this.load(key, cert);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

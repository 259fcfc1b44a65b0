/**
 * One way to open an MQTT 5 connection for the hub and the desks: mqtts:// with the system's CAs,
 * a given CA, or a pinned SHA-256 certificate fingerprint (for a broker with a self-signed
 * certificate); plain mqtt:// only to this machine. With a pin, nothing (not even the CONNECT packet
 * with the password) is written before the broker's certificate matched it.
 */
import { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import mqtt, { MqttClient, type IClientOptions } from 'mqtt';
import { brokerUrlProblem } from '../../shared/ipc/features/desk';

export interface BrokerOptions {
  url: string;
  username?: string;
  password?: string;
  /** PEM of the CA that signed the broker's certificate. */
  ca?: string | Buffer;
  /** SHA-256 fingerprint of the broker's certificate (hex, colons allowed). */
  fingerprint?: string;
  clientId: string;
  keepaliveSec?: number;
  will?: { topic: string; payload: string; retain: boolean };
  connectTimeoutMs?: number;
  reconnectPeriodMs?: number;
}

export class BrokerConfigError extends Error {
  override readonly name = 'BrokerConfigError';
}

const PIN_MISMATCH = 'ERR_FRONTDESK_BROKER_PIN';
/** Certificate problems do not go away by retrying: they stop the connection like a refused password. */
const CERTIFICATE_ERRORS = new Set([PIN_MISMATCH, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID']);

export const normaliseFingerprint = (f: string): string => f.replace(/[:\s]/g, '').toLowerCase();

/** A duplex over TLS that holds every write until the peer certificate matched the pin. */
function pinnedTlsStream(host: string, port: number, pin: string, servername: string | undefined): Duplex {
  let verified = false;
  const pending: { chunk: Buffer; cb: (e?: Error | null) => void }[] = [];
  const socket: TLSSocket = tlsConnect({ host, port, rejectUnauthorized: false, ...(servername ? { servername } : {}) });
  const stream = new Duplex({
    write(chunk: Buffer, _enc, cb) {
      if (verified) socket.write(chunk, cb);
      else pending.push({ chunk, cb });
    },
    read() {
      socket.resume();
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  socket.on('secureConnect', () => {
    const got = normaliseFingerprint(socket.getPeerCertificate().fingerprint256 ?? '');
    if (got !== pin) {
      stream.destroy(Object.assign(new Error(`the broker's certificate (SHA-256 ${got || 'none'}) is not the pinned one: check the fingerprint in Settings`), { code: PIN_MISMATCH }));
      return;
    }
    verified = true;
    for (const p of pending.splice(0)) socket.write(p.chunk, p.cb);
    stream.emit('connect');
  });
  socket.on('data', (d: Buffer) => {
    if (!stream.push(d)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('error', (e) => stream.destroy(e));
  socket.on('close', () => {
    if (!stream.destroyed) stream.destroy();
  });
  return stream;
}

/** Open a client (it reconnects by itself); throws BrokerConfigError for an address that is not allowed. */
export function openBroker(o: BrokerOptions): MqttClient {
  const problem = brokerUrlProblem(o.url);
  if (problem) throw new BrokerConfigError(`the broker address ${problem}`);
  const url = new URL(o.url);
  const port = url.port ? Number(url.port) : url.protocol === 'mqtts:' ? 8883 : 1883;
  const options: IClientOptions = {
    protocolVersion: 5,
    clientId: o.clientId,
    clean: true,
    keepalive: o.keepaliveSec ?? 10,
    connectTimeout: o.connectTimeoutMs ?? 5000,
    reconnectPeriod: o.reconnectPeriodMs ?? 1000,
    resubscribe: true,
    queueQoSZero: false,
    ...(o.username !== undefined ? { username: o.username } : {}),
    ...(o.password !== undefined ? { password: o.password } : {}),
    ...(o.will ? { will: { topic: o.will.topic, payload: Buffer.from(o.will.payload), qos: 1, retain: o.will.retain } } : {}),
    properties: { sessionExpiryInterval: 0 },
  };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'mqtts:' && o.fingerprint) {
    const pin = normaliseFingerprint(o.fingerprint);
    if (!/^[0-9a-f]{64}$/.test(pin)) throw new BrokerConfigError('the broker fingerprint must be a SHA-256 fingerprint (64 hex digits)');
    const servername = /^[0-9.:]+$/.test(host) ? undefined : host;
    return new MqttClient(() => pinnedTlsStream(host, port, pin, servername), { ...options, host, port, protocol: 'mqtts' });
  }
  return mqtt.connect({
    ...options,
    protocol: url.protocol === 'mqtts:' ? 'mqtts' : 'mqtt',
    host,
    port,
    ...(url.protocol === 'mqtts:' ? { rejectUnauthorized: true, ...(o.ca ? { ca: o.ca } : {}) } : {}),
  });
}

/** MQTT CONNACK codes that mean "stop trying with these credentials" (5: 134/135, 3.1.1: 4/5). */
export function isRefusal(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
  return code === 134 || code === 135 || code === 4 || code === 5 || isCertificateError(e);
}

export function isCertificateError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
  return typeof code === 'string' && CERTIFICATE_ERRORS.has(code);
}

/** A log line about a broker error, never with a password in it. */
export function brokerErrorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

/**
 * Desk mode: "Connect to an office hub". The desk then polls nothing: its office state, events and
 * commands go through an MQTT 5 broker to a hub (`npm run hub`); disconnecting returns to the local
 * devices without a restart. The password goes to the secret store, never into settings.
 */
import { z } from 'zod';
import { DEFAULT_OFFICE, DEFAULT_PREFIX, TOPIC_ID, TOPIC_PREFIX } from '../../mqtt/topics';
import { method, NO_INPUT } from '../define';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** mqtts:// anywhere; plain mqtt:// only to this machine (tests, a broker on the same PC). */
export function brokerUrlProblem(u: string): string | undefined {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'must be an address such as mqtts://broker.example.com:8883';
  }
  if (url.username !== '' || url.password !== '') return 'must not hold a user or password (enter them in their own fields)';
  if (url.hostname === '') return 'must name the broker host';
  if (url.pathname !== '' && url.pathname !== '/') return 'must be only mqtts://host:port (no path)';
  if (url.protocol === 'mqtts:') return undefined;
  if (url.protocol === 'mqtt:') return LOOPBACK.has(url.hostname) || /^127\./.test(url.hostname) ? undefined : 'must use mqtts:// (TLS); plain mqtt:// is allowed only to this machine';
  return 'must start with mqtts:// (or mqtt:// to this machine)';
}

export const brokerUrlSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(300, 'is too long')
  .superRefine((u, ctx) => {
    const p = brokerUrlProblem(u);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });

const topicId = (what: string) => z.string().trim().regex(TOPIC_ID, `${what} may hold only letters, digits, dot, dash and underscore (at most 64)`);

export const fingerprintSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[:\s]/g, '').toLowerCase())
  .refine((s) => /^[0-9a-f]{64}$/.test(s), 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)');

/** What the desk keeps (no password). */
export const deskConfigSchema = z
  .object({
    brokerUrl: brokerUrlSchema,
    /** The broker user; also this desk's id in the topics unless `deskId` is given. */
    username: topicId('the user'),
    deskId: topicId('the desk id').optional(),
    office: topicId('the office id').default(DEFAULT_OFFICE),
    prefix: z.string().trim().regex(TOPIC_PREFIX, 'must be topic levels of letters, digits, dot, dash or underscore').default(DEFAULT_PREFIX),
    /** PEM of the CA that signed the broker's certificate (else the system's CAs). */
    ca: z.string().trim().max(20_000, 'is too long').regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, 'must be a PEM certificate').optional(),
    /** SHA-256 fingerprint of the broker's certificate, pinned instead of a CA. */
    fingerprint: fingerprintSchema.optional(),
    /** How long a command waits for the hub's answer (default 10 s). */
    commandTimeoutMs: z.number().int().min(500).max(120_000).optional(),
  })
  .strict();

export const deskConnectInputSchema = deskConfigSchema
  .extend({
    /** Absent: keep the stored one. */
    password: z.string().min(1, 'is required').max(256, 'is too long').optional(),
  })
  .strict();

export const DESK_STATES = ['local', 'connecting', 'connected', 'hub-unreachable', 'broker-unreachable', 'refused', 'incompatible'] as const;

export const deskStatusSchema = z.object({
  /**
   * local: local devices, no hub. connecting: first contact. connected: following the hub.
   * hub-unreachable: the broker answers, the hub does not (last known state shown).
   * broker-unreachable: the broker does not answer (retrying). refused: the broker refused the
   * user or password. incompatible: the hub refuses this desk's protocol version.
   */
  state: z.enum(DESK_STATES),
  message: z.string().optional(),
  since: z.string(),
  /** The hub's revision this desk has applied. */
  revision: z.number().int().optional(),
});

export const deskViewSchema = z.object({
  enabled: z.boolean(),
  config: deskConfigSchema.optional(),
  stored: z.object({ password: z.boolean() }),
  status: deskStatusSchema,
});

export const deskMethods = {
  'desk.get': method(NO_INPUT, deskViewSchema),
  /** Save the hub connection and switch to it (answers once connected, refused, or after a few seconds of trying). */
  'desk.connect': method(deskConnectInputSchema, deskViewSchema),
  /** Back to the local devices (the connection settings are kept). */
  'desk.disconnect': method(NO_INPUT, deskViewSchema),
};

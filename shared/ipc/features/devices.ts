/** Device registry: list, add, update, remove, enable/disable, test a connection, re-poll. */
import { z } from 'zod';
import { CAPABILITIES, type DeviceConfig } from '../../domain';
import { method, NO_INPUT } from '../define';
import { deviceKindSchema, idSchema, ok } from './common';
import { deviceEntitySchema } from './office';

const interval = (min: number) =>
  z.number().int('must be a whole number of milliseconds').min(min, `must be at least ${min} ms`).max(86_400_000, 'must be at most a day');

export const pollingSchema = z
  .object({
    linesIdleMs: interval(250),
    linesActiveMs: interval(250),
    motionMs: interval(500),
    snapshotMs: interval(500),
    presenceMs: interval(1000),
    voicemailMs: interval(5000),
    contactsMs: interval(60_000),
    historyMs: interval(60_000),
  })
  .partial()
  .strict();

const extension = z.string().trim().regex(/^[0-9*#]{1,15}$/, 'must be an extension number (digits, * or #)');

export const deviceUrlSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(300, 'is too long')
  .refine((u) => {
    try {
      const p = new URL(u);
      return (p.protocol === 'http:' || p.protocol === 'https:') && p.hostname !== '' && p.username === '' && p.password === '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address such as https://192.168.1.20, without a user or password in it');

/** What a user enters for a device (no id: add generates one, update names it separately). */
export const deviceConfigInputSchema = z
  .object({
    kind: deviceKindSchema,
    name: z.string().trim().min(1, 'is required').max(80, 'is longer than 80 characters'),
    url: deviceUrlSchema,
    username: z.string().trim().max(64, 'is longer than 64 characters').default(''),
    extension: extension.optional(),
    mailboxes: z.array(extension).max(200, 'lists more than 200 mailboxes').optional(),
    polling: pollingSchema.optional(),
    tlsFingerprint: z
      .string()
      .trim()
      .transform((s) => s.replace(/[:\s]/g, '').toLowerCase())
      .refine((s) => /^[0-9a-f]{64}$/.test(s), 'must be a SHA-256 fingerprint (64 hex digits, colons allowed)')
      .optional(),
    loginSeparator: z.enum([':', '.']).optional(),
    /** Pinned firmware family (shared/domain.ts DeviceConfig.family); absent = detected by probe. */
    family: z
      .enum(['gs-legacy', 'gs-sha256', 'gs-passcode', 'gxv-basic', 'gsc-challenge', 'kalliope-3', 'kalliope-4', 'nethvoice-legacy', 'nethvoice-ns8'])
      .optional(),
    /** KalliopePBX 4.x tenant domain (shared/domain.ts DeviceConfig.tenantDomain); absent = "default". */
    tenantDomain: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a tenant domain such as default (letters, digits, dot, dash, underscore)')
      // "." or ".." would not stay one segment of /rest/salt/<domain>
      .refine((s) => !/^\.+$/.test(s), 'must be a tenant domain such as default, not only dots')
      .optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const deviceSecretsInputSchema = z
  .object({
    password: z.string().min(1, 'is required').max(256, 'is too long'),
    secret: z.string().max(256, 'is too long').optional(),
    privacyPassword: z.string().max(256, 'is too long').optional(),
  })
  .strict();

/** Optional device settings and secrets that `devices.update` can remove. */
export const CLEARABLE_FIELDS = ['extension', 'mailboxes', 'polling', 'tlsFingerprint', 'loginSeparator', 'family', 'tenantDomain', 'secret', 'privacyPassword'] as const;

export const deviceViewSchema = z.object({
  config: z.custom<DeviceConfig>((v) => typeof v === 'object' && v !== null),
  status: deviceEntitySchema,
  /** ISO time of the last successful poll. */
  lastSeen: z.string().optional(),
  /** Which secrets are stored (never their values). */
  stored: z.object({ password: z.boolean(), secret: z.boolean(), privacyPassword: z.boolean() }),
  /** True for the simulated office's devices (read-only). */
  demo: z.boolean(),
  /** What the device can do, as its last probe said (empty until it answered). */
  capabilities: z.array(z.enum(CAPABILITIES)),
});

export const probeResultSchema = z.object({
  kind: deviceKindSchema,
  model: z.string(),
  firmware: z.string(),
  mac: z.string().optional(),
  capabilities: z.array(z.enum(CAPABILITIES)),
  family: z.string().optional(),
  generation: z.string().optional(),
  userLimits: z
    .object({
      edition: z.enum(['community', 'enterprise']),
      configured: z.number().nullable(),
      limit: z.number().nullable(),
      configurable: z.number().nullable(),
    })
    .optional(),
});

export const testResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), probe: probeResultSchema }),
  z.object({
    ok: z.literal(false),
    kind: z.string(),
    message: z.string(),
    /** An untrusted (e.g. self-signed) certificate the device presented: show it and let the user pin it (tlsFingerprint). */
    certificate: z.object({ fingerprint: z.string(), subject: z.string().optional(), issuer: z.string().optional(), validTo: z.string().optional() }).optional(),
  }),
]);

export const devicesMethods = {
  'devices.list': method(NO_INPUT, z.array(deviceViewSchema)),
  'devices.add': method(
    z.object({ id: idSchema.optional(), config: deviceConfigInputSchema, secrets: deviceSecretsInputSchema }).strict(),
    deviceViewSchema,
  ),
  'devices.update': method(
    z
      .object({
        id: idSchema,
        config: deviceConfigInputSchema.partial().strict().optional(),
        /** Only the secrets given are replaced. */
        secrets: deviceSecretsInputSchema.partial().strict().optional(),
        /** Optional settings and secrets to remove (an empty form field means "clear", not "keep"). */
        clear: z.array(z.enum(CLEARABLE_FIELDS)).max(CLEARABLE_FIELDS.length).optional(),
      })
      .strict(),
    deviceViewSchema,
  ),
  'devices.remove': method(z.object({ id: idSchema }).strict(), ok),
  'devices.setEnabled': method(z.object({ id: idSchema, enabled: z.boolean() }).strict(), deviceViewSchema),
  /** Probe an unsaved configuration: nothing is stored. */
  /** With `id` and no password, the device's stored secrets are used (testing an edit without retyping it). */
  'devices.test': method(
    z.object({ id: idSchema.optional(), config: deviceConfigInputSchema, secrets: deviceSecretsInputSchema.partial().strict().optional() }).strict(),
    testResultSchema,
  ),
  /** Poll a device now (after the user fixed something, or to refresh). */
  'devices.refresh': method(z.object({ id: idSchema }).strict(), ok),
};

/** The office state: snapshot query; patches and derived events are pushed (see ../contract). */
import { z } from 'zod';
import { LINE_STATES } from '../../domain';
import type { Entity, OfficeSnapshot } from '../../office';
import { method, NO_INPUT } from '../define';
import { deviceKindSchema } from './common';

const iso = z.string();
const presence = z.enum(['available', 'online', 'busy', 'ringing', 'offline', 'unknown']);

export const deviceEntitySchema = z.object({
  type: z.literal('device'),
  id: z.string(),
  name: z.string(),
  kind: deviceKindSchema,
  health: z.enum(['unknown', 'online', 'offline', 'auth-failed', 'error', 'disabled']),
  problem: z.string().optional(),
  model: z.string().optional(),
  firmware: z.string().optional(),
  family: z.string().optional(),
  generation: z.string().optional(),
  since: iso.optional(),
  insecure: z.boolean().optional(),
});
export const lineEntitySchema = z.object({
  type: z.literal('line'),
  deviceId: z.string(),
  line: z.number().int(),
  state: z.enum(LINE_STATES),
  remoteNumber: z.string(),
  remoteName: z.string(),
  remoteCompany: z.string().optional(),
  contactKey: z.string().optional(),
  account: z.number().int(),
  since: iso,
});
export const extensionEntitySchema = z.object({
  type: z.literal('ext'),
  sourceId: z.string(),
  extension: z.string(),
  name: z.string(),
  state: presence,
  phoneId: z.string().optional(),
});
export const mailboxEntitySchema = z.object({
  type: z.literal('mailbox'),
  deviceId: z.string(),
  mailbox: z.string(),
  new: z.number().int().nullable(),
  old: z.number().int().nullable(),
  urgent: z.number().int().nullable(),
  enabled: z.boolean().nullable(),
  watched: z.boolean(),
});
export const cameraEntitySchema = z.object({
  type: z.literal('camera'),
  deviceId: z.string(),
  motion: z.boolean(),
  alarmInputs: z.array(z.boolean()),
  lastSnapshotAt: iso.optional(),
});
export const matchedContactSchema = z.object({ key: z.string(), name: z.string(), company: z.string().optional(), source: z.string() });
export const callEntitySchema = z.object({
  type: z.literal('call'),
  id: z.string(),
  deviceId: z.string(),
  line: z.number().int(),
  direction: z.enum(['in', 'out', 'internal', 'unknown']),
  number: z.string(),
  name: z.string(),
  contact: matchedContactSchema.optional(),
  startedAt: iso,
  answeredAt: iso.optional(),
  endedAt: iso.optional(),
  missed: z.boolean(),
  rejected: z.boolean().optional(),
  origin: z.enum(['lines', 'cdr']),
  durationSec: z.number().optional(),
});

export const entitySchema: z.ZodType<Entity> = z.discriminatedUnion('type', [
  deviceEntitySchema,
  lineEntitySchema,
  extensionEntitySchema,
  mailboxEntitySchema,
  cameraEntitySchema,
  callEntitySchema,
]);

export const officeSnapshotSchema: z.ZodType<OfficeSnapshot> = z.object({
  revision: z.number().int().nonnegative(),
  entities: z.record(z.string(), entitySchema),
});
export const officePatchSchema = z.object({
  revision: z.number().int().positive(),
  set: z.record(z.string(), entitySchema),
  unset: z.array(z.string()),
});

export const officeMethods = {
  'office.state': method(NO_INPUT, officeSnapshotSchema),
};

/**
 * Payload schemas of the many-desk protocol (topics in ./topics). They are built from the
 * contract's own schemas (entities, patches, snapshots, method inputs and outputs), so a desk and a
 * hub check exactly what the local contract promises, and the event schemas are typed against the
 * contract's EventMap so they cannot drift from it.
 */
import { z } from 'zod';
import { IPC_ERROR_CODES, type EventPayload, type IpcResult } from '../ipc/contract';
import { callEntitySchema, entitySchema, officePatchSchema } from '../ipc/features/office';
import { CONTRACT } from '../ipc/schemas';
import type { PublishedEvent, RemoteMethod } from './topics';
import { PUBLISHED_EVENTS } from './topics';

const iso = z.string();
const base = { deviceId: z.string(), deviceName: z.string(), at: iso };

export const callEventSchema = z.object({ ...base, call: callEntitySchema });
export const voicemailEventSchema = z.object({ ...base, mailbox: z.string(), new: z.number().int(), previous: z.number().int() });
export const motionEventSchema = z.object({ ...base, motion: z.boolean(), alarmInputs: z.array(z.boolean()) });
export const deviceEventSchema = z.object({ ...base, problem: z.string().optional() });
export const snapshotEventSchema = z.object({ deviceId: z.string(), takenAt: iso, dataUrl: z.string().startsWith('data:image/') });

/** One schema per event that crosses the broker, typed so a change of the EventMap fails to compile here. */
export const EVENT_SCHEMAS: { [E in PublishedEvent | 'office.patch']: z.ZodType<EventPayload<E>> } = {
  'office.patch': officePatchSchema,
  'call.incoming': callEventSchema,
  'call.answered': callEventSchema,
  'call.ended': callEventSchema,
  'call.missed': callEventSchema,
  'voicemail.new': voicemailEventSchema,
  'camera.motion': motionEventSchema,
  'camera.snapshot': snapshotEventSchema,
  'device.offline': deviceEventSchema,
  'device.online': deviceEventSchema,
  'device.authFailed': deviceEventSchema,
  'contacts.changed': z.object({ sources: z.array(z.string()) }),
};

const version = z.number().int().positive();
const run = z.string().min(1).max(64);

export const stateMessageSchema = z.object({ v: version, run, rev: z.number().int().nonnegative(), entity: entitySchema });
export const metaMessageSchema = z.object({
  v: version,
  minDesk: version,
  run,
  rev: z.number().int().nonnegative(),
  entities: z.number().int().nonnegative(),
  startedAt: iso,
  demo: z.boolean(),
});
export const hubPresenceSchema = z.object({ v: version, run, online: z.boolean(), at: iso });
export const patchMessageSchema = z.object({ v: version, run, at: z.number(), patch: officePatchSchema });
export const eventMessageSchema = z.object({ v: version, run, name: z.enum(PUBLISHED_EVENTS), payload: z.unknown() });
export const commandMessageSchema = z.object({ v: z.number().int().nonnegative(), method: z.string().max(64), input: z.unknown().optional() });

export type StateMessage = z.output<typeof stateMessageSchema>;
export type MetaMessage = z.output<typeof metaMessageSchema>;
export type HubPresence = z.output<typeof hubPresenceSchema>;
export type PatchMessage = z.output<typeof patchMessageSchema>;
export type EventMessage = z.output<typeof eventMessageSchema>;
export type CommandMessage = z.output<typeof commandMessageSchema>;

export const ipcErrorSchema = z.object({
  code: z.enum(IPC_ERROR_CODES),
  message: z.string(),
  issues: z.array(z.string()).optional(),
  device: z.string().optional(),
  kind: z.string().optional(),
});

/** The reply to a command: the contract's IpcResult, its value checked with the method's output schema. */
export function replySchema(method: RemoteMethod) {
  return z.object({
    v: version,
    result: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: CONTRACT[method].output }), z.object({ ok: z.literal(false), error: ipcErrorSchema })]),
  });
}

/** A reply whose method is unknown to the receiver (an answer to a command it could not read). */
export const anyReplySchema = z.object({
  v: version,
  result: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: ipcErrorSchema })]),
});

export type ReplyMessage = { v: number; result: IpcResult<unknown> };

/** Parse a JSON payload; undefined when it is not JSON (callers report that as a bad message). */
export function parseJson(payload: Uint8Array | string): unknown {
  const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const issuesOf = (e: z.ZodError): string =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(message)'}: ${i.message}`)
    .join('; ');

/** Click-to-call, call control per line, and the call history. */
import { z } from 'zod';
import { method } from '../define';
import { callActionSchema, idSchema, ok, phoneNumberInput } from './common';
import { callEntitySchema } from './office';

export const dialRouteSchema = z.discriminatedUnion('kind', [
  /** My desk phone places the call (Grandstream api-make_call). `account` is 1-based as the phone shows it. */
  z.object({ kind: z.literal('phone'), deviceId: idSchema, account: z.number().int().min(1).max(16).optional() }).strict(),
  /** The PBX rings my extension first, then the number (Kalliope click2call). */
  z.object({ kind: z.literal('pbx'), deviceId: idSchema, extension: z.string().regex(/^[0-9*#]{1,15}$/).optional() }).strict(),
]);

export const dialResultSchema = z.object({
  route: z.object({ kind: z.enum(['phone', 'pbx']), deviceId: z.string(), deviceName: z.string(), account: z.number().optional(), extension: z.string().optional() }),
  /** The number actually sent to the device after normalisation. */
  dialled: z.string(),
});

export const callsMethods = {
  'calls.dial': method(z.object({ number: phoneNumberInput, route: dialRouteSchema.optional() }).strict(), dialResultSchema),
  'calls.control': method(z.object({ deviceId: idSchema, line: z.number().int().min(0).max(64), action: callActionSchema }).strict(), ok),
  'calls.history': method(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict().optional(), z.array(callEntitySchema)),
};

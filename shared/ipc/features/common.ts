/** Schemas shared by several features. */
import { z } from 'zod';
import { CALL_ACTIONS, DEVICE_KINDS } from '../../domain';

export const idSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'is longer than 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may hold only letters, digits, dot, dash and underscore');

export const deviceKindSchema = z.enum(DEVICE_KINDS);
export const callActionSchema = z.enum(CALL_ACTIONS);
export const phoneNumberInput = z.string().trim().min(1, 'is required').max(80, 'is longer than 80 characters');

export const ok = z.object({ ok: z.literal(true) });

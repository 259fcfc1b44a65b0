/** The unified contact book: search, caller lookup, sources, and edits on writable sources. */
import { z } from 'zod';
import { method, NO_INPUT } from '../define';
import { idSchema, ok, phoneNumberInput } from './common';

export const contactNumberSchema = z.object({
  type: z.enum(['work', 'home', 'mobile', 'fax', 'other']),
  number: z.string(),
});

export const indexedContactSchema = z.object({
  key: z.string(),
  sourceId: z.string(),
  sourceLabel: z.string(),
  writable: z.boolean(),
  id: z.string(),
  name: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().optional(),
  numbers: z.array(contactNumberSchema),
  email: z.string().optional(),
  groupId: z.string().optional(),
});

export const contactHitSchema = z.object({ contact: indexedContactSchema, matched: z.enum(['name', 'company', 'number']) });
export const callerMatchSchema = z.object({ contact: indexedContactSchema, number: contactNumberSchema, exact: z.boolean() });
export const contactSourceSchema = z.object({ id: z.string(), label: z.string(), writable: z.boolean(), count: z.number().int() });

const text = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`);
export const contactInputSchema = z
  .object({
    id: text(64).optional(),
    firstName: text(64).optional(),
    lastName: text(64).optional(),
    name: text(128).optional(),
    company: text(128).optional(),
    numbers: z
      .array(
        z.object({
          type: z.enum(['work', 'home', 'mobile', 'fax', 'other']),
          number: z
            .string()
            .trim()
            .min(1, 'is required')
            .max(40, 'is longer than 40 characters')
            .regex(/^\+?[0-9 ()./*#-]+$/, 'may hold only digits, spaces, + ( ) . / - * #'),
        }),
      )
      .min(1, 'needs at least one number')
      .max(8, 'holds at most 8 numbers'),
    email: z.string().trim().email('is not an e-mail address').optional().or(z.literal('')),
    groupId: text(32).optional(),
  })
  .strict()
  .refine((c) => Boolean(c.name || c.firstName || c.lastName), { message: 'needs a name', path: ['name'] });

export const contactsMethods = {
  'contacts.search': method(z.object({ query: z.string().max(100, 'is longer than 100 characters'), limit: z.number().int().min(1).max(500).optional() }).strict(), z.array(contactHitSchema)),
  'contacts.lookup': method(z.object({ number: phoneNumberInput }).strict(), callerMatchSchema.nullable()),
  'contacts.sources': method(NO_INPUT, z.array(contactSourceSchema)),
  /** One page of one source's contacts, in the source's order (export, browsing): `total` is the source's size. */
  'contacts.list': method(
    z.object({ sourceId: z.string().min(1).max(100), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(500) }).strict(),
    z.object({ total: z.number().int(), contacts: z.array(indexedContactSchema) }),
  ),
  /** Create (no id) or update a contact on a writable device; answers the contact as read back. */
  'contacts.save': method(z.object({ deviceId: idSchema, contact: contactInputSchema }).strict(), indexedContactSchema),
  'contacts.delete': method(z.object({ deviceId: idSchema, id: z.string().trim().min(1).max(64) }).strict(), ok),
  /** Re-read every directory now. */
  'contacts.refresh': method(NO_INPUT, ok),
};

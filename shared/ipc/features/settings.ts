/** Office-wide settings the receptionist or admin changes (no device secrets here). */
import { z } from 'zod';
import { method, NO_INPUT } from '../define';
import { dialRouteSchema } from './calls';

const digits = (what: string, max: number) => z.string().trim().regex(new RegExp(`^[0-9]{0,${max}}$`), `${what} must be digits only (at most ${max})`);

export const numberingSchema = z
  .object({
    countryCode: z.string().trim().regex(/^[1-9][0-9]{0,3}$/, 'must be a country calling code such as 39 or 49'),
    internationalPrefix: digits('the international prefix', 4).refine((s) => s.length > 0, 'is required (e.g. 00)'),
    trunkPrefix: digits('the trunk prefix', 2),
    outsideLinePrefix: digits('the outside-line prefix', 3).optional(),
    internalMaxDigits: z.number().int().min(1).max(8).optional(),
  })
  .strict();

export const pushListenerSchema = z
  .object({
    enabled: z.boolean(),
    /** Interface to bind (an address of this PC the cameras can reach). */
    host: z.string().trim().min(1).max(100),
    port: z.number().int().min(0).max(65535),
  })
  .strict();

const accelerator = z
  .string()
  .trim()
  .max(60, 'is too long')
  .regex(/^$|^[A-Za-z0-9+]+$/, 'must be a key combination such as CommandOrControl+Alt+D (or empty to switch it off)');

/** Preferences of the desktop app: applied by the shell (hotkeys, notifications, login item) and the renderer (theme, language). */
export const desktopSettingsSchema = z
  .object({
    hotkeys: z.object({ dial: accelerator, answer: accelerator, hangup: accelerator }).strict(),
    notifications: z
      .object({ incoming: z.boolean(), missed: z.boolean(), voicemail: z.boolean(), device: z.boolean(), motion: z.boolean() })
      .strict(),
    doNotDisturb: z.boolean(),
    startAtLogin: z.boolean(),
    /** Close the window to the tray instead of quitting. */
    closeToTray: z.boolean(),
    theme: z.enum(['system', 'light', 'dark']),
    language: z.enum(['en', 'it']),
  })
  .strict();

/** What the desktop shell reports back (hotkeys that could not be registered, …); absent in the web harness. */
export const shellStatusSchema = z.object({
  hotkeys: z.record(z.string(), z.object({ ok: z.boolean(), message: z.string().optional() })),
  startAtLogin: z.boolean().optional(),
});

export const publicSettingsSchema = z.object({
  desktop: desktopSettingsSchema,
  shell: shellStatusSchema.optional(),
  /** Where calls are placed from; absent = the first phone. */
  dialRoute: dialRouteSchema.optional(),
  /** The route calls take right now (the setting, or the default), with the device's name; absent when no device can dial. */
  effectiveRoute: z
    .object({ kind: z.enum(['phone', 'pbx']), deviceId: z.string(), deviceName: z.string(), account: z.number().optional(), extension: z.string().optional() })
    .optional(),
  numbering: numberingSchema,
  pushListener: pushListenerSchema,
  /** Whether the push listener runs: its address, or why it could not start. */
  pushStatus: z.object({ running: z.boolean(), url: z.string().optional(), problem: z.string().optional() }),
});

export const settingsMethods = {
  'settings.get': method(NO_INPUT, publicSettingsSchema),
  'settings.update': method(
    z
      .object({
        dialRoute: dialRouteSchema.nullable().optional(),
        numbering: numberingSchema.optional(),
        pushListener: pushListenerSchema.optional(),
        /** Fields given replace the stored ones (nested objects are merged). */
        desktop: desktopSettingsSchema.partial().extend({ hotkeys: desktopSettingsSchema.shape.hotkeys.partial().optional(), notifications: desktopSettingsSchema.shape.notifications.partial().optional() }).optional(),
      })
      .strict(),
    publicSettingsSchema,
  ),
};

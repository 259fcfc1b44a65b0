/** Cameras (snapshot watching, PTZ) and voicemail. */
import { z } from 'zod';
import { method } from '../define';
import { idSchema, ok } from './common';

export const PTZ_ACTIONS = [
  'stop', 'up', 'down', 'left', 'right', 'up-left', 'down-left', 'up-right', 'down-right',
  'zoom-in', 'zoom-out', 'focus-near', 'focus-far', 'iris-open', 'iris-close', 'home', 'auto-pan', 'stop-auto-pan',
] as const;

export const snapshotSchema = z.object({ deviceId: z.string(), takenAt: z.string(), dataUrl: z.string() });

export const mediaMethods = {
  /** Start (or renew) watching a camera: snapshots are taken only while watched and arrive as `camera.snapshot`. The lease ends after `leaseMs` unless renewed. */
  'cameras.watch': method(z.object({ deviceId: idSchema }).strict(), z.object({ leaseMs: z.number().int() })),
  'cameras.unwatch': method(z.object({ deviceId: idSchema }).strict(), ok),
  /** One snapshot now (e.g. "Save snapshot"). */
  'cameras.snapshot': method(z.object({ deviceId: idSchema }).strict(), snapshotSchema),
  'cameras.ptz': method(
    z.object({ deviceId: idSchema, action: z.enum(PTZ_ACTIONS), speed: z.number().int().min(0).max(63).optional() }).strict(),
    ok,
  ),
  /** Re-read voicemail counts now (one PBX, or all). */
  'voicemail.refresh': method(z.object({ deviceId: idSchema.optional() }).strict().optional(), ok),
};

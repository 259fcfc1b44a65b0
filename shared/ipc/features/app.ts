import { z } from 'zod';
import { method, NO_INPUT } from '../define';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'web', 'hub']),
  demo: z.boolean(),
  platform: z.string(),
  /** How device passwords are kept: by the OS keychain, only in memory for this run, or not protected (Linux basic_text). */
  secretProtection: z.enum(['os', 'memory', 'weak']),
});

export const appMethods = {
  'app.info': method(NO_INPUT, appInfoSchema),
};

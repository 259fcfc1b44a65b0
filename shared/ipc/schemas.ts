/** Runtime input schemas for every invoke method. Typed against InvokeMap so they cannot drift. */
import { z } from 'zod';
import type { InvokeInput, InvokeMethod } from './contract';

const none = z.undefined();

export const invokeInputSchemas: { [M in InvokeMethod]: z.ZodType<InvokeInput<M>> } = {
  'app.info': none,
  'devices.list': none,
  'office.state': none,
};

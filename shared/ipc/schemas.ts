/**
 * The contract's runtime schemas: every feature's methods, merged. Main validates inputs against
 * these; tests and the many-desk mode also validate outputs. Adding a method = one entry in a
 * feature file here + its name in ./contract's INVOKE_METHODS (checked at compile time) + a handler.
 */
import type { z } from 'zod';
import { appMethods } from './features/app';
import { callsMethods } from './features/calls';
import { contactsMethods } from './features/contacts';
import { deskMethods } from './features/desk';
import { devicesMethods } from './features/devices';
import { mediaMethods } from './features/media';
import { officeMethods } from './features/office';
import { settingsMethods } from './features/settings';

export const CONTRACT = {
  ...appMethods,
  ...officeMethods,
  ...devicesMethods,
  ...contactsMethods,
  ...callsMethods,
  ...mediaMethods,
  ...settingsMethods,
  ...deskMethods,
};
export type Contract = typeof CONTRACT;

/** Input schemas by method (kept under this name for existing callers). */
export const invokeInputSchemas: { [M in keyof Contract]: Contract[M]['input'] } = Object.fromEntries(
  Object.entries(CONTRACT).map(([k, v]) => [k, v.input]),
) as { [M in keyof Contract]: Contract[M]['input'] };

export type ContractInput<M extends keyof Contract> = z.output<Contract[M]['input']>;
export type ContractOutput<M extends keyof Contract> = z.output<Contract[M]['output']>;

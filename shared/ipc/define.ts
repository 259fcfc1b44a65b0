/**
 * How a feature declares its contract methods: a zod schema for the input and one for the output.
 * Types are derived from the schemas, so one declaration serves compile-time typing, main's
 * runtime input validation and (in tests and the many-desk mode) output validation.
 */
import { z } from 'zod';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> => ({ input, output });

/** A method without input. */
export const NO_INPUT = z.undefined();

/** A value the contract carries as-is, typed but not checked field by field (large outputs). */
export const typed = <T>() => z.custom<T>(() => true);

/**
 * Shared pieces of the drivers' tolerant readers: the error a parser throws when a device answer
 * has a shape it cannot read, the plain-object check every parser starts from, and the step that
 * turns such a parse error into a ProtocolError naming the device and the endpoint.
 */
import { ProtocolError } from '../../core/driver/errors';

/** A device answer whose shape a parser cannot read. Families subclass it only to keep their own name. */
export class ShapeError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'ShapeError';
  }
}

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Grandstream wording for an answer that could not be read; the last good state is kept. */
export function unreadableAnswer(device: string, endpoint: string, what: string, cause?: unknown): ProtocolError {
  return new ProtocolError({
    device,
    endpoint,
    message: `${device}: the answer of ${endpoint} could not be read: ${what}. The firmware may differ from the documented API; the last good state is kept.`,
    cause,
  });
}

/**
 * Run a parser. A ShapeError it throws becomes the error of `toError` (by default
 * `unreadableAnswer` with the ShapeError as cause); any other error passes through unchanged.
 */
export function readShape<T>(
  device: string,
  endpoint: string,
  fn: () => T,
  toError: (e: ShapeError) => Error = (e) => unreadableAnswer(device, endpoint, e.message, e),
): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ShapeError) throw toError(e);
    throw e;
  }
}

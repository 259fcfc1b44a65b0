/**
 * Types of the Grandstream camera driver: the pluggable auth strategy and request shapes.
 */
import type { HttpClient, HttpResponse } from '../common/http';

export interface CameraAuthContext {
  device: string;
  /** The camera's HTTP client (a session login sends its own requests through it). */
  http?: HttpClient;
  username: string;
  password: string;
  signal?: AbortSignal;
}

/** What a strategy adds to a request. */
export interface CameraAuthorization {
  headers: Record<string, string>;
  query?: Record<string, string>;
}

/**
 * A way to authenticate to a camera. Seed 002 uses HTTP Basic on every request (`BasicAuthStrategy`).
 * Newer firmware (GSC36xx) logs in at `/goform/login` with XML bodies and a session
 * (`GscChallengeStrategy` in gsc-auth.ts): it logs in inside `authorize` and answers `true` from
 * `sessionExpired` so the client re-authorizes once. Basic never retries: a 401 is a rejected credential.
 */
export interface CameraAuthStrategy {
  readonly name: string;
  authorize(ctx: CameraAuthContext): Promise<CameraAuthorization>;
  /** Whether a 401 may be a lapsed session worth one fresh `authorize` (never for Basic). */
  sessionExpired?(res: HttpResponse): boolean;
}

export type CameraCommand = 'get' | 'set' | 'add' | 'remove' | 'search' | 'reg' | string;

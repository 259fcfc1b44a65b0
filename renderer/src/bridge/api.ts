/** The renderer's only door to main: `window.frontdesk`, typed by the shared contract. */
import type {
  EventName,
  EventPayload,
  FrontdeskApi,
  InvokeArgs,
  InvokeMethod,
  InvokeOutput,
  IpcError,
} from '../../../shared/ipc/contract';

declare global {
  interface Window {
    frontdesk?: FrontdeskApi;
  }
}

export function api(): FrontdeskApi {
  const a = window.frontdesk;
  if (!a) throw new Error('Frontdesk bridge is missing: the app must run inside Frontdesk or its web harness.');
  return a;
}

export class IpcCallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
  }
}

/** Invoke a contract method and unwrap its envelope (throws IpcCallError on a typed error). */
export async function invoke<M extends InvokeMethod>(
  method: M,
  ...args: InvokeArgs<M>
): Promise<InvokeOutput<M>> {
  const fn = api().invoke[method] as (...a: unknown[]) => Promise<{ ok: true; value: InvokeOutput<M> } | { ok: false; error: IpcError }>;
  const result = await fn(...args);
  if (!result.ok) throw new IpcCallError(result.error);
  return result.value;
}

/** Called after the bridge reconnected (events may have been missed); a no-op under Electron IPC. */
export function onBridgeReconnect(listener: () => void): () => void {
  return api().onReconnect?.(listener) ?? (() => undefined);
}

export function subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
  return api().on[name](listener);
}

/**
 * Main-side IPC router shared by the Electron shell and the web harness. It validates every input
 * against the contract's zod schema and turns every failure into an IpcResult error: exceptions
 * never cross the bridge.
 */
import {
  INVOKE_METHODS,
  type InvokeInput,
  type InvokeMethod,
  type InvokeOutput,
  type IpcError,
  type IpcResult,
} from '../../../shared/ipc/contract';
import { invokeInputSchemas } from '../../../shared/ipc/schemas';
import { isDriverError } from '../driver/errors';

export type Handlers = { [M in InvokeMethod]: (input: InvokeInput<M>) => Promise<InvokeOutput<M>> | InvokeOutput<M> };

export interface Router {
  readonly methods: readonly InvokeMethod[];
  dispatch(method: string, rawInput: unknown): Promise<IpcResult<unknown>>;
}

export function isInvokeMethod(m: string): m is InvokeMethod {
  return (INVOKE_METHODS as readonly string[]).includes(m);
}

export function createRouter(handlers: Handlers, log: (msg: string) => void = () => undefined): Router {
  async function run<M extends InvokeMethod>(method: M, raw: unknown): Promise<IpcResult<InvokeOutput<M>>> {
    const parsed = invokeInputSchemas[method].safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
      return { ok: false, error: { code: 'invalid-input', message: `Invalid input for ${method}: ${issues.join('; ')}`, issues } };
    }
    try {
      const handler = handlers[method] as (input: InvokeInput<M>) => Promise<InvokeOutput<M>> | InvokeOutput<M>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (e) {
      return { ok: false, error: toIpcError(method, e, log) };
    }
  }
  return {
    methods: INVOKE_METHODS,
    dispatch(method, rawInput) {
      if (!isInvokeMethod(method)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `Unknown method "${method}".` } });
      }
      return run(method, rawInput);
    },
  };
}

function toIpcError(method: string, e: unknown, log: (msg: string) => void): IpcError {
  if (isDriverError(e)) return { code: 'device', message: e.message, device: e.device };
  log(`${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return { code: 'internal', message: `${method} failed: ${e instanceof Error ? e.message : String(e)}` };
}

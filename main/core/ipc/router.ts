/**
 * Main-side IPC router shared by the Electron shell, the web harness and the headless hub. Each
 * feature registers its handlers (tests register only what they use); the router validates every
 * input against the contract's zod schema and turns every failure into an IpcResult error:
 * exceptions never cross the bridge. With `validateOutput` it also checks every answer against the
 * contract (tests do, to keep handlers honest about the JSON they send).
 */
import { INVOKE_METHODS, type InvokeMethod, type IpcError, type IpcResult } from '../../../shared/ipc/contract';
import { CONTRACT, type ContractInput, type ContractOutput } from '../../../shared/ipc/schemas';
import { isDriverError, UnsupportedOperationError } from '../driver/errors';
import { ConflictError, NotFoundError } from '../hub/registry';
import { redactingLog } from '../redact';

export type Handler<M extends InvokeMethod> = (input: ContractInput<M>) => Promise<ContractOutput<M>> | ContractOutput<M>;
export type Handlers = { [M in InvokeMethod]: Handler<M> };

export interface Router {
  readonly methods: readonly InvokeMethod[];
  dispatch(method: string, rawInput: unknown): Promise<IpcResult<unknown>>;
}

export interface RouterOptions {
  log?: (msg: string) => void;
  validateOutput?: boolean;
}

export function isInvokeMethod(m: string): m is InvokeMethod {
  return (INVOKE_METHODS as readonly string[]).includes(m);
}

const issueList = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] =>
  issues.map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`);

export function createRouter(sets: readonly Partial<Handlers>[], opts: RouterOptions = {}): Router {
  const log = opts.log ? redactingLog(opts.log) : () => undefined;
  const handlers: Partial<Handlers> = {};
  for (const set of sets) {
    for (const [m, h] of Object.entries(set)) {
      if (m in handlers) throw new Error(`IPC method "${m}" is registered twice.`);
      (handlers as Record<string, unknown>)[m] = h;
    }
  }
  const registered = INVOKE_METHODS.filter((m) => m in handlers);

  async function run(method: InvokeMethod, raw: unknown): Promise<IpcResult<unknown>> {
    const handler = handlers[method] as ((input: unknown) => unknown) | undefined;
    if (!handler) return { ok: false, error: { code: 'unknown-method', message: `"${method}" is not available here.` } };
    const spec = CONTRACT[method];
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) {
      const issues = issueList(parsed.error.issues);
      return { ok: false, error: { code: 'invalid-input', message: `Invalid input for ${method}: ${issues.join('; ')}`, issues } };
    }
    let value: unknown;
    try {
      value = await handler(parsed.data);
    } catch (e) {
      return { ok: false, error: toIpcError(method, e, log) };
    }
    if (opts.validateOutput) {
      const out = spec.output.safeParse(value);
      if (!out.success) {
        const issues = issueList(out.error.issues);
        log(`${method} answered outside the contract: ${issues.join('; ')}`);
        return { ok: false, error: { code: 'internal', message: `${method} answered outside the contract: ${issues.join('; ')}`, issues } };
      }
    }
    return { ok: true, value };
  }

  return {
    methods: registered,
    dispatch(method, rawInput) {
      if (!isInvokeMethod(method)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `Unknown method "${method}".` } });
      }
      return run(method, rawInput);
    },
  };
}

export function toIpcError(method: string, e: unknown, log: (msg: string) => void): IpcError {
  if (isDriverError(e)) return { code: 'device', message: e.message, device: e.device, kind: e.kind };
  if (e instanceof UnsupportedOperationError) return { code: 'unsupported', message: e.message, device: e.device };
  if (e instanceof NotFoundError) return { code: 'not-found', message: e.message };
  if (e instanceof ConflictError) return { code: 'conflict', message: e.message };
  if (e instanceof RangeError) return { code: 'invalid-input', message: e.message };
  log(`${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return { code: 'internal', message: `${method} failed: ${e instanceof Error ? e.message : String(e)}` };
}

/**
 * What the desktop shell needs from the core: the router (every action goes through the contract,
 * as from a window), the event bus, the office store and the shell status slot. The runtime's core
 * satisfies it; tests pass a real router and event bus with a small fake store. No electron here.
 */
import type { InvokeInput, InvokeMethod, InvokeOutput, IpcResult } from '../../shared/ipc/contract';
import type { OfficeSnapshot } from '../../shared/office';
import type { EventBus } from '../core/events';
import type { ShellStatus } from '../core/hub/hub';
import type { Router } from '../core/ipc/router';

export interface ShellCore {
  readonly router: Pick<Router, 'dispatch'>;
  readonly events: EventBus;
  readonly hub: {
    readonly store: { snapshot(): OfficeSnapshot };
    shellStatus: ShellStatus | undefined;
    pokeAll(): void;
  };
}

export type { ShellStatus };

/** A typed call through the router: the same validation and error envelope a window gets. */
export async function invoke<M extends InvokeMethod>(core: Pick<ShellCore, 'router'>, method: M, input: InvokeInput<M>): Promise<IpcResult<InvokeOutput<M>>> {
  return (await core.router.dispatch(method, input)) as IpcResult<InvokeOutput<M>>;
}

/** Log lines and notifications never carry credentials: URL user info and secret-named fields go. */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1')
    .replace(/\b(pass(?:word|wd)?|pwd|secret|token|api_?key|sid)(\s*[=:]\s*)("?)[^\s"&;,]+\3/gi, '$1$2$3***$3');
}

/**
 * A typed event emitter for the contract's pushed events. `on` returns a disposer. Listeners are
 * isolated: one that throws is reported and the others (and the poll that emitted) go on.
 */
import type { EventName, EventPayload } from '../../shared/ipc/contract';

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
export type AnyEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private readonly all = new Set<AnyEventListener>();

  constructor(private readonly onListenerError: (name: EventName, error: unknown) => void = defaultReport) {}

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const l = listener as (p: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Subscribe to every event (used by the bridges that forward events to windows or sockets). */
  onAny(listener: AnyEventListener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const set = this.listeners.get(name);
    if (set) {
      for (const l of set) {
        try {
          l(payload);
        } catch (e) {
          this.onListenerError(name, e);
        }
      }
    }
    for (const l of this.all) {
      try {
        l(name, payload);
      } catch (e) {
        this.onListenerError(name, e);
      }
    }
  }
}

function defaultReport(name: EventName, error: unknown): void {
  console.error(`[frontdesk] a listener of ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

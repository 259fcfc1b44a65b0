/** A typed event emitter for the contract's pushed events. `on` returns a disposer. */
import type { EventName, EventPayload } from '../../shared/ipc/contract';

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
export type AnyEventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private readonly all = new Set<AnyEventListener>();

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
    for (const l of this.listeners.get(name) ?? []) l(payload);
    for (const l of this.all) l(name, payload);
  }
}

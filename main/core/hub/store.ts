/**
 * The entity store: every entity of the office under its key, a revision, and minimal patches.
 * `put` compares the new entity with the stored one field by field and records the key only when
 * something differs, so a poll that changed nothing costs no patch. Dirty keys are flushed as ONE
 * `office.patch` per tick (default 50 ms); a snapshot flushes first, so its revision always covers
 * every change it shows.
 */
import type { Entity, OfficePatch, OfficeSnapshot } from '../../../shared/office';
import type { Clock, TimerHandle } from '../clock';

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb += 1;
  let na = 0;
  for (const k of ka) {
    if (ra[k] === undefined) continue;
    na += 1;
    if (!sameValue(ra[k], rb[k])) return false;
  }
  return na === nb;
}

export interface EntityStoreOptions {
  clock: Clock;
  /** Patch batching window in ms (default 50). 0 = flush synchronously on every change. */
  batchMs?: number;
  onPatch: (patch: OfficePatch) => void;
}

export class EntityStore {
  private readonly entities = new Map<string, Entity>();
  private readonly dirty = new Set<string>();
  private revision = 0;
  private timer: TimerHandle | undefined;
  private readonly batchMs: number;
  /** Patches emitted (for benchmarks and tests). */
  patches = 0;

  constructor(private readonly opts: EntityStoreOptions) {
    this.batchMs = opts.batchMs ?? 50;
  }

  get(key: string): Entity | undefined {
    return this.entities.get(key);
  }

  get size(): number {
    return this.entities.size;
  }

  /** Keys under a prefix such as `line/phone-1/`. O(n): for rare bookkeeping, not the hot path. */
  keysWithPrefix(prefix: string): string[] {
    const out: string[] = [];
    for (const k of this.entities.keys()) if (k.startsWith(prefix)) out.push(k);
    return out;
  }

  /** Store an entity; returns true when it differs from what was there. */
  put(key: string, entity: Entity): boolean {
    const prev = this.entities.get(key);
    if (prev && sameValue(prev, entity)) return false;
    this.entities.set(key, entity);
    this.markDirty(key);
    return true;
  }

  remove(key: string): boolean {
    if (!this.entities.delete(key)) return false;
    this.markDirty(key);
    return true;
  }

  removePrefix(prefix: string): void {
    for (const k of this.keysWithPrefix(prefix)) this.remove(k);
  }

  snapshot(): OfficeSnapshot {
    this.flush();
    const entities: Record<string, Entity> = {};
    for (const [k, v] of this.entities) entities[k] = v;
    return { revision: this.revision, entities };
  }

  /** Emit the pending changes now as one patch (no-op when nothing changed). */
  flush(): void {
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty.size === 0) return;
    const set: Record<string, Entity> = {};
    const unset: string[] = [];
    for (const k of this.dirty) {
      const e = this.entities.get(k);
      if (e) set[k] = e;
      else unset.push(k);
    }
    this.dirty.clear();
    this.revision += 1;
    this.patches += 1;
    this.opts.onPatch({ revision: this.revision, set, unset });
  }

  close(): void {
    if (this.timer) this.opts.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private markDirty(key: string): void {
    this.dirty.add(key);
    if (this.batchMs === 0) return this.flush();
    this.timer ??= this.opts.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.batchMs);
  }
}

/**
 * Keeps a client's copy of the office in step with main: one snapshot, then patches in revision
 * order. Patches that arrive before the first snapshot are buffered (not applied to an empty
 * store and then lost); a gap in revisions or a reconnected bridge triggers ONE resync at a time;
 * patches that arrive during a resync are kept and applied on top of the new snapshot.
 * Plain TypeScript, no React: the zustand store wraps it and the tests drive it directly.
 */
import type { Entity, OfficePatch, OfficeSnapshot } from '../../../shared/office';

export interface SyncState {
  revision: number;
  entities: Record<string, Entity>;
  ready: boolean;
}

export interface OfficeSyncOptions {
  fetchSnapshot: () => Promise<OfficeSnapshot>;
  onChange: (state: SyncState) => void;
  onError?: (message: string) => void;
}

const MAX_BUFFER = 1000;

export class OfficeSync {
  private state: SyncState = { revision: 0, entities: {}, ready: false };
  private buffer: OfficePatch[] = [];
  private resyncing = false;
  private resyncAgain = false;
  /** Snapshots fetched (tests and diagnostics). */
  resyncs = 0;

  constructor(private readonly opts: OfficeSyncOptions) {}

  get current(): SyncState {
    return this.state;
  }

  /** Load the first snapshot (or reload after a reconnect). */
  start(): Promise<void> {
    return this.resync();
  }

  onPatch(patch: OfficePatch): void {
    if (!this.state.ready || this.resyncing) {
      this.buffer.push(patch);
      if (this.buffer.length > MAX_BUFFER) this.buffer.shift();
      return;
    }
    if (patch.revision <= this.state.revision) return;
    if (patch.revision !== this.state.revision + 1) {
      this.buffer.push(patch);
      void this.resync();
      return;
    }
    this.state = apply(this.state, patch);
    this.opts.onChange(this.state);
  }

  /** Fetch a snapshot; concurrent calls collapse into one more fetch after the current one. */
  async resync(): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return;
    }
    this.resyncing = true;
    try {
      do {
        this.resyncAgain = false;
        this.resyncs += 1;
        let snap: OfficeSnapshot;
        try {
          snap = await this.opts.fetchSnapshot();
        } catch (e) {
          this.opts.onError?.(e instanceof Error ? e.message : String(e));
          return;
        }
        // A snapshot older than what we show (a slow answer) is not allowed to roll the view back.
        if (!this.state.ready || snap.revision >= this.state.revision) {
          this.state = { revision: snap.revision, entities: { ...snap.entities }, ready: true };
        }
        this.drainBuffer();
      } while (this.resyncAgain);
    } finally {
      this.resyncing = false;
    }
    this.opts.onChange(this.state);
  }

  private drainBuffer(): void {
    const pending = this.buffer.filter((p) => p.revision > this.state.revision).sort((a, b) => a.revision - b.revision);
    this.buffer = [];
    for (const p of pending) {
      if (p.revision <= this.state.revision) continue;
      if (p.revision !== this.state.revision + 1) {
        // Still a hole: fetch again (the loop in resync does it once more).
        this.buffer = pending.filter((x) => x.revision > this.state.revision);
        this.resyncAgain = true;
        return;
      }
      this.state = apply(this.state, p);
    }
  }
}

export function apply(state: SyncState, patch: OfficePatch): SyncState {
  const entities = { ...state.entities };
  for (const k of patch.unset) delete entities[k];
  for (const [k, v] of Object.entries(patch.set)) entities[k] = v;
  return { revision: patch.revision, entities, ready: state.ready };
}

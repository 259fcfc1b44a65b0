/**
 * Keeps a desk's mirror in step with one hub run: patches applied in revision order, buffered
 * while a snapshot is on its way; a gap, a meta ahead of us, or another hub run (a restarted hub
 * counts from its own revision) = ONE resync at a time, and patches newer than the snapshot are
 * applied on top of it. The same rules as the renderer's OfficeSync, one level up.
 */
import type { Entity, OfficePatch, OfficeSnapshot } from '../../shared/office';

export interface SequencerOptions {
  fetch: () => Promise<OfficeSnapshot>;
  apply: (set: Record<string, Entity>, unset: readonly string[]) => void;
  replace: (snapshot: OfficeSnapshot) => void;
  onError?: (message: string) => void;
  /** How long a meta may stay ahead of the applied revision before it means a lost patch (default 500 ms). */
  metaGraceMs?: number;
}

const MAX_BUFFER = 2000;

export class PatchSequencer {
  revision = 0;
  run: string | undefined;
  ready = false;
  private buffer: OfficePatch[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private metaTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: SequencerOptions) {}

  /** A hub run we follow from now on (its revisions start over). */
  newRun(run: string): void {
    if (run === this.run) return;
    this.run = run;
    this.ready = false;
    this.revision = 0;
    this.buffer = [];
  }

  onPatch(run: string, patch: OfficePatch): void {
    if (run !== this.run) {
      this.newRun(run);
      this.push(patch);
      void this.resync();
      return;
    }
    if (!this.ready || this.running) {
      this.push(patch);
      return;
    }
    if (patch.revision <= this.revision) return;
    if (patch.revision !== this.revision + 1) {
      this.push(patch);
      void this.resync();
      return;
    }
    this.opts.apply(patch.set, patch.unset);
    this.revision = patch.revision;
  }

  /** The hub says where it is: behind it for longer than a moment = a patch was lost. */
  onMeta(run: string, rev: number): void {
    if (run !== this.run) {
      this.newRun(run);
      void this.resync();
      return;
    }
    if (!this.ready || this.running || rev <= this.revision || this.metaTimer) return;
    this.metaTimer = setTimeout(() => {
      this.metaTimer = undefined;
      if (this.run === run && this.ready && !this.running && rev > this.revision) void this.resync();
    }, this.opts.metaGraceMs ?? 500);
  }

  /** Fetch a snapshot; concurrent calls share the one running (which then fetches once more). */
  resync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no resync is running (tests, diagnostics). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const run = this.run;
      let snap: OfficeSnapshot;
      try {
        snap = await this.opts.fetch();
      } catch (e) {
        this.opts.onError?.(e instanceof Error ? e.message : String(e));
        return;
      }
      if (run !== this.run) {
        this.again = true;
        continue;
      }
      if (!this.ready || snap.revision >= this.revision) {
        this.opts.replace(snap);
        this.revision = snap.revision;
        this.ready = true;
      }
      this.drain();
    } while (this.again);
  }

  private drain(): void {
    const pending = this.buffer.filter((p) => p.revision > this.revision).sort((a, b) => a.revision - b.revision);
    this.buffer = [];
    for (const p of pending) {
      if (p.revision <= this.revision) continue;
      if (p.revision !== this.revision + 1) {
        this.buffer = pending.filter((x) => x.revision > this.revision);
        this.again = true;
        return;
      }
      this.opts.apply(p.set, p.unset);
      this.revision = p.revision;
    }
  }

  private push(p: OfficePatch): void {
    this.buffer.push(p);
    if (this.buffer.length > MAX_BUFFER) this.buffer.shift();
  }

  close(): void {
    if (this.metaTimer) clearTimeout(this.metaTimer);
    this.metaTimer = undefined;
  }
}

/**
 * The call history: the last 1,000 calls, newest first, built from the hub's line watch and
 * merged with the PBX's CDR where one is available; persisted through the DataStore (debounced).
 * A CDR row that matches a call already recorded (same number, start within 90 s) completes it
 * instead of adding a duplicate.
 */
import type { CallEntity } from '../../../shared/office';
import type { Clock, TimerHandle } from '../clock';
import type { DataStore } from '../persistence/stores';

export const HISTORY_LIMIT = 1000;
const DOC = 'call-history.json';
const MATCH_WINDOW_MS = 90_000;

const digits = (s: string): string => s.replace(/\D/g, '');

export class CallHistory {
  private calls: CallEntity[] = [];
  private saveTimer: TimerHandle | undefined;

  constructor(
    private readonly store: DataStore,
    private readonly clock: Clock,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  async load(): Promise<void> {
    const text = await this.store.read(DOC).catch(() => undefined);
    if (!text) return;
    try {
      const v = JSON.parse(text) as { version?: unknown; calls?: unknown };
      if (v.version !== 1 || !Array.isArray(v.calls)) throw new Error('unknown format');
      this.calls = (v.calls as CallEntity[]).filter((c) => typeof c === 'object' && c !== null && c.type === 'call').slice(0, HISTORY_LIMIT);
    } catch (e) {
      this.log(`call history: the saved file could not be read (${e instanceof Error ? e.message : String(e)}); starting a new one`);
    }
  }

  list(limit = HISTORY_LIMIT): CallEntity[] {
    return this.calls.slice(0, limit);
  }

  /** Add or replace (by id) a call; keeps newest first by start time. */
  record(call: CallEntity): void {
    const i = this.calls.findIndex((c) => c.id === call.id);
    if (i >= 0) this.calls.splice(i, 1);
    let at = 0;
    while (at < this.calls.length && (this.calls[at] as CallEntity).startedAt > call.startedAt) at += 1;
    this.calls.splice(at, 0, call);
    if (this.calls.length > HISTORY_LIMIT) this.calls.length = HISTORY_LIMIT;
    this.scheduleSave();
  }

  /** Merge CDR rows: a row matching a recorded call fills in its duration; others are added. Returns the number added. */
  mergeCdr(rows: CallEntity[]): number {
    let added = 0;
    for (const row of rows) {
      if (this.calls.some((c) => c.id === row.id)) continue;
      const t = Date.parse(row.startedAt);
      const n = digits(row.number);
      const twin = this.calls.find(
        (c) => c.origin === 'lines' && n !== '' && digits(c.number).endsWith(n.slice(-7)) && Math.abs(Date.parse(c.startedAt) - t) <= MATCH_WINDOW_MS,
      );
      if (twin) {
        if (twin.durationSec === undefined && row.durationSec !== undefined) this.record({ ...twin, durationSec: row.durationSec });
        continue;
      }
      this.record(row);
      added += 1;
    }
    return added;
  }

  async flush(): Promise<void> {
    if (this.saveTimer) this.clock.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.store.write(DOC, JSON.stringify({ version: 1, calls: this.calls })).catch((e: unknown) => {
      this.log(`call history: could not be saved (${e instanceof Error ? e.message : String(e)})`);
    });
  }

  private scheduleSave(): void {
    this.saveTimer ??= this.clock.setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush();
    }, 2000);
  }
}

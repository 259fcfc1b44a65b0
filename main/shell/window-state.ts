/**
 * Window bounds that survive restarts and never strand a window off-screen: saved bounds are used
 * only where enough of the title bar lands on a connected display's work area, shrunk to fit it;
 * otherwise the window is centred on the primary display. Re-checked when displays change.
 * No electron import: the shell passes `screen`'s displays and a DataStore.
 */
import type { DataStore } from '../core/persistence/stores';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState extends Rect {
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1180, height: 760 };
export const MIN_SIZE = { width: 760, height: 480 };
/** How much of the top edge must be visible to keep saved bounds: enough to grab the title bar. */
const GRAB = { width: 120, height: 32 };
export const WINDOW_STATE_DOC = 'window-state.json';

function overlap(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const r = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return r > x && bottom > y ? { x, y, width: r - x, height: bottom - y } : undefined;
}

function centred(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height };
}

/**
 * Where the window goes: the saved bounds on the display that shows its title bar best, moved and
 * shrunk to fit that work area; else centred on the primary display at the saved (or default) size.
 */
export function clampBounds(saved: Rect | undefined, workAreas: readonly Rect[], primary: Rect): Rect {
  const size = saved && saved.width > 0 && saved.height > 0 ? { width: Math.max(saved.width, MIN_SIZE.width), height: Math.max(saved.height, MIN_SIZE.height) } : DEFAULT_SIZE;
  if (!saved || !Number.isFinite(saved.x) || !Number.isFinite(saved.y)) return centred(primary, size);
  const titleBar = { x: saved.x, y: saved.y, width: size.width, height: GRAB.height };
  let best: { area: Rect; visible: number } | undefined;
  for (const area of workAreas) {
    const o = overlap(titleBar, area);
    const visible = o && o.height >= Math.min(GRAB.height, area.height) ? o.width : 0;
    if (visible >= GRAB.width && (!best || visible > best.visible)) best = { area, visible };
  }
  if (!best) return centred(primary, size);
  const a = best.area;
  const width = Math.min(size.width, a.width);
  const height = Math.min(size.height, a.height);
  const x = Math.min(Math.max(saved.x, a.x), a.x + a.width - width);
  const y = Math.min(Math.max(saved.y, a.y), a.y + a.height - height);
  return { x, y, width, height };
}

export function parseWindowState(text: string | undefined): SavedWindowState | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Partial<Record<keyof SavedWindowState, unknown>>;
    const nums = [v.x, v.y, v.width, v.height];
    if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
    return { x: v.x as number, y: v.y as number, width: v.width as number, height: v.height as number, maximized: v.maximized === true };
  } catch {
    return undefined;
  }
}

export interface TrackedWindow {
  getNormalBounds(): Rect;
  getBounds(): Rect;
  setBounds(r: Rect): void;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
}

/** Saves the window's bounds (debounced, and at close); `reclamp` after a display change. */
export class WindowStateKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly data: DataStore,
    private readonly opts: { debounceMs?: number; log?: (m: string) => void } = {},
  ) {}

  async load(workAreas: readonly Rect[], primary: Rect): Promise<{ bounds: Rect; maximized: boolean }> {
    let saved: SavedWindowState | undefined;
    try {
      saved = parseWindowState(await this.data.read(WINDOW_STATE_DOC));
    } catch {
      saved = undefined;
    }
    return { bounds: clampBounds(saved, workAreas, primary), maximized: saved?.maximized ?? false };
  }

  track(win: TrackedWindow): void {
    const soon = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.save(win), this.opts.debounceMs ?? 500);
    };
    win.on('resize', soon);
    win.on('move', soon);
    win.on('close', () => {
      clearTimeout(this.timer);
      void this.save(win);
    });
  }

  async save(win: TrackedWindow): Promise<void> {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    const state: SavedWindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
    try {
      await this.data.write(WINDOW_STATE_DOC, JSON.stringify(state));
    } catch (e) {
      this.opts.log?.(`window state not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** A display was removed or changed: bring the window back if it no longer shows. */
  reclamp(win: TrackedWindow, workAreas: readonly Rect[], primary: Rect): void {
    if (win.isDestroyed() || win.isMaximized()) return;
    const now = win.getBounds();
    const next = clampBounds(now, workAreas, primary);
    if (next.x !== now.x || next.y !== now.y || next.width !== now.width || next.height !== now.height) win.setBounds(next);
  }
}

/** Pure camera-wall logic: snapshot age, staleness, tile status, file names (unit-tested). */
import type { DeviceHealth } from '../../../../shared/office';

/** A snapshot older than this is stale: the camera (or the watch) stopped delivering. */
export const STALE_MS = 10_000;
/** Renew the watch lease this often while the tile is visible (the lease lasts 15 s). */
export const RENEW_MS = 5_000;

export type TileStatus = 'offline' | 'disabled' | 'connecting' | 'waiting' | 'live' | 'stale';

export function ageMs(takenAt: string | undefined, now: number): number | undefined {
  if (!takenAt) return undefined;
  const t = Date.parse(takenAt);
  if (!Number.isFinite(t)) return undefined;
  return Math.max(0, now - t);
}

export function tileStatus(o: { health: DeviceHealth | undefined; takenAt?: string; watchingSince?: number; now: number }): TileStatus {
  if (o.health === 'offline' || o.health === 'error' || o.health === 'auth-failed') return 'offline';
  if (o.health === 'disabled') return 'disabled';
  const age = ageMs(o.takenAt, o.now);
  if (age === undefined) {
    if (o.health === 'unknown' || o.health === undefined) return 'connecting';
    return o.watchingSince !== undefined && o.now - o.watchingSince > STALE_MS ? 'stale' : 'waiting';
  }
  return age > STALE_MS ? 'stale' : 'live';
}

/** The age split for display: "4 s", "2 min", "3 h", "2 d". */
export function ageParts(ms: number): { unit: 's' | 'min' | 'h' | 'd'; value: number } {
  const s = Math.floor(ms / 1000);
  if (s < 60) return { unit: 's', value: s };
  const m = Math.floor(s / 60);
  if (m < 60) return { unit: 'min', value: m };
  const h = Math.floor(m / 60);
  if (h < 48) return { unit: 'h', value: h };
  return { unit: 'd', value: Math.floor(h / 24) };
}

/** "Parcheggio 2026-11-29 16-40-03.jpg" from the camera's name and the snapshot's time (local). */
export function snapshotFileName(cameraName: string, takenAt: string, dataUrl: string): string {
  const d = new Date(Date.parse(takenAt) || 0);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
  // eslint-disable-next-line no-control-regex
  const name = cameraName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').trim().slice(0, 60) || 'camera';
  return `${name} ${stamp}.${extensionOf(dataUrl)}`;
}

export function extensionOf(dataUrl: string): string {
  const mime = /^data:([^;,]+)/.exec(dataUrl)?.[1]?.toLowerCase() ?? '';
  if (mime === 'image/png') return 'png';
  if (mime === 'image/gif') return 'gif';
  if (mime === 'image/webp') return 'webp';
  return 'jpg';
}

/** The newest of two snapshots (by takenAt); equal times keep the current one. */
export function newer<T extends { takenAt: string }>(current: T | undefined, next: T): T {
  if (!current) return next;
  return Date.parse(next.takenAt) > Date.parse(current.takenAt) ? next : current;
}

/**
 * Live snapshots: the newest snapshot per camera (from `camera.snapshot` events), and watch leases
 * counted per camera so a tile and the large view can both look at one camera and the last one to
 * stop looking unwatches it. A lease is renewed every RENEW_MS while anyone looks.
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { IpcCallError, invoke, subscribe } from '../../bridge/api';
import { errorText } from '../contacts/data';
import { RENEW_MS, newer } from './logic';

export interface Snapshot {
  deviceId: string;
  takenAt: string;
  dataUrl: string;
}

interface SnapshotStore {
  byId: Record<string, Snapshot>;
  /** When each camera's current watch started (ms), for "no snapshot yet" vs stale. */
  watchingSince: Record<string, number>;
  /** The last watch error per camera (cleared by a successful renewal). */
  errors: Record<string, string>;
  put(s: Snapshot): void;
}

export const useSnapshots = create<SnapshotStore>((set) => ({
  byId: {},
  watchingSince: {},
  errors: {},
  put: (s) =>
    set((st) => {
      const cur = st.byId[s.deviceId];
      const next = newer(cur, s);
      return next === cur ? st : { byId: { ...st.byId, [s.deviceId]: next } };
    }),
}));

/** Keep the store fed while the wall is mounted. */
export function useSnapshotFeed(): void {
  useEffect(() => subscribe('camera.snapshot', (s) => useSnapshots.getState().put(s)), []);
}

interface Lease {
  count: number;
  timer: number;
}
const leases = new Map<string, Lease>();

function setError(id: string, message: string | null): void {
  useSnapshots.setState((st) => {
    if (message === null && !(id in st.errors)) return st;
    const errors = { ...st.errors };
    if (message === null) delete errors[id];
    else errors[id] = message;
    return { errors };
  });
}

function renew(id: string): void {
  invoke('cameras.watch', { deviceId: id })
    .then(() => setError(id, null))
    .catch((e: unknown) => setError(id, errorText(e)));
}

export function acquire(id: string): void {
  const l = leases.get(id);
  if (l) {
    l.count++;
    return;
  }
  renew(id);
  leases.set(id, { count: 1, timer: window.setInterval(() => renew(id), RENEW_MS) });
  useSnapshots.setState((st) => ({ watchingSince: { ...st.watchingSince, [id]: Date.now() } }));
}

export function release(id: string): void {
  const l = leases.get(id);
  if (!l) return;
  if (--l.count > 0) return;
  clearInterval(l.timer);
  leases.delete(id);
  useSnapshots.setState((st) => {
    const watchingSince = { ...st.watchingSince };
    delete watchingSince[id];
    return { watchingSince };
  });
  invoke('cameras.unwatch', { deviceId: id }).catch(() => undefined);
}

/** Watch `id` while `active`. */
export function useWatch(id: string, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    acquire(id);
    return () => release(id);
  }, [id, active]);
}

/** True while the element is on screen and the window is not hidden. */
export function useOnScreen(el: Element | null): boolean {
  const [inView, setInView] = useState(false);
  const [pageVisible, setPageVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const onVis = () => setPageVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onVis);
    return () => document.removeEventListener('visibilitychange', onVis);
  }, []);
  useEffect(() => {
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) setInView(e.isIntersecting);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [el]);
  return inView && pageVisible;
}

/** The current time, ticking every second (one timer for the whole wall). */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}

/** Which cameras answered a harmless PTZ "stop" (cached for the session); see ptzSupport(). */
const ptzKnown = new Map<string, Promise<boolean>>();

/**
 * Whether the camera has pan/tilt/zoom. The contract carries no capabilities, so ask the camera
 * once with "stop" (which moves nothing): a camera without PTZ answers `unsupported`.
 */
export function ptzSupport(id: string): Promise<boolean> {
  let p = ptzKnown.get(id);
  if (!p) {
    p = invoke('cameras.ptz', { deviceId: id, action: 'stop' }).then(
      () => true,
      (e: unknown) => {
        if (!(e instanceof IpcCallError && e.error.code === 'unsupported')) ptzKnown.delete(id); // not an answer about PTZ: ask again later
        return false;
      },
    );
    ptzKnown.set(id, p);
  }
  return p;
}

/** Time, injectable: the hub never calls Date.now or setTimeout directly, so tests drive it with fake timers. */
export interface TimerHandle {
  unref?(): unknown;
}
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Real time. Looks the globals up at call time, so vitest's fake timers apply to it too. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const iso = (ms: number): string => new Date(ms).toISOString();

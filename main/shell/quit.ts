/**
 * Quitting waits for the core to close (polling stops, documents are saved, drivers log out).
 * The first 'before-quit' or 'will-quit' is held with preventDefault() while the core closes,
 * bounded by a timeout; then app.quit() runs again and, the core being closed, goes through.
 * A quit requested while closing is held too (it does not start a second close), and no quit is
 * ever held after the close has finished, so quitting cannot loop.
 * No electron import: the shell passes its `app`, tests pass a fake.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

export interface QuitApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  quit(): void;
}

export interface QuitOptions {
  /** Closes the core; may reject or never settle: quitting goes on either way. */
  close: () => Promise<void>;
  /** How long to wait for `close` (default 5 s). */
  timeoutMs?: number;
  log?: (msg: string) => void;
}

export type QuitState = 'running' | 'closing' | 'closed';

export interface QuitHandler {
  readonly state: QuitState;
  /** Settles once the close has finished, failed or timed out (the app is then told to quit). */
  readonly done: Promise<void>;
}

export const DEFAULT_QUIT_TIMEOUT_MS = 5000;

export function installQuitHandler(app: QuitApp, opts: QuitOptions): QuitHandler {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_QUIT_TIMEOUT_MS;
  const log = opts.log ?? (() => undefined);
  let state: QuitState = 'running';
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const closeWithTimeout = async (): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    let closing: Promise<void>;
    try {
      closing = opts.close();
    } catch (e) {
      closing = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    try {
      const r = await Promise.race([closing.then(() => 'closed' as const), timedOut]);
      if (r === 'timeout') log(`quit: the core did not close within ${timeoutMs} ms; quitting anyway`);
    } catch (e) {
      log(`quit: closing the core failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(timer);
    }
  };

  const onQuit = (event: PreventableEvent): void => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    void closeWithTimeout().then(() => {
      state = 'closed';
      finish();
      app.quit();
    });
  };

  app.on('before-quit', onQuit);
  app.on('will-quit', onQuit);
  return {
    get state() {
      return state;
    },
    done,
  };
}

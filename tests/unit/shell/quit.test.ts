import { afterEach, describe, expect, it, vi } from 'vitest';
import { installQuitHandler } from '../../../main/shell/quit';
import { FakeQuitApp } from './fake-electron';

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('quit sequence', () => {
  it('holds the quit until the core has closed, then quits once', async () => {
    const app = new FakeQuitApp();
    const closing = deferred();
    const close = vi.fn(() => closing.promise);
    const h = installQuitHandler(app, { close });

    app.quit();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(false);
    expect(h.state).toBe('closing');
    await Promise.resolve();
    expect(app.quitted).toBe(false);

    closing.resolve();
    await h.done;
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(h.state).toBe('closed');
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitCalls).toBe(2); // the user's, then ours
    expect(app.emitted).toEqual(['before-quit', 'before-quit', 'will-quit']);
  });

  it('a second quit while closing neither closes again nor quits early, and nothing loops', async () => {
    const app = new FakeQuitApp();
    const closing = deferred();
    const close = vi.fn(() => closing.promise);
    const h = installQuitHandler(app, { close });

    app.quit();
    app.quit();
    app.fire('will-quit');
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(false);

    closing.resolve();
    await h.done;
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitCalls).toBe(3);
    // After closing, quits go straight through.
    app.quitted = false;
    app.quit();
    expect(app.quitted).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('quits after the timeout when the core never closes, and says so', async () => {
    vi.useFakeTimers();
    const app = new FakeQuitApp();
    const log = vi.fn();
    const h = installQuitHandler(app, { close: () => new Promise<void>(() => undefined), timeoutMs: 5000, log });

    app.quit();
    await vi.advanceTimersByTimeAsync(4999);
    expect(app.quitted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await h.done;
    expect(app.quitted).toBe(true);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/did not close within 5000 ms/));
  });

  it('uses a 5 s timeout by default', async () => {
    vi.useFakeTimers();
    const app = new FakeQuitApp();
    installQuitHandler(app, { close: () => new Promise<void>(() => undefined) });
    app.quit();
    await vi.advanceTimersByTimeAsync(4999);
    expect(app.quitted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.quitted).toBe(true);
  });

  it('logs a failed close and quits anyway', async () => {
    const app = new FakeQuitApp();
    const log = vi.fn();
    const h = installQuitHandler(app, { close: () => Promise.reject(new Error('driver logout failed')), log });
    app.quit();
    await h.done;
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('driver logout failed'));
  });

  it('survives a close that throws synchronously', async () => {
    const app = new FakeQuitApp();
    const log = vi.fn();
    const h = installQuitHandler(app, {
      close: () => {
        throw new Error('not started');
      },
      log,
    });
    app.quit();
    await h.done;
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('not started'));
  });

  it('also holds a will-quit that comes without a before-quit', async () => {
    const app = new FakeQuitApp();
    const closing = deferred();
    const close = vi.fn(() => closing.promise);
    const h = installQuitHandler(app, { close });
    expect(app.fire('will-quit')).toBe(true);
    expect(close).toHaveBeenCalledTimes(1);
    closing.resolve();
    await h.done;
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(app.quitCalls).toBe(1);
  });

  it('does not leave the timeout timer running after a quick close', async () => {
    vi.useFakeTimers();
    const app = new FakeQuitApp();
    const h = installQuitHandler(app, { close: () => Promise.resolve() });
    app.quit();
    await h.done;
    expect(vi.getTimerCount()).toBe(0);
  });
});

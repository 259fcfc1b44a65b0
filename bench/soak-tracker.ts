/**
 * Counts of open sockets and pending timers in this process, two ways:
 *   - `active`: process.getActiveResourcesInfo() (TCPSocketWrap/TLSWrap, Timeout), as the soak's
 *     result line reports them. It lists only what keeps the process alive: the hub unrefs its
 *     timers, and so do undici and AbortSignal.timeout, so most of them are not in it;
 *   - `all`: every timer set through the global setTimeout/setInterval since install() (ref'd or
 *     not, until it fires or is cleared) and every client socket opened since (until it closes,
 *     seen through the `net.client.socket` diagnostics channel). The timer undici keeps on each
 *     connection (`onParserTimeout`: keep-alive while idle) is counted apart, in `connectionTimers`:
 *     there is one per connection idle at that instant, so it follows the sockets and the polls
 *     in flight, not the age of the process.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

export interface Counts {
  sockets: number;
  timers: number;
}

export interface AllCounts extends Counts {
  connectionTimers: number;
}

export function activeCounts(): Counts {
  let sockets = 0;
  let timers = 0;
  for (const r of process.getActiveResourcesInfo()) {
    if (r === 'TCPSocketWrap' || r === 'TLSWrap') sockets += 1;
    else if (r === 'Timeout') timers += 1;
  }
  return { sockets, timers };
}

type Timer = ReturnType<typeof setTimeout>;

export class ResourceTracker {
  private readonly timers = new Set<Timer>();
  private readonly connectionTimers = new Set<Timer>();
  private readonly sockets = new Set<Socket>();
  private restore: (() => void) | undefined;

  install(): void {
    if (this.restore) return;
    const timers = this.timers;
    const perConnection = this.connectionTimers;
    const g = globalThis as unknown as Record<'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval', (...a: unknown[]) => unknown>;
    const orig = { setTimeout: g.setTimeout, clearTimeout: g.clearTimeout, setInterval: g.setInterval, clearInterval: g.clearInterval };
    g.setTimeout = (fn: unknown, ms?: unknown, ...args: unknown[]): unknown => {
      if (typeof fn !== 'function') return orig.setTimeout(fn, ms, ...args);
      const f = fn as (...a: unknown[]) => unknown;
      const live = f.name === 'onParserTimeout' ? perConnection : timers;
      const t = orig.setTimeout(function (this: unknown, ...a: unknown[]) {
        live.delete(t);
        return f.apply(this, a);
      }, ms, ...args) as Timer;
      live.add(t);
      return t;
    };
    g.setInterval = (...a: unknown[]): unknown => {
      const t = orig.setInterval(...a) as Timer;
      timers.add(t);
      return t;
    };
    const clear = (which: 'clearTimeout' | 'clearInterval') => (t: unknown): unknown => {
      timers.delete(t as Timer);
      perConnection.delete(t as Timer);
      return orig[which](t);
    };
    g.clearTimeout = clear('clearTimeout');
    g.clearInterval = clear('clearInterval');
    const onSocket = (m: unknown): void => {
      const s = (m as { socket?: Socket }).socket;
      if (!s) return;
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    };
    subscribe('net.client.socket', onSocket);
    this.restore = () => {
      Object.assign(g, orig);
      unsubscribe('net.client.socket', onSocket);
    };
  }

  /** Timers still pending (a timer that fired is gone; one whose object was refreshed stays one). */
  all(): AllCounts {
    for (const s of this.sockets) if (s.destroyed) this.sockets.delete(s);
    return { sockets: this.sockets.size, timers: this.timers.size, connectionTimers: this.connectionTimers.size };
  }

  /**
   * Open sockets that carried no byte for `ms`: with every device polled every second or faster and
   * keep-alive closing an idle connection within 5 s, such a socket is one nobody will use again.
   */
  async idle(ms: number): Promise<string[]> {
    const before = new Map([...this.sockets].map((s) => [s, s.bytesWritten + s.bytesRead]));
    await new Promise((r) => setTimeout(r, ms));
    const out: string[] = [];
    for (const [s, b] of before) if (!s.destroyed && s.bytesWritten + s.bytesRead === b) out.push(`${s.localPort}->${s.remotePort} w${s.bytesWritten} r${s.bytesRead} ref=${String((s as unknown as { _handle?: { hasRef?: () => boolean } })._handle?.hasRef?.())}`);
    return out;
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }
}

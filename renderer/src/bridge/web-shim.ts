/**
 * Browser shim: implements `window.frontdesk` over the web harness's HTTP + WebSocket bridge.
 * Loaded only when no preload bridge exists (see main.tsx); Electron never loads it.
 */
import {
  EVENT_NAMES,
  INVOKE_METHODS,
  type EventName,
  type FrontdeskApi,
  type IpcResult,
} from '../../../shared/ipc/contract';

const TOKEN_KEY = 'frontdesk.token';

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function installWebShim(): void {
  const token = takeToken();
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const reconnectListeners = new Set<() => void>();
  let socket: WebSocket | undefined;
  let retry = 500;
  let opened = false;

  const connect = (): void => {
    const wsUrl = new URL('/events', window.location.href);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    wsUrl.searchParams.set('token', token);
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      retry = 500;
      // Events pushed while the socket was down are lost: tell the app to resync.
      if (opened) for (const l of reconnectListeners) l();
      opened = true;
    };
    ws.onmessage = (ev: MessageEvent<string>) => {
      let msg: unknown;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null) return;
      const m = msg as { type?: unknown; name?: unknown; payload?: unknown };
      if (m.type !== 'event' || typeof m.name !== 'string') return;
      for (const l of listeners.get(m.name as EventName) ?? []) l(m.payload);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  };
  connect();

  const call = async (method: string, args: unknown[]): Promise<IpcResult<unknown>> => {
    try {
      const res = await fetch(`/rpc/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Frontdesk-Token': token },
        body: JSON.stringify(args.length ? { input: args[0] } : {}),
      });
      if (res.status === 403) return { ok: false, error: { code: 'forbidden', message: 'The web harness rejected this page: reopen the URL it printed.' } };
      return (await res.json()) as IpcResult<unknown>;
    } catch (e) {
      return { ok: false, error: { code: 'internal', message: `Frontdesk is not reachable: ${e instanceof Error ? e.message : String(e)}` } };
    }
  };

  const invoke = Object.fromEntries(INVOKE_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)]));
  const on = Object.fromEntries(
    EVENT_NAMES.map((name) => [
      name,
      (listener: (p: unknown) => void) => {
        let set = listeners.get(name);
        if (!set) listeners.set(name, (set = new Set()));
        set.add(listener);
        return () => set.delete(listener);
      },
    ]),
  );
  // The maps are built from the contract's own method and event lists.
  const onReconnect = (listener: () => void) => {
    reconnectListeners.add(listener);
    return () => reconnectListeners.delete(listener);
  };
  window.frontdesk = Object.freeze({ mode: 'web', invoke, on, onReconnect } as unknown as FrontdeskApi);
}

/**
 * Registers one ipcMain handler per contract method, each checking that the sender is one of our
 * own windows before dispatching to the core router, and forwards pushed events to our windows.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_NAMES, INVOKE_METHODS, eventChannel, invokeChannel, type IpcResult } from '../../shared/ipc/contract';
import type { EventBus } from '../core/events';
import type { Router } from '../core/ipc/router';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Trust a sender only if it is the main frame of one of our windows, showing our app URL. */
export function makeSenderCheck(ourContents: () => WebContents[], appUrlPrefix: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || !frame.url.startsWith(appUrlPrefix)) return false;
    return ourContents().some((c) => c.id === event.sender.id && c.mainFrame === frame);
  };
}

export function registerIpcHandlers(ipcMain: IpcMain, router: Router, isTrusted: SenderCheck): () => void {
  for (const method of INVOKE_METHODS) {
    ipcMain.handle(invokeChannel(method), async (event, input: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrusted(event)) {
        return { ok: false, error: { code: 'forbidden', message: 'This window is not allowed to talk to Frontdesk.' } };
      }
      return router.dispatch(method, input);
    });
  }
  return () => {
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(invokeChannel(method));
  };
}

export function forwardEvents(events: EventBus, targets: () => WebContents[]): () => void {
  const known = new Set<string>(EVENT_NAMES);
  return events.onAny((name, payload) => {
    if (!known.has(name)) return;
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(eventChannel(name), payload);
  });
}

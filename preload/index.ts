/**
 * The preload: exposes the typed contract as `window.frontdesk` through contextBridge. Only the
 * contract's named methods and events are reachable; there is no generic send(channel, …).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, INVOKE_METHODS, eventChannel, invokeChannel } from '../shared/ipc/contract';

const invoke = Object.fromEntries(
  INVOKE_METHODS.map((m) => [m, (...args: unknown[]) => ipcRenderer.invoke(invokeChannel(m), args[0])]),
);

const on = Object.fromEntries(
  EVENT_NAMES.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(eventChannel(name), handler);
      return () => {
        ipcRenderer.removeListener(eventChannel(name), handler);
      };
    },
  ]),
);

contextBridge.exposeInMainWorld('frontdesk', Object.freeze({ mode: 'electron', invoke, on }));

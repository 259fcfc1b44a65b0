import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { INVOKE_METHODS, eventChannel, invokeChannel } from '../../../shared/ipc/contract';
import { EventBus } from '../../../main/core/events';
import { createRouter } from '../../../main/core/ipc/router';
import { forwardEvents, makeSenderCheck, registerIpcHandlers } from '../../../main/shell/ipc';
import { FakeIpcMain, FakeWebContents } from './fake-electron';

const APP = 'file:///app/out/renderer/';
const info = { name: 'Frontdesk', version: '1.2.3', mode: 'electron' as const, demo: false, platform: 'linux', secretProtection: 'os' as const };
const router = createRouter([
  {
    'app.info': () => info,
    'devices.list': () => [],
    'office.state': () => ({ entities: {}, revision: 0 }),
  },
]);

function setup() {
  const ours = new FakeWebContents();
  ours.mainFrame.url = `${APP}index.html`;
  const ipc = new FakeIpcMain();
  const check = makeSenderCheck(() => [ours as unknown as WebContents], APP);
  const dispose = registerIpcHandlers(ipc as unknown as IpcMain, router, check);
  const call = (sender: FakeWebContents, frame: { url: string } | null, method: string, input?: unknown) =>
    ipc.handlers.get(invokeChannel(method as (typeof INVOKE_METHODS)[number]))!({ sender, senderFrame: frame } as unknown as IpcMainInvokeEvent, input);
  return { ours, ipc, call, dispose };
}

describe('shell IPC wiring', () => {
  it('registers exactly one handler per contract method, and removes them', () => {
    const { ipc, dispose } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(INVOKE_METHODS.map(invokeChannel).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers our own window', async () => {
    const { ours, call } = setup();
    await expect(call(ours, ours.mainFrame, 'app.info')).resolves.toEqual({ ok: true, value: info });
  });

  it('rejects a foreign window, a subframe and a navigated-away frame', async () => {
    const { ours, call } = setup();
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = `${APP}index.html`;
    const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };
    await expect(call(stranger, stranger.mainFrame, 'app.info')).resolves.toMatchObject(forbidden);
    await expect(call(ours, { url: `${APP}index.html` }, 'app.info')).resolves.toMatchObject(forbidden);
    ours.mainFrame.url = 'https://evil.example/';
    await expect(call(ours, ours.mainFrame, 'app.info')).resolves.toMatchObject(forbidden);
    await expect(call(ours, null, 'app.info')).resolves.toMatchObject(forbidden);
  });

  it('returns a typed error for bad input instead of throwing', async () => {
    const { ours, call } = setup();
    const res = await call(ours, ours.mainFrame, 'devices.list', { evil: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('forwards pushed events to live windows only', () => {
    const bus = new EventBus();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    b.destroyed = true;
    const off = forwardEvents(bus, () => [a, b] as unknown as WebContents[]);
    const patch = { revision: 1, set: {}, unset: [] };
    bus.emit('office.patch', patch);
    expect(a.sent).toEqual([[eventChannel('office.patch'), patch]]);
    expect(b.sent).toEqual([]);
    off();
    bus.emit('office.patch', { revision: 2, set: {}, unset: [] });
    expect(a.sent).toHaveLength(1);
  });
});

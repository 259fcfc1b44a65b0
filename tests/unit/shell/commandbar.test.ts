import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

import type { InvokeOutput, IpcResult } from '../../../shared/ipc/contract';
const { CommandBarWindow, commandBarBounds, COMMAND_BAR_SIZE } = await import('../../../main/shell/commandbar');
const { commandBarHash, ShellController } = await import('../../../main/shell/controller');
const { choicesFor, dialChoice, isCommandBarHash, moveSelection, parseCommandBarHash, looksLikeNumber } = await import('../../../renderer/src/features/commandbar/model');
const { FakeBrowserWindow } = await import('./fake-electron');
const { desktopFakes, resetDesktopFakes } = await import('./fake-desktop');
const { makeRig, surfaces } = await import('./shell-rig');

type Hits = InvokeOutput<'contacts.search'>;
const contact = (key: string, name: string, numbers: [string, string][], company?: string): Hits[number] => ({
  matched: 'name',
  contact: { key, sourceId: 's', sourceLabel: 'S', writable: false, id: key, name, ...(company ? { company } : {}), numbers: numbers.map(([type, number]) => ({ type: type as 'work', number })) },
});

function unwrap<T>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('command bar route', () => {
  it('round-trips between the shell and the renderer', () => {
    for (const route of [{}, { number: '+39 06 1234' }, { number: '+390611223344', confirm: true, dial: '0611223344' }, { number: 'a&b=c#d' }]) {
      const hash = `#${commandBarHash(route)}`;
      expect(isCommandBarHash(hash)).toBe(true);
      expect(parseCommandBarHash(hash)).toEqual({ number: route.number ?? '', confirm: 'confirm' in route && route.confirm === true, dial: 'dial' in route ? route.dial : '' });
    }
    expect(isCommandBarHash('')).toBe(false);
    expect(isCommandBarHash('#/commandbarx')).toBe(false);
    expect(isCommandBarHash('#calls')).toBe(false);
  });
});

describe('command bar choices and keys', () => {
  const hits = [
    contact('k1', 'Laura Rossi', [['work', '304'], ['mobile', '+39 333 1234567']], 'Acme'),
    contact('k2', 'Laura Rossi', [['work', '3-0-4']]), // the same person in another phonebook
    contact('k3', 'Mario Rossi', [['work', '']]),
  ];

  it('offers the typed number first, then each number of each matching contact once', () => {
    expect(choicesFor('06 1234', hits).map((c) => `${c.kind}:${c.number}`)).toEqual(['number:06 1234', 'contact:304', 'contact:+39 333 1234567']);
    expect(choicesFor('rossi', hits)).toEqual([
      { kind: 'contact', key: 'k1', name: 'Laura Rossi', company: 'Acme', type: 'work', number: '304' },
      { kind: 'contact', key: 'k1', name: 'Laura Rossi', company: 'Acme', type: 'mobile', number: '+39 333 1234567' },
    ]);
    expect(choicesFor('', [])).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => contact(`m${i}`, `P${i}`, [['work', `10${i}`]]));
    expect(choicesFor('p', many)).toHaveLength(12);
  });

  it('knows numbers from names, and wraps the arrow keys', () => {
    expect(looksLikeNumber('+39 (0)6 1234-5678')).toBe(true);
    expect(looksLikeNumber('tel:201')).toBe(true);
    expect(looksLikeNumber('Rossi')).toBe(false);
    expect(looksLikeNumber('7')).toBe(false);
    expect(moveSelection(0, 3, 'ArrowDown')).toBe(1);
    expect(moveSelection(2, 3, 'ArrowDown')).toBe(0);
    expect(moveSelection(0, 3, 'ArrowUp')).toBe(2);
    expect(moveSelection(0, 0, 'ArrowUp')).toBe(0);
  });

  it('dials the chosen number through the contract (calls.dial, the configured route)', async () => {
    const rig = makeRig();
    const dial = (i: { number: string }) => rig.core.router.dispatch('calls.dial', i).then((r) => unwrap<InvokeOutput<'calls.dial'>>(r));
    const [choice] = choicesFor('rossi', hits);
    await expect(dialChoice(choice!, dial)).resolves.toEqual({ ok: true, dialled: '304', from: 'Reception phone' });
    expect(rig.of('calls.dial')).toEqual([{ number: '304' }]);
    rig.failNext = { message: 'Cannot dial "304": the phone is busy' };
    await expect(dialChoice(choice!, dial)).resolves.toEqual({ ok: false, message: 'Cannot dial "304": the phone is busy' });
    // The contract refuses what no handler should see (here: longer than 80 characters).
    await expect(dialChoice({ kind: 'number', number: '1'.repeat(81) }, dial)).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/longer than 80/) });
  });
});

describe('command bar window against the fake electron', () => {
  beforeEach(() => {
    resetDesktopFakes();
    FakeBrowserWindow.created.length = 0;
  });

  const bar = () => new CommandBarWindow({ preloadPath: '/p.cjs', indexHtml: '/app/index.html', platform: 'darwin' });

  it('opens on the display under the pointer, always on top, at the route', async () => {
    desktopFakes.screen.cursor = { x: 2500, y: 700 };
    const b = bar();
    await b.open({ number: '0612345678' });
    const win = FakeBrowserWindow.created[0]!;
    expect(win.options).toMatchObject({ frame: false, alwaysOnTop: true, skipTaskbar: true, show: false, resizable: false });
    expect(win.alwaysOnTop).toEqual([true, 'pop-up-menu']);
    expect(win.allWorkspaces).toBe(true);
    expect(win.bounds).toEqual({ x: 1920 + (2560 - COMMAND_BAR_SIZE.width) / 2, y: 25 + 283, width: COMMAND_BAR_SIZE.width, height: COMMAND_BAR_SIZE.height });
    expect(win.loaded).toBe('/app/index.html');
    expect(win.loadedHash).toBe('/commandbar?number=0612345678');
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(1);
  });

  it('Esc (window.close) and losing focus only hide it; the next hotkey reuses it', async () => {
    const b = bar();
    await b.open({});
    const win = FakeBrowserWindow.created[0]!;
    expect(win.close()).toBe(false);
    expect(win.visible).toBe(false);
    await b.open({ number: '201' });
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(win.loadedHash).toBe('/commandbar?number=201');
    win.emit('blur');
    expect(win.visible).toBe(false);
    b.destroy();
    expect(win.destroyed).toBe(true);
  });

  it('fits a small display', () => {
    expect(commandBarBounds({ x: 0, y: 0, width: 400, height: 300 })).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });
});

describe('Dial hotkey → command bar', () => {
  it('pre-fills a number found in the selection or clipboard, nothing otherwise', async () => {
    const rig = makeRig();
    const ui = surfaces();
    const c = new ShellController(rig.core, ui);
    ui.selection = 'Call me back on +39 02 1234 5678 please';
    await c.openDialBar();
    ui.selection = 'Recept!2024';
    await c.openDialBar();
    ui.selection = '2026-03-02';
    await c.openDialBar();
    ui.selection = ' 0612345678 ';
    await c.openDialBar();
    expect(ui.bars).toEqual([{ number: '+39 02 1234 5678' }, {}, {}, { number: '0612345678' }]);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const { Hotkeys, canonicalAccelerator } = await import('../../../main/shell/hotkeys');
const { ShellController } = await import('../../../main/shell/controller');
const { shellStrings } = await import('../../../main/shell/strings');
const { desktopFakes, resetDesktopFakes } = await import('./fake-desktop');
const { device, flush, line, makeRig, put, surfaces } = await import('./shell-rig');

const en = shellStrings('en');
const DEFAULTS = { dial: 'CommandOrControl+Alt+D', answer: 'CommandOrControl+Alt+A', hangup: 'CommandOrControl+Alt+H' };

function hotkeys() {
  const pressed: string[] = [];
  const keys = new Hotkeys(desktopFakes.globalShortcut, {
    dial: () => pressed.push('dial'),
    answer: () => pressed.push('answer'),
    hangup: () => pressed.push('hangup'),
  });
  return { keys, pressed, gs: desktopFakes.globalShortcut };
}

describe('hotkey registration', () => {
  beforeEach(() => resetDesktopFakes());

  it('registers the three defaults and runs their actions', () => {
    const { keys, pressed, gs } = hotkeys();
    expect(keys.apply(DEFAULTS, en)).toEqual({ dial: { ok: true }, answer: { ok: true }, hangup: { ok: true } });
    expect([...gs.registered.keys()]).toEqual(Object.values(DEFAULTS));
    gs.press('CommandOrControl+Alt+A');
    gs.press('CommandOrControl+Alt+D');
    expect(pressed).toEqual(['answer', 'dial']);
  });

  it('reports a combination another application holds (register answers false), and keeps the others', () => {
    const { keys, gs } = hotkeys();
    gs.takenByOthers.add('CommandOrControl+Alt+A');
    const status = keys.apply(DEFAULTS, en);
    expect(status.answer).toEqual({ ok: false, message: 'CommandOrControl+Alt+A is already used by another application or the system: choose other keys.' });
    expect(status.dial).toEqual({ ok: true });
    expect(status.hangup).toEqual({ ok: true });
    expect(gs.registered.has('CommandOrControl+Alt+A')).toBe(false);
  });

  it('reports keys it cannot understand, our own duplicates, and treats empty as off', () => {
    const { keys, gs } = hotkeys();
    gs.invalid.add('Ctrl+Alt+F25'); // rejected by Electron itself
    expect(keys.apply({ dial: 'Ctrl+Alt+', answer: 'cmdorctrl+alt+d', hangup: '' }, en)).toEqual({
      dial: { ok: false, message: expect.stringContaining('"Ctrl+Alt+" is not a key combination') },
      answer: { ok: true },
      hangup: { ok: true, message: 'Off' },
    });
    expect(keys.apply({ dial: 'CommandOrControl+Alt+D', answer: 'Alt+CmdOrCtrl+D', hangup: 'X' }, en)).toEqual({
      dial: { ok: true },
      answer: { ok: false, message: 'The same keys are set for Dial: choose different keys.' },
      hangup: { ok: false, message: expect.stringContaining('"X" is not a key combination') },
    });
    expect(canonicalAccelerator('F9')).toBe('f9');
    expect(canonicalAccelerator('Shift+Control+Plus')).toBe('ctrl+shift+plus');
    expect(canonicalAccelerator('Ctrl+A+B')).toBeUndefined();
    expect(canonicalAccelerator('Ctrl+Alt+F25')).toBeUndefined();
  });

  it('a throwing register counts as invalid keys', () => {
    const { keys, gs } = hotkeys();
    gs.invalid.add('Ctrl+Alt+Q');
    expect(keys.apply({ ...DEFAULTS, dial: 'Ctrl+Alt+Q' }, en).dial).toMatchObject({ ok: false, message: expect.stringContaining('not a key combination') });
  });

  it('re-applying unregisters our old keys (and only ours)', () => {
    const { keys, gs } = hotkeys();
    gs.registered.set('Ctrl+Shift+Z', () => undefined); // someone else's in this process
    keys.apply(DEFAULTS, en);
    keys.apply({ dial: 'Ctrl+Shift+1', answer: '', hangup: 'F9' }, en);
    expect([...gs.registered.keys()].sort()).toEqual(['Ctrl+Shift+1', 'Ctrl+Shift+Z', 'F9']);
    keys.clear();
    expect([...gs.registered.keys()]).toEqual(['Ctrl+Shift+Z']);
  });

  it('says on Wayland that the desktop may ask first', () => {
    const keys = new Hotkeys(desktopFakes.globalShortcut, { dial: () => undefined, answer: () => undefined, hangup: () => undefined }, { wayland: true });
    expect(keys.apply(DEFAULTS, en).dial).toEqual({ ok: true, message: en.hotkeyWayland });
  });
});

describe('hotkeys through the controller and the contract', () => {
  beforeEach(() => resetDesktopFakes());

  async function setup() {
    const rig = makeRig();
    const ui = surfaces();
    const ref: { controller?: InstanceType<typeof ShellController> } = {};
    const keys = new Hotkeys(desktopFakes.globalShortcut, {
      dial: () => void ref.controller?.openDialBar(),
      answer: () => void ref.controller?.answer(),
      hangup: () => void ref.controller?.hangup(),
    });
    ui.applyHotkeys = (config, s) => keys.apply(config, s);
    const controller = (ref.controller = new ShellController(rig.core, ui));
    await controller.start();
    return { rig, ui, controller, gs: desktopFakes.globalShortcut };
  }

  it('puts the registration result in the shell status that Settings shows', async () => {
    desktopFakes.globalShortcut.takenByOthers.add('CommandOrControl+Alt+H');
    const { rig } = await setup();
    expect(rig.core.hub.shellStatus).toEqual({
      hotkeys: { dial: { ok: true }, answer: { ok: true }, hangup: { ok: false, message: expect.stringContaining('already used') } },
      startAtLogin: false,
    });
    const got = await rig.core.router.dispatch('settings.get', undefined);
    expect(got).toMatchObject({ ok: true, value: { shell: { hotkeys: { hangup: { ok: false } } } } });
  });

  it('re-registers when Settings change the keys and tells the windows the new status', async () => {
    desktopFakes.globalShortcut.takenByOthers.add('CommandOrControl+Alt+H');
    const { rig, gs } = await setup();
    const changes: unknown[] = [];
    rig.core.events.on('settings.changed', (s) => changes.push(s.shell));
    await rig.core.router.dispatch('settings.update', { desktop: { hotkeys: { hangup: 'CommandOrControl+Alt+J' } } });
    await flush();
    expect(gs.registered.has('CommandOrControl+Alt+J')).toBe(true);
    expect(rig.core.hub.shellStatus?.hotkeys.hangup).toEqual({ ok: true });
    // The update's own event, then one with the new status; no loop after that.
    expect(changes).toHaveLength(2);
    expect(changes[1]).toMatchObject({ hotkeys: { hangup: { ok: true } } });
    await rig.core.router.dispatch('settings.update', { desktop: { theme: 'dark' } });
    await flush();
    expect(changes).toHaveLength(3);
  });

  it('Answer accepts the ringing call and Hang up ends the active one, through calls.control', async () => {
    const { rig, gs } = await setup();
    put(rig, device('phone-1', 'Reception phone'), line('phone-1', 1, 'ringing', { remoteNumber: '0612345678' }), line('phone-1', 2, 'connected', { remoteNumber: '201' }));
    gs.press('CommandOrControl+Alt+A');
    gs.press('CommandOrControl+Alt+H');
    await flush();
    expect(rig.of('calls.control')).toEqual([
      { deviceId: 'phone-1', line: 1, action: 'accept' },
      { deviceId: 'phone-1', line: 2, action: 'end' },
    ]);
  });

  it('with nothing to act on, or a device error, says so instead of failing silently', async () => {
    const { rig, ui, gs } = await setup();
    gs.press('CommandOrControl+Alt+A');
    gs.press('CommandOrControl+Alt+H');
    await flush();
    expect(ui.feedbacks).toEqual(['No call is ringing.', 'No call is in progress.']);
    expect(rig.of('calls.control')).toEqual([]);
    put(rig, line('phone-1', 1, 'ringing'));
    rig.failNext = { message: 'Reception phone did not answer: password=hunter22' };
    gs.press('CommandOrControl+Alt+A');
    await flush();
    expect(ui.feedbacks.at(-1)).toBe('Reception phone did not answer: password=***');
  });

  it('Dial opens the command bar with the number from the clipboard', async () => {
    const { ui, gs } = await setup();
    ui.selection = '+39 06 1234 5678';
    gs.press('CommandOrControl+Alt+D');
    await flush();
    expect(ui.bars).toEqual([{ number: '+39 06 1234 5678' }]);
  });
});

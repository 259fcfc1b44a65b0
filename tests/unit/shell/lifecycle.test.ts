import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { MemoryDataStore } from '../../../main/core/persistence/stores';
import { applyLoginItem, autostartEntry, autostartPath, desktopExecArg, HIDDEN_ARG, loginCommand, startedAtLogin, type LoginItemHost } from '../../../main/shell/login-item';
import { clampBounds, parseWindowState, WINDOW_STATE_DOC, WindowStateKeeper, type Rect } from '../../../main/shell/window-state';
import { flush, makeRig, surfaces } from './shell-rig';
import { ShellController } from '../../../main/shell/controller';

function host(platform: NodeJS.Platform, extra: Partial<LoginItemHost> = {}) {
  const calls: unknown[] = [];
  let openAtLogin = false;
  const h: LoginItemHost = {
    platform,
    execPath: platform === 'win32' ? 'C:\\Users\\ann\\AppData\\Local\\Programs\\Frontdesk\\Frontdesk.exe' : '/opt/Frontdesk/frontdesk',
    env: {},
    homeDir: '/home/ann',
    defaultApp: false,
    setLoginItemSettings: (s) => {
      calls.push(s);
      openAtLogin = s.openAtLogin;
    },
    getLoginItemSettings: () => ({ openAtLogin, wasOpenedAtLogin: false }),
    ...extra,
  };
  return { h, calls };
}

function files() {
  const written = new Map<string, string>();
  return { written, ops: { write: (p: string, t: string) => Promise.resolve(void written.set(p, t)), remove: (p: string) => Promise.resolve(void written.delete(p)) } };
}

describe('start at login', () => {
  it('Windows: a login item that starts hidden', async () => {
    const { h, calls } = host('win32');
    const f = files();
    await expect(applyLoginItem(true, h, f.ops)).resolves.toBe(true);
    expect(calls).toEqual([{ openAtLogin: true, path: h.execPath, args: [HIDDEN_ARG] }]);
    await expect(applyLoginItem(false, h, f.ops)).resolves.toBe(false);
    expect(f.written.size).toBe(0);
  });

  it('macOS: the login item; a login start is told by wasOpenedAtLogin', async () => {
    const { h, calls } = host('darwin');
    await applyLoginItem(true, h, files().ops);
    expect(calls).toEqual([{ openAtLogin: true }]);
    expect(startedAtLogin(['/Applications/Frontdesk.app/Contents/MacOS/Frontdesk'], { platform: 'darwin', getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAtLogin: true }) })).toBe(true);
    expect(startedAtLogin(['/x'], { platform: 'darwin', getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAtLogin: false }) })).toBe(false);
  });

  it('Linux: an XDG autostart entry, removed when switched off; the AppImage path when we are one', async () => {
    const { h } = host('linux', { env: { APPIMAGE: '/home/ann/Apps/Frontdesk 0.1.0.AppImage', XDG_CONFIG_HOME: '/home/ann/.cfg' } });
    const f = files();
    await expect(applyLoginItem(true, h, f.ops)).resolves.toBe(true);
    const path = '/home/ann/.cfg/autostart/frontdesk.desktop';
    expect([...f.written.keys()]).toEqual([path]);
    expect(f.written.get(path)).toContain('Exec="/home/ann/Apps/Frontdesk 0.1.0.AppImage" --hidden\n');
    expect(f.written.get(path)).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Frontdesk\n/);
    await applyLoginItem(false, h, f.ops);
    expect(f.written.size).toBe(0);
    expect(autostartPath({ env: { XDG_CONFIG_HOME: 'relative' }, homeDir: '/home/ann' })).toBe('/home/ann/.config/autostart/frontdesk.desktop');
    expect(startedAtLogin(['/opt/Frontdesk/frontdesk', HIDDEN_ARG], { platform: 'linux', getLoginItemSettings: () => ({ openAtLogin: false }) })).toBe(true);
    expect(startedAtLogin(['/opt/Frontdesk/frontdesk'], { platform: 'linux', getLoginItemSettings: () => ({ openAtLogin: false }) })).toBe(false);
  });

  it('quotes Exec arguments as the desktop entry spec asks, and names the app folder in a development run', () => {
    expect(desktopExecArg('/usr/bin/frontdesk')).toBe('/usr/bin/frontdesk');
    expect(desktopExecArg('/a b/"q"$x`y\\z')).toBe('"/a b/\\"q\\"\\$x\\`y\\\\z"');
    expect(loginCommand({ execPath: '/x/electron', env: {}, defaultApp: true, appPath: '/src/frontdesk' })).toEqual(['/x/electron', '/src/frontdesk', HIDDEN_ARG]);
    expect(autostartEntry(['/usr/bin/frontdesk', HIDDEN_ARG])).toContain('Exec=/usr/bin/frontdesk --hidden\n');
  });

  it('is opt-in: off by default, applied when Settings change, and reported in the shell status', async () => {
    const rig = makeRig();
    const ui = surfaces();
    const c = new ShellController(rig.core, ui);
    await c.start();
    expect(ui.login).toEqual([false]);
    expect(rig.core.hub.shellStatus?.startAtLogin).toBe(false);
    await rig.core.router.dispatch('settings.update', { desktop: { startAtLogin: true } });
    await flush();
    expect(ui.login).toEqual([false, true]);
    expect(rig.core.hub.shellStatus?.startAtLogin).toBe(true);
    await rig.core.router.dispatch('settings.update', { desktop: { theme: 'dark' } });
    await flush();
    expect(ui.login).toEqual([false, true]);
  });
});

describe('window bounds', () => {
  const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
  const right: Rect = { x: 1920, y: 25, width: 2560, height: 1415 };

  it('keeps saved bounds on a connected display', () => {
    expect(clampBounds({ x: 2000, y: 100, width: 1200, height: 800 }, [primary, right], primary)).toEqual({ x: 2000, y: 100, width: 1200, height: 800 });
  });

  it('centres a window whose display was unplugged on the primary display', () => {
    expect(clampBounds({ x: 2000, y: 100, width: 1200, height: 800 }, [primary], primary)).toEqual({ x: 360, y: 120, width: 1200, height: 800 });
  });

  it('pulls a half-visible window in, shrinks one larger than the display, and ignores nonsense', () => {
    expect(clampBounds({ x: 1500, y: 10, width: 1000, height: 700 }, [primary], primary)).toEqual({ x: 920, y: 10, width: 1000, height: 700 });
    expect(clampBounds({ x: 300, y: -50, width: 1000, height: 700 }, [primary], primary)).toEqual({ x: 460, y: 170, width: 1000, height: 700 }); // title bar above the screen
    expect(clampBounds({ x: 0, y: 0, width: 5000, height: 3000 }, [primary], primary)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    expect(clampBounds({ x: 1900, y: 500, width: 800, height: 600 }, [primary], primary)).toEqual({ x: 560, y: 220, width: 800, height: 600 }); // only 20 px visible: not grabbable
    expect(clampBounds(undefined, [primary], primary)).toEqual({ x: 370, y: 140, width: 1180, height: 760 });
    expect(parseWindowState('{"x":1,"y":2,"width":"3","height":4}')).toBeUndefined();
    expect(parseWindowState('not json')).toBeUndefined();
    expect(parseWindowState('{"x":1,"y":2,"width":900,"height":600,"maximized":true}')).toEqual({ x: 1, y: 2, width: 900, height: 600, maximized: true });
  });

  it('saves the bounds, reads them back clamped, and brings the window back after a display change', async () => {
    const data = new MemoryDataStore();
    const keeper = new WindowStateKeeper(data, { debounceMs: 1 });
    class Win extends EventEmitter {
      b: Rect = { x: 2100, y: 200, width: 1000, height: 700 };
      getNormalBounds = () => this.b;
      getBounds = () => this.b;
      setBounds = (r: Rect) => void (this.b = r);
      isMaximized = () => false;
      isDestroyed = () => false;
    }
    const win = new Win();
    keeper.track(win);
    win.emit('close');
    await flush();
    expect(JSON.parse((await data.read(WINDOW_STATE_DOC)) ?? '{}')).toEqual({ x: 2100, y: 200, width: 1000, height: 700, maximized: false });
    await expect(keeper.load([primary, right], primary)).resolves.toEqual({ bounds: { x: 2100, y: 200, width: 1000, height: 700 }, maximized: false });
    await expect(keeper.load([primary], primary)).resolves.toEqual({ bounds: { x: 460, y: 170, width: 1000, height: 700 }, maximized: false });
    keeper.reclamp(win, [primary], primary);
    expect(win.b).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
    win.emit('move');
    await new Promise((r) => setTimeout(r, 10));
    expect(JSON.parse((await data.read(WINDOW_STATE_DOC)) ?? '{}')).toMatchObject({ x: 460, y: 170 });
  });
});

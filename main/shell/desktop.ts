/**
 * Puts the desktop surfaces together around the controller: main window (bounds kept, close to
 * tray), tray, notifications, global hotkeys, command bar, login item, display and power events.
 * index.ts owns the app lifecycle (single instance, links, quit) and calls this once ready.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { app, clipboard, globalShortcut, nativeImage, Notification, powerMonitor, screen, type BrowserWindow } from 'electron';
import type { DataStore } from '../core/persistence/stores';
import { CommandBarWindow } from './commandbar';
import { ShellController, type CommandBarRoute } from './controller';
import type { ShellCore } from './core-port';
import { Hotkeys } from './hotkeys';
import { drawAppIcon } from './icons';
import { applyLoginItem } from './login-item';
import { DesktopNotifier } from './notifications';
import { TrayIcon } from './tray';
import { createMainWindow } from './window';
import { WindowStateKeeper } from './window-state';

export interface DesktopOptions {
  core: ShellCore;
  data: DataStore;
  preloadPath: string;
  indexHtml: string;
  /** Started by the OS at login: stay in the tray. */
  hidden: boolean;
  /** True once the app is quitting: windows really close then. */
  quitting: () => boolean;
  quit: () => void;
  log: (m: string) => void;
}

export interface DesktopShell {
  controller: ShellController;
  showMain(): void;
  openCommandBar(route: CommandBarRoute): Promise<void>;
  stop(): void;
}

function workAreas(): { areas: { x: number; y: number; width: number; height: number }[]; primary: { x: number; y: number; width: number; height: number } } {
  return { areas: screen.getAllDisplays().map((d) => d.workArea), primary: screen.getPrimaryDisplay().workArea };
}

async function readSelection(platform: NodeJS.Platform): Promise<string> {
  // Linux: what is highlighted (the primary selection) first, so nothing needs copying; then the clipboard.
  const selection = platform === 'linux' ? await clipboard.selection?.readText().catch(() => '') : '';
  return selection?.trim() ? selection : clipboard.readText();
}

export async function startDesktop(opts: DesktopOptions): Promise<DesktopShell> {
  const platform = process.platform;
  const appIcon = nativeImage.createFromBuffer(drawAppIcon(256).png());
  const keeper = new WindowStateKeeper(opts.data, { log: opts.log });
  const bar = new CommandBarWindow({ preloadPath: opts.preloadPath, indexHtml: opts.indexHtml, platform, log: opts.log });
  let main: BrowserWindow | undefined;
  // Set below; the window and hotkey callbacks run only after that.
  const ref: { controller?: ShellController } = {};

  const openMain = async (show: boolean): Promise<BrowserWindow> => {
    const { areas, primary } = workAreas();
    const { bounds, maximized } = await keeper.load(areas, primary);
    const win = createMainWindow({
      preloadPath: opts.preloadPath,
      indexHtml: opts.indexHtml,
      bounds,
      maximized,
      icon: appIcon,
      show,
      hideOnClose: () => !opts.quitting() && (ref.controller?.desktop.closeToTray ?? true),
    });
    keeper.track(win);
    const seen = () => ref.controller?.markSeen();
    win.on('focus', seen);
    win.on('show', seen);
    win.on('closed', () => {
      if (main === win) main = undefined;
      // "Close to tray" off: closing the window quits (the hidden command bar would keep the app alive).
      if (!opts.quitting()) opts.quit();
    });
    main = win;
    return win;
  };

  const showMain = (): void => {
    if (!main || main.isDestroyed()) {
      void openMain(true);
      return;
    }
    if (main.isMinimized()) main.restore();
    main.show();
    main.focus();
  };

  const hotkeys = new Hotkeys(
    globalShortcut,
    {
      dial: () => void ref.controller?.openDialBar(),
      answer: () => void ref.controller?.answer(),
      hangup: () => void ref.controller?.hangup(),
    },
    { wayland: platform === 'linux' && process.env.XDG_SESSION_TYPE === 'wayland', log: opts.log },
  );

  const controller = new ShellController(
    opts.core,
    {
      showMain,
      openCommandBar: (route) => void bar.open(route),
      quit: opts.quit,
      feedback: (message) => {
        opts.log(`shell: ${message}`);
        if (Notification.isSupported()) new Notification({ title: 'Frontdesk', body: message, silent: true, icon: appIcon }).show();
      },
      readSelection: () => readSelection(platform),
      applyHotkeys: (config, s) => hotkeys.apply(config, s),
      applyLoginItem: (enabled) =>
        applyLoginItem(
          enabled,
          {
            platform,
            execPath: process.execPath,
            env: process.env,
            homeDir: homedir(),
            defaultApp: process.defaultApp === true,
            appPath: app.getAppPath(),
            setLoginItemSettings: (s) => app.setLoginItemSettings(s),
            getLoginItemSettings: (o) => app.getLoginItemSettings(o),
          },
          {
            write: async (path, text) => {
              await mkdir(dirname(path), { recursive: true });
              await writeFile(path, text, { mode: 0o644 });
            },
            remove: (path) => rm(path, { force: true }),
          },
        ),
    },
    { log: opts.log },
  );
  ref.controller = controller;

  await openMain(!opts.hidden);
  await controller.start();
  const tray = new TrayIcon(controller, { platform, log: opts.log });
  tray.start();
  const notifier = new DesktopNotifier(opts.core, controller, { platform, icon: appIcon, log: opts.log });
  notifier.start();

  const reclamp = () => {
    if (!main || main.isDestroyed()) return;
    const { areas, primary } = workAreas();
    keeper.reclamp(main, areas, primary);
  };
  screen.on('display-removed', reclamp);
  screen.on('display-metrics-changed', reclamp);
  // After sleep or a locked screen the devices are polled at once (sessions may have expired).
  const repoll = () => opts.core.hub.pokeAll();
  powerMonitor.on('resume', repoll);
  powerMonitor.on('unlock-screen', repoll);

  return {
    controller,
    showMain,
    openCommandBar: (route) => bar.open(route),
    stop: () => {
      screen.off('display-removed', reclamp);
      screen.off('display-metrics-changed', reclamp);
      powerMonitor.off('resume', repoll);
      powerMonitor.off('unlock-screen', repoll);
      hotkeys.clear();
      notifier.stop();
      tray.destroy();
      controller.stop();
      bar.destroy();
    },
  };
}

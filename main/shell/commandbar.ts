/**
 * The command bar window: small, frameless, always on top (also over full-screen apps), on the
 * display under the mouse pointer. It shows the renderer's `#/commandbar` route (the same page,
 * preload and checks as the main window); Esc or a finished dial closes it, which only hides it
 * so the next Dial hotkey is instant. It hides when it loses focus, like other launchers.
 */
import { BrowserWindow, screen, type BrowserWindowConstructorOptions } from 'electron';
import { commandBarHash, type CommandBarRoute } from './controller';
import type { Rect } from './window-state';
import { SECURE_WEB_PREFERENCES } from './window';

export const COMMAND_BAR_SIZE = { width: 560, height: 360 };

/** Centred horizontally on the work area under the pointer, a fifth of the way down. */
export function commandBarBounds(workArea: Rect, size = COMMAND_BAR_SIZE): Rect {
  const width = Math.min(size.width, workArea.width);
  const height = Math.min(size.height, workArea.height);
  return {
    x: Math.round(workArea.x + (workArea.width - width) / 2),
    y: Math.round(workArea.y + Math.min(workArea.height / 5, workArea.height - height)),
    width,
    height,
  };
}

export function commandBarOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...COMMAND_BAR_SIZE,
    show: false,
    frame: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Frontdesk',
    webPreferences: { preload: preloadPath, ...SECURE_WEB_PREFERENCES },
  };
}

export class CommandBarWindow {
  private win: BrowserWindow | undefined;
  /** Set while the app quits: closing then really closes. */
  quitting = false;

  constructor(private readonly opts: { preloadPath: string; indexHtml: string; platform: NodeJS.Platform; log?: (m: string) => void }) {}

  private create(): BrowserWindow {
    const win = new BrowserWindow(commandBarOptions(this.opts.preloadPath));
    // Above full-screen apps and on every workspace, so the Dial hotkey always shows it.
    win.setAlwaysOnTop(true, 'pop-up-menu');
    if (this.opts.platform === 'darwin') win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    win.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('blur', () => {
      if (!win.isDestroyed() && win.isVisible()) win.hide();
    });
    win.on('closed', () => {
      if (this.win === win) this.win = undefined;
    });
    return win;
  }

  async open(route: CommandBarRoute): Promise<void> {
    const win = (this.win ??= this.create());
    const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
    win.setBounds(commandBarBounds(display.workArea));
    try {
      await win.loadFile(this.opts.indexHtml, { hash: commandBarHash(route) });
    } catch (e) {
      this.opts.log?.(`command bar: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (win.isDestroyed()) return;
    win.show();
    win.focus();
  }

  get window(): BrowserWindow | undefined {
    return this.win;
  }

  destroy(): void {
    this.quitting = true;
    if (this.win && !this.win.isDestroyed()) this.win.destroy();
    this.win = undefined;
  }
}

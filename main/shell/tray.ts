/**
 * The tray icon: state icon, tooltip and menu from the controller's TrayView (tray-model.ts), redrawn
 * when the office, the missed-call count, Do not disturb or the panel theme change — and only then.
 */
import { Menu, nativeImage, nativeTheme, Tray, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { ShellController, TrayView } from './controller';
import { trayIconPng, type IconTheme, type TrayIconState } from './icons';
import type { MenuSpec, TrayAction } from './tray-model';

/** Which glyph colour suits the panel: Windows' taskbar may be dark while apps are light. */
export function panelTheme(platform: NodeJS.Platform, theme: { shouldUseDarkColors: boolean; shouldUseDarkColorsForSystemIntegratedUI?: boolean }): IconTheme {
  const dark = platform === 'win32' ? (theme.shouldUseDarkColorsForSystemIntegratedUI ?? theme.shouldUseDarkColors) : theme.shouldUseDarkColors;
  return dark ? 'dark' : 'light';
}

const images = new Map<string, NativeImage>();

/** The 16 px icon with its 32 px version for 2× displays. */
export function trayImage(state: TrayIconState, theme: IconTheme): NativeImage {
  const key = `${state}/${theme}`;
  let img = images.get(key);
  if (!img) {
    img = nativeImage.createFromBuffer(trayIconPng(state, theme, 16), { scaleFactor: 1 });
    img.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(state, theme, 32) });
    images.set(key, img);
  }
  return img;
}

export function menuTemplate(spec: readonly MenuSpec[], run: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return spec.map((m): MenuItemConstructorOptions => {
    switch (m.type) {
      case 'separator':
        return { type: 'separator' };
      case 'checkbox': {
        const action = m.action;
        return { type: 'checkbox', label: m.label, checked: m.checked, click: () => run(action) };
      }
      case 'normal': {
        const action = m.action;
        return { type: 'normal', label: m.label, enabled: m.enabled ?? true, ...(action ? { click: () => run(action) } : {}) };
      }
    }
  });
}

export class TrayIcon {
  private tray: Tray | undefined;
  private shown = '';
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly controller: ShellController,
    private readonly opts: { platform: NodeJS.Platform; log?: (m: string) => void },
  ) {}

  start(): void {
    const view = this.controller.trayView();
    this.tray = new Tray(trayImage(view.icon, this.theme()));
    // Windows and most Linux panels: a click opens the window, the menu is on right click. On macOS a
    // click opens the menu, which has Open Frontdesk.
    if (this.opts.platform !== 'darwin') this.tray.on('click', () => this.controller.surfaces.showMain());
    this.offs.push(this.controller.onChange(() => this.render()));
    const onTheme = () => this.render();
    nativeTheme.on('updated', onTheme);
    this.offs.push(() => nativeTheme.off('updated', onTheme));
    this.render();
  }

  private theme(): IconTheme {
    return panelTheme(this.opts.platform, nativeTheme);
  }

  render(view: TrayView = this.controller.trayView()): void {
    const tray = this.tray;
    if (!tray || tray.isDestroyed()) return;
    const theme = this.theme();
    const key = JSON.stringify([view, theme]);
    if (key === this.shown) return;
    this.shown = key;
    tray.setImage(trayImage(view.icon, theme));
    tray.setToolTip(view.tooltip);
    // Linux needs the menu set again after any change; one rebuilt menu serves every platform.
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(view.menu, (a) => void this.run(a))));
  }

  private async run(a: TrayAction): Promise<void> {
    try {
      await this.controller.runTrayAction(a);
    } catch (e) {
      this.opts.log?.(`tray: ${a.kind} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  destroy(): void {
    for (const off of this.offs.splice(0)) off();
    if (this.tray && !this.tray.isDestroyed()) this.tray.destroy();
    this.tray = undefined;
  }
}

/**
 * Fakes of Electron's desktop modules (tray, menu, images, theme, notifications, global shortcuts,
 * screen, clipboard, power monitor) for the shell's unit tests. Each records what the shell did;
 * `resetDesktopFakes()` starts a test clean.
 */
import { EventEmitter } from 'node:events';

export interface FakeMenuItem {
  type?: string;
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(items: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(items);
  }
  /** Click the item whose label matches (as the user would). */
  click(label: string | RegExp): void {
    const item = this.items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));
    if (!item) throw new Error(`no menu item ${String(label)} in ${this.items.map((i) => i.label ?? '—').join(' | ')}`);
    if (item.enabled === false) throw new Error(`menu item ${item.label} is disabled`);
    item.click?.();
  }
  labels(): string[] {
    return this.items.map((i) => (i.type === 'separator' ? '---' : (i.label ?? '')));
  }
}

export class FakeNativeImage {
  readonly reps: { scaleFactor: number; buffer: Buffer }[] = [];
  constructor(
    readonly source: string,
    private readonly empty = false,
  ) {}
  addRepresentation(r: { scaleFactor: number; buffer?: Buffer }) {
    if (r.buffer) this.reps.push({ scaleFactor: r.scaleFactor, buffer: r.buffer });
  }
  isEmpty() {
    return this.empty;
  }
}

export const nativeImage = {
  createFromBuffer: (buffer: Buffer, opts?: { scaleFactor?: number }) => {
    const img = new FakeNativeImage('buffer');
    img.reps.push({ scaleFactor: opts?.scaleFactor ?? 1, buffer });
    return img;
  },
  createFromDataURL: (url: string) => new FakeNativeImage(url, !url.startsWith('data:image/')),
};

export class FakeTray extends EventEmitter {
  static created: FakeTray[] = [];
  image: FakeNativeImage;
  tooltip = '';
  menu: FakeMenu | undefined;
  imageSets = 0;
  menuSets = 0;
  destroyed = false;
  constructor(image: FakeNativeImage) {
    super();
    this.image = image;
    FakeTray.created.push(this);
  }
  setImage(img: FakeNativeImage) {
    this.image = img;
    this.imageSets += 1;
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: FakeMenu) {
    this.menu = m;
    this.menuSets += 1;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}

export class FakeNativeTheme extends EventEmitter {
  shouldUseDarkColors = false;
  shouldUseDarkColorsForSystemIntegratedUI: boolean | undefined = undefined;
}

export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported() {
    return FakeNotification.supported;
  }
  closed = false;
  constructor(readonly options: { title?: string; body?: string; actions?: { type: string; text?: string }[]; icon?: FakeNativeImage; timeoutType?: string; urgency?: string; silent?: boolean }) {
    super();
  }
  show() {
    FakeNotification.shown.push(this);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
  /** The user pressed button `index`. */
  press(index: number) {
    this.emit('action', { actionIndex: index }, index);
  }
}

/** globalShortcut: keys in `takenByOthers` fail as another application holds them; `invalid` ones throw. */
export class FakeGlobalShortcut {
  readonly registered = new Map<string, () => void>();
  readonly takenByOthers = new Set<string>();
  readonly invalid = new Set<string>();
  register(accel: string, cb: () => void): boolean {
    if (this.invalid.has(accel)) throw new TypeError(`conversion failure from ${accel}`);
    if (this.takenByOthers.has(accel) || this.registered.has(accel)) return false;
    this.registered.set(accel, cb);
    return true;
  }
  unregister(accel: string) {
    this.registered.delete(accel);
  }
  unregisterAll() {
    this.registered.clear();
  }
  /** The user pressed these keys anywhere. */
  press(accel: string) {
    const cb = this.registered.get(accel);
    if (!cb) throw new Error(`${accel} is not registered`);
    cb();
  }
}

export interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  workArea: { x: number; y: number; width: number; height: number };
}

export class FakeScreen extends EventEmitter {
  cursor = { x: 10, y: 10 };
  displays: FakeDisplay[] = [
    { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
    { id: 2, bounds: { x: 1920, y: 0, width: 2560, height: 1440 }, workArea: { x: 1920, y: 25, width: 2560, height: 1415 } },
  ];
  getCursorScreenPoint() {
    return { ...this.cursor };
  }
  getAllDisplays() {
    return this.displays;
  }
  getPrimaryDisplay() {
    return this.displays[0]!;
  }
  getDisplayNearestPoint(p: { x: number; y: number }) {
    const inside = this.displays.find((d) => p.x >= d.bounds.x && p.x < d.bounds.x + d.bounds.width && p.y >= d.bounds.y && p.y < d.bounds.y + d.bounds.height);
    return inside ?? this.displays[0]!;
  }
}

export class FakeClipboard {
  text = '';
  selectionText = '';
  readonly selection = { readText: () => Promise.resolve(this.selectionText) };
  readText() {
    return Promise.resolve(this.text);
  }
}

export const desktopFakes = {
  nativeTheme: new FakeNativeTheme(),
  globalShortcut: new FakeGlobalShortcut(),
  screen: new FakeScreen(),
  clipboard: new FakeClipboard(),
  powerMonitor: new EventEmitter(),
};

export function resetDesktopFakes(): void {
  FakeTray.created.length = 0;
  FakeNotification.shown.length = 0;
  FakeNotification.supported = true;
  desktopFakes.nativeTheme.removeAllListeners();
  desktopFakes.nativeTheme.shouldUseDarkColors = false;
  desktopFakes.nativeTheme.shouldUseDarkColorsForSystemIntegratedUI = undefined;
  desktopFakes.globalShortcut.registered.clear();
  desktopFakes.globalShortcut.takenByOthers.clear();
  desktopFakes.globalShortcut.invalid.clear();
  desktopFakes.screen.cursor = { x: 10, y: 10 };
  desktopFakes.clipboard.text = '';
  desktopFakes.clipboard.selectionText = '';
}

export function fakeDesktopModules() {
  return {
    Tray: FakeTray,
    Menu: FakeMenu,
    nativeImage,
    Notification: FakeNotification,
    ...desktopFakes,
  };
}

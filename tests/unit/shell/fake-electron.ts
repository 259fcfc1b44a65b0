/** A small fake of the parts of `electron` the shell uses, for unit tests without the binary. */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import { fakeDesktopModules } from './fake-desktop';

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { url: '' };
  sent: [string, unknown][] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** Emit a cancellable event and tell whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export interface FakeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string | undefined;
  loadedHash: string | undefined;
  loads = 0;
  shown = false;
  visible = false;
  destroyed = false;
  minimized = false;
  maximized = false;
  focused = 0;
  alwaysOnTop: [boolean, string | undefined] | undefined;
  allWorkspaces: boolean | undefined;
  bounds: FakeRect;
  constructor(readonly options: Record<string, unknown>) {
    super();
    const n = (k: string, d: number) => (typeof options[k] === 'number' ? (options[k] as number) : d);
    this.bounds = { x: n('x', 0), y: n('y', 0), width: n('width', 800), height: n('height', 600) };
    FakeBrowserWindow.created.push(this);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created.filter((w) => !w.destroyed);
  }
  loadFile(file: string, opts?: { hash?: string }) {
    this.loaded = file;
    this.loadedHash = opts?.hash;
    this.loads += 1;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
    this.emit('hide');
  }
  focus() {
    this.focused += 1;
    this.emit('focus');
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  getBounds(): FakeRect {
    return { ...this.bounds };
  }
  getNormalBounds(): FakeRect {
    return { ...this.bounds };
  }
  setBounds(r: FakeRect) {
    this.bounds = { ...r };
  }
  setAlwaysOnTop(flag: boolean, level?: string) {
    this.alwaysOnTop = [flag, level];
  }
  setVisibleOnAllWorkspaces(flag: boolean) {
    this.allWorkspaces = flag;
  }
  /** Like a user (or window.close()) closing it: cancellable 'close', then 'closed'. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
    return !prevented;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export class FakeIpcMain {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  on() {
    return this;
  }
}

export const openExternal = vi.fn(() => Promise.resolve());

const FAKE_KEY = Buffer.from('fake-os-keychain-key');
const MARK = Buffer.from('enc1:');

function xor(b: Buffer): Buffer {
  return Buffer.from(b.map((x, i) => x ^ (FAKE_KEY[i % FAKE_KEY.length] ?? 0)));
}

/** Reversible, not plain text, and refuses data it did not produce (like a real decryptor). */
export function fakeEncrypt(s: string): Buffer {
  return Buffer.concat([MARK, xor(Buffer.from(s, 'utf8'))]);
}

export function fakeDecrypt(b: Buffer): string {
  if (b.length < MARK.length || !b.subarray(0, MARK.length).equals(MARK)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  return xor(b.subarray(MARK.length)).toString('utf8');
}

export type FakeBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/** safeStorage with the async API (and the deprecated sync one); state and spies are per instance. */
export function fakeSafeStorage(state: { available: boolean; backend: FakeBackend; shouldReEncrypt?: boolean } = { available: true, backend: 'gnome_libsecret' }) {
  return {
    isEncryptionAvailable: () => state.available,
    encryptString: (s: string) => fakeEncrypt(s),
    decryptString: (b: Buffer) => fakeDecrypt(b),
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(state.available)),
    encryptStringAsync: vi.fn((s: string) => (state.available ? Promise.resolve(fakeEncrypt(s)) : Promise.reject(new Error('Encryption is not available.')))),
    decryptStringAsync: vi.fn((b: Buffer) => {
      try {
        return Promise.resolve({ result: fakeDecrypt(b), shouldReEncrypt: state.shouldReEncrypt ?? false });
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }),
    getSelectedStorageBackend: vi.fn((): FakeBackend => state.backend),
  };
}

type QuitListener = (event: { preventDefault(): void }) => void;

/** The quit half of Electron's `app`: quit() emits before-quit, then will-quit, unless prevented. */
export class FakeQuitApp {
  private readonly listeners = { 'before-quit': [] as QuitListener[], 'will-quit': [] as QuitListener[] };
  quitCalls = 0;
  emitted: string[] = [];
  quitted = false;
  exitCode: number | undefined;
  on(event: 'before-quit' | 'will-quit', listener: QuitListener): this {
    this.listeners[event].push(listener);
    return this;
  }
  /** Emit one event; true when a listener prevented it. */
  fire(event: 'before-quit' | 'will-quit'): boolean {
    this.emitted.push(event);
    if (this.emitted.length > 100) throw new Error('quit loop');
    let prevented = false;
    for (const l of this.listeners[event]) l({ preventDefault: () => (prevented = true) });
    return prevented;
  }
  quit(): void {
    this.quitCalls += 1;
    if (this.fire('before-quit')) return;
    if (this.fire('will-quit')) return;
    this.quitted = true;
  }
  exit(code = 0): void {
    this.exitCode = code;
    this.quitted = true;
  }
}

export function fakeElectronModule() {
  return {
    BrowserWindow: FakeBrowserWindow,
    shell: { openExternal },
    ipcMain: new FakeIpcMain(),
    safeStorage: fakeSafeStorage(),
    app: { getPath: () => '/tmp', getVersion: () => '0.0.0-test' },
    ...fakeDesktopModules(),
  };
}

/**
 * The main window: context isolation, sandbox, no Node integration, a strict CSP; navigation,
 * window.open and permissions are guarded session-wide (security.ts). Bounds come from
 * window-state.ts (clamped to a connected display). Closing hides it to the tray unless the app
 * is quitting or Settings say otherwise.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions, type NativeImage, type Rectangle } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 760,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Frontdesk',
    webPreferences: { preload: preloadPath, ...SECURE_WEB_PREFERENCES },
  };
}

/** Only http(s) can leave the app at all (security.ts's externalUrl narrows it to URLs we build). */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export interface MainWindowOptions {
  preloadPath: string;
  indexHtml: string;
  bounds?: Partial<Rectangle>;
  maximized?: boolean;
  icon?: NativeImage;
  /** Show once loaded (false when started hidden at login). */
  show?: boolean;
  /** Asked on every close: true = hide to the tray instead of closing. */
  hideOnClose?: () => boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const base = secureWindowOptions(opts.preloadPath);
  const win = new BrowserWindow({ ...base, ...opts.bounds, ...(opts.icon ? { icon: opts.icon } : {}) });
  win.on('close', (event) => {
    if (opts.hideOnClose?.()) {
      event.preventDefault();
      win.hide();
    }
  });
  if (opts.show !== false) {
    win.once('ready-to-show', () => {
      if (opts.maximized) win.maximize();
      win.show();
    });
  }
  void win.loadFile(opts.indexHtml);
  return win;
}

/**
 * Session-wide guards (every window, present and future):
 * - the CSP header on our responses (the page also carries it as a meta tag);
 * - permission requests and checks denied, except writing to the clipboard from our own page;
 *   USB/HID/serial device access denied;
 * - every new webContents hardened (navigation, redirects, window.open, webviews) the moment it exists;
 * - links leave the app only as http(s) URLs we rebuild ourselves, and only to a configured
 *   device's origin (its web interface), never with credentials in them.
 */
import type { Session, WebContents } from 'electron';

/** Permissions a Frontdesk page may use: only putting text on the clipboard ("copy number"). */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function isOurOrigin(origin: string, appUrlPrefix: string): boolean {
  // file:// pages report the origin "file://" (or "null"); the web harness never runs in Electron.
  return appUrlPrefix.startsWith('file:') ? origin === 'file://' || origin === 'file:///' || origin.startsWith(appUrlPrefix) : origin !== '' && appUrlPrefix.startsWith(origin);
}

export function permissionAllowed(permission: string, requestingUrl: string, appUrlPrefix: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && (requestingUrl.startsWith(appUrlPrefix) || isOurOrigin(requestingUrl, appUrlPrefix));
}

export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export function hardenSession(ses: SessionLike, opts: { csp: string; appUrlPrefix: string }): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [opts.csp] } });
  });
  ses.setPermissionRequestHandler((wc, permission, allow, details) => {
    const url = details.requestingUrl || wc.getURL();
    allow(permissionAllowed(permission, url, opts.appUrlPrefix));
  });
  ses.setPermissionCheckHandler((_wc, permission, origin) => permissionAllowed(permission, origin, opts.appUrlPrefix));
  ses.setDevicePermissionHandler(() => false);
}

/**
 * The URL to hand to the OS browser, rebuilt from its parts, or undefined: http(s) only, no user
 * or password in it, and its origin must be one we know (a configured device's web interface).
 */
export function externalUrl(url: string, allowedOrigins: ReadonlySet<string>): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.username !== '' || u.password !== '') return undefined;
  if (!allowedOrigins.has(u.origin)) return undefined;
  const rebuilt = new URL(`${u.pathname}${u.search}${u.hash}`, u.origin);
  return rebuilt.href;
}

/** Origins of configured devices (their URLs as typed in Devices), for externalUrl. */
export function deviceOrigins(urls: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const raw of urls) {
    try {
      const u = new URL(raw);
      if (u.protocol === 'http:' || u.protocol === 'https:') out.add(u.origin);
    } catch {
      // not a URL: nothing to allow
    }
  }
  return out;
}

/** Deny in-app navigation away from our page, every window.open (links go to `openExternal`), and webviews. */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, appUrlPrefix: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appUrlPrefix)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.url.startsWith(appUrlPrefix)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(appUrlPrefix)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

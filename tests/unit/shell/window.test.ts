import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

import type { WebContents } from 'electron';
const { createMainWindow, secureWindowOptions, isExternalLinkAllowed, CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } = await import('../../../main/shell/window');
const { commandBarOptions } = await import('../../../main/shell/commandbar');
const { deviceOrigins, externalUrl, hardenSession, hardenWebContents, permissionAllowed } = await import('../../../main/shell/security');
const { FakeBrowserWindow, FakeWebContents } = await import('./fake-electron');

const APP = 'file:///opt/frontdesk/resources/app.asar/out/renderer/';

describe('window security options', () => {
  beforeEach(() => {
    FakeBrowserWindow.created.length = 0;
  });

  it('runs the renderer isolated, sandboxed and without Node, in the main window and the command bar', () => {
    const expected = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    };
    expect(secureWindowOptions('/x/preload/index.cjs').webPreferences).toMatchObject({ preload: '/x/preload/index.cjs', ...expected });
    expect(commandBarOptions('/x/preload/index.cjs').webPreferences).toMatchObject({ preload: '/x/preload/index.cjs', ...expected });
    expect(SECURE_WEB_PREFERENCES).toMatchObject(expected);
  });

  it('creates the main window with those options at the given bounds and loads our page', () => {
    createMainWindow({ preloadPath: '/p.cjs', indexHtml: '/app/index.html', bounds: { x: 10, y: 20, width: 900, height: 600 } });
    const win = FakeBrowserWindow.created[0]!;
    expect(win.options).toMatchObject({ ...secureWindowOptions('/p.cjs'), x: 10, y: 20, width: 900, height: 600 });
    expect(win.options.webPreferences).toEqual(secureWindowOptions('/p.cjs').webPreferences);
    expect(win.loaded).toBe('/app/index.html');
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('hides to the tray on close while asked to, and really closes otherwise', () => {
    let hide = true;
    const win = (createMainWindow({ preloadPath: '/p.cjs', indexHtml: '/i.html', hideOnClose: () => hide }), FakeBrowserWindow.created[0]!);
    win.show();
    expect(win.close()).toBe(false);
    expect(win.visible).toBe(false);
    expect(win.destroyed).toBe(false);
    hide = false;
    expect(win.close()).toBe(true);
    expect(win.destroyed).toBe(true);
  });

  it('stays hidden when started at login', () => {
    createMainWindow({ preloadPath: '/p.cjs', indexHtml: '/i.html', show: false });
    const win = FakeBrowserWindow.created[0]!;
    win.emit('ready-to-show');
    expect(win.visible).toBe(false);
  });

  it('has a CSP without remote or inline scripts, matching the page', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});

describe('navigation guards', () => {
  function hardened() {
    const wc = new FakeWebContents();
    const opened: string[] = [];
    hardenWebContents(wc as unknown as WebContents, APP, (u) => opened.push(u));
    return { wc, opened };
  }

  it('denies navigation and redirects away from the app, and allows them within', () => {
    const { wc } = hardened();
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(wc.fire('will-navigate', `${APP}index.html#/commandbar`)).toBe(false);
    expect(wc.fire('will-attach-webview')).toBe(true);
    let prevented = false;
    wc.emit('will-frame-navigate', { url: 'https://evil.example/frame', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('denies every window.open and hands the URL to the external-link policy', () => {
    const { wc, opened } = hardened();
    expect(wc.windowOpenHandler?.({ url: 'https://crm.example/?n=200' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://crm.example/?n=200', 'javascript:alert(1)']);
  });
});

describe('external links: only http(s) URLs we rebuild, to a configured device', () => {
  const origins = deviceOrigins(['http://192.168.1.20', 'https://pbx.example:8443/admin', 'not a url', 'ftp://files.example']);

  it('knows the device origins', () => {
    expect([...origins].sort()).toEqual(['http://192.168.1.20', 'https://pbx.example:8443']);
  });

  it('opens a device web page, rebuilt from its parts', () => {
    expect(externalUrl('http://192.168.1.20/index.html#status', origins)).toBe('http://192.168.1.20/index.html#status');
    expect(externalUrl('https://PBX.example:8443/x?y=1', origins)).toBe('https://pbx.example:8443/x?y=1');
  });

  it('refuses other schemes, other sites, and credentials in the URL', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://192.168.1.20/share',
      'https://evil.example/',
      'http://192.168.1.20.evil.example/',
      'http://admin:secret@192.168.1.20/',
      'https://pbx.example/',
      'not a url',
    ]) {
      expect(externalUrl(url, origins), url).toBeUndefined();
    }
    expect(isExternalLinkAllowed('http://x')).toBe(true);
    expect(isExternalLinkAllowed('smb://share')).toBe(false);
  });
});

describe('permission guards', () => {
  type HeadersHandler = (d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
  type RequestHandler = (wc: { getURL(): string }, permission: string, allow: (ok: boolean) => void, details: { requestingUrl?: string }) => void;
  type CheckHandler = (wc: unknown, permission: string, origin: string) => boolean;
  interface FakeSession {
    headers?: HeadersHandler;
    request?: RequestHandler;
    check?: CheckHandler;
    device?: () => boolean;
    webRequest: { onHeadersReceived(h: HeadersHandler): void };
    setPermissionRequestHandler(h: RequestHandler): void;
    setPermissionCheckHandler(h: CheckHandler): void;
    setDevicePermissionHandler(h: () => boolean): void;
  }

  function session(): FakeSession {
    const s: FakeSession = {
      webRequest: { onHeadersReceived: (h) => void (s.headers = h) },
      setPermissionRequestHandler: (h) => void (s.request = h),
      setPermissionCheckHandler: (h) => void (s.check = h),
      setDevicePermissionHandler: (h) => void (s.device = h),
    };
    hardenSession(s as unknown as Parameters<typeof hardenSession>[0], { csp: CONTENT_SECURITY_POLICY, appUrlPrefix: APP });
    return s;
  }

  it('denies permission requests (camera, microphone, notifications, geolocation…) from any page', () => {
    const s = session();
    const ask = (permission: string, url: string) => {
      let answer: boolean | undefined;
      s.request!({ getURL: () => url }, permission, (ok) => (answer = ok), { requestingUrl: url });
      return answer;
    };
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'clipboard-read']) expect(ask(p, `${APP}index.html`), p).toBe(false);
    expect(ask('clipboard-sanitized-write', `${APP}index.html`)).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });

  it('denies permission checks and device access, and sets the CSP header', () => {
    const s = session();
    expect(s.check!(null, 'media', 'file://')).toBe(false);
    expect(s.check!(null, 'clipboard-sanitized-write', 'file://')).toBe(true);
    expect(s.check!(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(s.device!()).toBe(false);
    let headers: Record<string, string[]> | undefined;
    s.headers!({ responseHeaders: { 'X-A': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(permissionAllowed('media', `${APP}x`, APP)).toBe(false);
  });
});

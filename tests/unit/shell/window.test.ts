import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const { createMainWindow, secureWindowOptions, isExternalLinkAllowed, CONTENT_SECURITY_POLICY } = await import('../../../main/shell/window');
const { FakeBrowserWindow, openExternal } = await import('./fake-electron');

const APP = 'file:///opt/frontdesk/out/renderer/';

describe('main window', () => {
  beforeEach(() => {
    FakeBrowserWindow.created.length = 0;
    openExternal.mockClear();
  });

  it('runs the renderer isolated, sandboxed and without Node', () => {
    const prefs = secureWindowOptions('/x/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/x/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('creates the window with those options and loads our page', () => {
    createMainWindow({ preloadPath: '/p.cjs', indexHtml: '/app/index.html', appUrlPrefix: APP });
    const win = FakeBrowserWindow.created[0];
    expect(win?.options).toEqual(secureWindowOptions('/p.cjs'));
    expect(win?.loaded).toBe('/app/index.html');
  });

  it('denies navigation away from the app, and allows it within', () => {
    createMainWindow({ preloadPath: '/p.cjs', indexHtml: '/app/index.html', appUrlPrefix: APP });
    const wc = FakeBrowserWindow.created[0]!.webContents;
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(wc.fire('will-navigate', `${APP}index.html#calls`)).toBe(false);
    expect(wc.fire('will-attach-webview')).toBe(true);
  });

  it('denies window.open, sending only http(s) links to the browser', () => {
    createMainWindow({ preloadPath: '/p.cjs', indexHtml: '/app/index.html', appUrlPrefix: APP });
    const wc = FakeBrowserWindow.created[0]!.webContents;
    expect(wc.windowOpenHandler?.({ url: 'https://crm.example/?n=200' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://crm.example/?n=200');
    expect(wc.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('classifies external links', () => {
    expect(isExternalLinkAllowed('http://x')).toBe(true);
    expect(isExternalLinkAllowed('smb://share')).toBe(false);
    expect(isExternalLinkAllowed('not a url')).toBe(false);
  });

  it('has a CSP without remote or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
});

/**
 * Electron entry point: one instance, call links (argv, open-url, queued until ready), session
 * and webContents guards, the runtime (core + demo office when nothing is configured), IPC wiring
 * with sender checks, the desktop surfaces (desktop.ts), and a quit that waits for the core to
 * close (drivers log out; quit.ts).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { createDriver } from '../drivers';
import { startRuntime, type Runtime } from '../runtime/start';
import { invoke } from './core-port';
import { startDesktop, type DesktopShell } from './desktop';
import { forwardEvents, makeSenderCheck, registerIpcHandlers } from './ipc';
import { CALL_SCHEMES, LinkInbox, listenForLinks, protocolClientArgs } from './links';
import { startedAtLogin } from './login-item';
import { installQuitHandler } from './quit';
import { deviceOrigins, externalUrl, hardenSession, hardenWebContents } from './security';
import { ElectronDataStore, ElectronSettingsStore, SafeSecretStore } from './stores';
import { CONTENT_SECURITY_POLICY } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const appUrlPrefix = pathToFileURL(rendererDir).href + '/';
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const indexHtml = join(rendererDir, 'index.html');
const log = (m: string) => console.error(`[frontdesk] ${m}`);

let runtime: Runtime | undefined;
let desktop: DesktopShell | undefined;
let starting: Promise<void> | undefined;
let quitting = false;
const links = new LinkInbox();

/** Links leave the app only to a configured device's web page, rebuilt by us (security.ts). */
function openExternal(url: string): void {
  const core = runtime?.core;
  if (!core) return;
  void invoke(core, 'devices.list', undefined).then((r) => {
    const safe = r.ok ? externalUrl(url, deviceOrigins(r.value.map((d) => d.config.url))) : undefined;
    if (safe) void shell.openExternal(safe);
    else log('a link to an unknown site was not opened');
  });
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, { csp: CONTENT_SECURITY_POLICY, appUrlPrefix });
  // Windows shows notifications only for an app id that matches its Start menu entry (the installer uses appId).
  if (process.platform === 'win32') app.setAppUserModelId('com.frontdesk.app');
  runtime = await startRuntime({
    mode: 'electron',
    version: app.getVersion(),
    settings: new ElectronSettingsStore(),
    secrets: await SafeSecretStore.open({ log }),
    data: new ElectronDataStore(),
    createDriver,
    demo: process.env.FRONTDESK_DEMO ? 'force' : 'auto',
    log,
  });
  const core = runtime.core;
  const ours = () => BrowserWindow.getAllWindows().map((w) => w.webContents);
  registerIpcHandlers(ipcMain, core.router, makeSenderCheck(ours, appUrlPrefix));
  forwardEvents(core.events, ours);
  desktop = await startDesktop({
    core,
    data: new ElectronDataStore(),
    preloadPath,
    indexHtml,
    hidden: startedAtLogin(process.argv, { platform: process.platform, getLoginItemSettings: () => app.getLoginItemSettings() }),
    quitting: () => quitting,
    quit: () => app.quit(),
    log,
  });
  const shellNow = desktop;
  links.ready((url) => shellNow.controller.handleLink(url));
  if (app.isPackaged) {
    // Registered at run time too (the installers register them as well); a development run does not take over tel: links.
    const [path, args] = protocolClientArgs({ defaultApp: process.defaultApp === true, execPath: process.execPath, appPath: app.getAppPath() });
    for (const scheme of CALL_SCHEMES) if (!app.setAsDefaultProtocolClient(scheme, path, args)) log(`could not register as the ${scheme}: handler`);
  }
  if (process.env.FRONTDESK_E2E === '1') exposeForEndToEndTests(runtime, desktop);
}

/**
 * Only under FRONTDESK_E2E=1 (Playwright's Electron spec): the demo office's control endpoint is
 * written to the owner-only file FRONTDESK_E2E_INFO names, and the shell's actions are reachable
 * from the main process for app.evaluate. Never set in a normal run.
 */
function exposeForEndToEndTests(rt: Runtime, d: DesktopShell): void {
  const file = process.env.FRONTDESK_E2E_INFO;
  const office = rt.office;
  if (file) writeFileSync(file, JSON.stringify({ control: office?.control, controlToken: office?.controlToken }), { mode: 0o600 });
  Object.assign(globalThis, {
    frontdeskShell: {
      answer: () => d.controller.answer(),
      hangup: () => d.controller.hangup(),
      link: (url: string) => d.controller.handleLink(url),
      trayView: () => d.controller.trayView(),
    },
  });
}

// A stray rejection in one device's handling must not take down every other device: log it.
process.on('unhandledRejection', (e: unknown) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

if (!app.requestSingleInstanceLock()) {
  // The running instance gets our argv (and any tel: link in it) through 'second-instance'.
  app.quit();
} else {
  if (process.platform === 'linux') app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
  // Links in our own argv, a second instance's argv (Windows, Linux) or macOS's open-url, queued until ready.
  listenForLinks(app, links, process.argv, () => desktop?.showMain());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appUrlPrefix, openExternal));
  // The tray keeps the app alive with every window closed; Quit (tray, menu, OS) really quits.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => desktop?.showMain());
  app.on('before-quit', () => {
    quitting = true;
  });
  installQuitHandler(app, {
    // A quit during start-up waits for the start to finish, then closes what it started.
    close: async () => {
      await starting?.catch(() => undefined);
      desktop?.stop();
      const r = runtime;
      runtime = undefined;
      await r?.close();
    },
    log,
  });
  starting = app.whenReady().then(start);
  starting.catch((e: unknown) => {
    // Without a window nothing would ever quit the app: exit with a message instead.
    log(`could not start: ${e instanceof Error ? e.message : String(e)}`);
    app.exit(1);
  });
}

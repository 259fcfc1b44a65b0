/**
 * Electron entry point: single-instance lock, the runtime (core + demo office when nothing is
 * configured), one hardened window, IPC wiring with sender checks, resume handling, and a quit
 * that waits for the core to close (drivers log out).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, powerMonitor, session } from 'electron';
import { createDriver } from '../drivers';
import { startRuntime, type Runtime } from '../runtime/start';
import { forwardEvents, makeSenderCheck, registerIpcHandlers } from './ipc';
import { installQuitHandler } from './quit';
import { ElectronDataStore, ElectronSettingsStore, SafeSecretStore } from './stores';
import { CONTENT_SECURITY_POLICY, createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const appUrlPrefix = pathToFileURL(rendererDir).href + '/';
const log = (m: string) => console.error(`[frontdesk] ${m}`);

let mainWindow: BrowserWindow | undefined;
let runtime: Runtime | undefined;
let starting: Promise<void> | undefined;

function openWindow(): void {
  mainWindow = createMainWindow({
    preloadPath: join(here, '..', 'preload', 'index.cjs'),
    indexHtml: join(rendererDir, 'index.html'),
    appUrlPrefix,
  });
  mainWindow.on('closed', () => (mainWindow = undefined));
}

async function start(): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, allow) => allow(false));

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
  const ours = () => BrowserWindow.getAllWindows().map((w) => w.webContents);
  registerIpcHandlers(ipcMain, runtime.core.router, makeSenderCheck(ours, appUrlPrefix));
  forwardEvents(runtime.core.events, ours);
  powerMonitor.on('resume', () => runtime?.core.hub.pokeAll());
  openWindow();
}

// A stray rejection in one device's handling must not take down every other device: log it.
process.on('unhandledRejection', (e: unknown) => log(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow && runtime) openWindow();
  });
  installQuitHandler(app, {
    // A quit during start-up waits for the start to finish, then closes what it started.
    close: async () => {
      await starting?.catch(() => undefined);
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

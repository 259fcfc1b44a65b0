/**
 * Start at login: opt-in (Settings), and such a start stays hidden in the tray. macOS and Windows
 * use the OS login items (Windows passes --hidden; macOS reports wasOpenedAtLogin); Linux, where
 * Electron has no login items, gets an XDG autostart entry (~/.config/autostart/frontdesk.desktop).
 * No electron import: the shell passes `app`, tests a fake.
 */
import { join } from 'node:path';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'frontdesk.desktop';

export interface LoginItemHost {
  platform: NodeJS.Platform;
  execPath: string;
  env: Record<string, string | undefined>;
  homeDir: string;
  /** A development run (`electron .`): the app folder must be passed too. */
  defaultApp: boolean;
  appPath?: string;
  setLoginItemSettings(s: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  getLoginItemSettings(o?: { path?: string; args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean };
}

export interface FileOps {
  write(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
}

/** Started by the OS at login (so: stay in the tray, no window). */
export function startedAtLogin(argv: readonly string[], host: Pick<LoginItemHost, 'platform' | 'getLoginItemSettings'>): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  if (host.platform !== 'darwin') return false;
  try {
    return host.getLoginItemSettings().wasOpenedAtLogin === true;
  } catch {
    return false;
  }
}

/** Quote one argument of a desktop entry's Exec key (Desktop Entry Specification, "Exec key"). */
export function desktopExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartPath(host: Pick<LoginItemHost, 'env' | 'homeDir'>): string {
  const config = host.env.XDG_CONFIG_HOME && host.env.XDG_CONFIG_HOME.startsWith('/') ? host.env.XDG_CONFIG_HOME : join(host.homeDir, '.config');
  return join(config, 'autostart', AUTOSTART_FILE);
}

/** The command the OS runs at login: the AppImage when we are one, the app folder in a development run. */
export function loginCommand(host: Pick<LoginItemHost, 'execPath' | 'env' | 'defaultApp' | 'appPath'>): string[] {
  const exe = host.env.APPIMAGE || host.execPath;
  return host.defaultApp && host.appPath ? [exe, host.appPath, HIDDEN_ARG] : [exe, HIDDEN_ARG];
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Frontdesk',
    'Comment=Desk phones, contacts and cameras for the front desk',
    `Exec=${command.map(desktopExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Apply the setting; answers whether Frontdesk now starts at login as far as the OS tells. */
export async function applyLoginItem(enabled: boolean, host: LoginItemHost, files: FileOps): Promise<boolean> {
  if (host.platform === 'linux') {
    const path = autostartPath(host);
    if (enabled) await files.write(path, autostartEntry(loginCommand(host)));
    else await files.remove(path);
    return enabled;
  }
  const [path, ...args] = loginCommand({ ...host, env: {} });
  const target = host.platform === 'win32' ? { path, args } : {};
  host.setLoginItemSettings({ openAtLogin: enabled, ...target });
  return host.getLoginItemSettings(target).openAtLogin;
}

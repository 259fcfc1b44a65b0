/** Settings for the web harness, kept with `conf` (electron-store's engine, without Electron). */
import Conf from 'conf';
import { DEFAULT_SETTINGS, type Settings, type SettingsStore } from '../core/persistence/stores';

export class ConfSettingsStore implements SettingsStore {
  private readonly conf: Conf<{ settings: Settings }>;
  constructor(cwd?: string) {
    this.conf = new Conf<{ settings: Settings }>({
      projectName: 'frontdesk-web',
      ...(cwd ? { cwd } : {}),
      defaults: { settings: DEFAULT_SETTINGS },
    });
  }
  load(): Settings {
    return { ...DEFAULT_SETTINGS, ...this.conf.get('settings') };
  }
  save(settings: Settings): void {
    this.conf.set('settings', settings);
  }
}

/**
 * Settings for the web harness, kept with `conf` (electron-store's engine, without Electron) in an
 * owner-only file. Read once, then served from memory.
 */
import { dirname } from 'node:path';
import Conf from 'conf';
import { DEFAULT_SETTINGS, withDefaults, type Settings, type SettingsStore } from '../core/persistence/stores';

export class ConfSettingsStore implements SettingsStore {
  private readonly conf: Conf<{ settings: Settings }>;
  private cached: Settings | undefined;

  constructor(cwd?: string) {
    this.conf = new Conf<{ settings: Settings }>({
      projectName: 'frontdesk-web',
      ...(cwd ? { cwd } : {}),
      configFileMode: 0o600,
      defaults: { settings: DEFAULT_SETTINGS },
    });
  }

  /** The folder holding the settings file (the web harness keeps its documents below it). */
  get directory(): string {
    return dirname(this.conf.path);
  }

  load(): Promise<Settings> {
    try {
      if (!this.cached) {
        const raw: unknown = this.conf.get('settings');
        this.cached = withDefaults(typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Partial<Settings>) : undefined);
      }
      return Promise.resolve(structuredClone(this.cached));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  save(settings: Settings): Promise<void> {
    try {
      const copy = structuredClone(settings);
      this.conf.set('settings', copy);
      this.cached = copy;
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

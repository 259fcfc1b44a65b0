/**
 * The office-wide settings as the renderer knows them (`settings.get`, then `settings.changed`),
 * and the two a window applies itself: theme (data-theme on <html>) and language (i18next).
 * The last theme is also remembered locally so the next start paints in it at once.
 */
import i18next from 'i18next';
import { useEffect } from 'react';
import { create } from 'zustand';
import type { InvokeOutput } from '../../../shared/ipc/contract';
import { invoke, onBridgeReconnect, subscribe } from '../bridge/api';
import { setLanguage } from '../i18n';
import { themeOf, type ThemeChoice } from './frame-logic';

export type PublicSettings = InvokeOutput<'settings.get'>;

export interface PreferencesStore {
  settings: PublicSettings | null;
  /** Why settings could not be read (shown by Settings). */
  error: string | null;
  setSettings(s: PublicSettings): void;
  setError(message: string | null): void;
}

export const usePreferences = create<PreferencesStore>((set) => ({
  settings: null,
  error: null,
  setSettings: (settings) => {
    applyTheme(settings.desktop.theme);
    applyLanguage(settings.desktop.language);
    set({ settings, error: null });
  },
  setError: (error) => set({ error }),
}));

const THEME_KEY = 'frontdesk.theme';

export function applyTheme(theme: ThemeChoice): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // not remembered: settings.get applies it on the next start anyway
  }
}

function applyLanguage(language: 'en' | 'it'): void {
  if (i18next.language !== language || document.documentElement.lang !== language) setLanguage(language);
}

/** The theme remembered from the last run, applied before the first paint. */
export function applyRememberedTheme(): void {
  let saved: string | null;
  try {
    saved = localStorage.getItem(THEME_KEY);
  } catch {
    saved = null;
  }
  document.documentElement.dataset.theme = themeOf(saved);
}

/** Loads settings once, follows `settings.changed` (any window), reloads after the bridge reconnects. */
export function useDesktopPreferences(): void {
  useEffect(() => {
    const load = () =>
      invoke('settings.get')
        .then((s) => usePreferences.getState().setSettings(s))
        .catch((e: unknown) => usePreferences.getState().setError(e instanceof Error ? e.message : String(e)));
    const off = subscribe('settings.changed', (s) => usePreferences.getState().setSettings(s));
    const offReconnect = onBridgeReconnect(() => void load());
    void load();
    return () => {
      off();
      offReconnect();
    };
  }, []);
}

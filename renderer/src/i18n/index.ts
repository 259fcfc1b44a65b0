/**
 * Internationalisation: i18next with react-i18next, English and Italian. Each feature owns one
 * namespace (its `strings.ts`, with `en` and a complete `it`); every string of the UI goes
 * through `t()`. The chosen language is kept in localStorage and follows Settings.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as calls from '../features/calls/strings';
import * as cameras from '../features/cameras/strings';
import * as commandbar from '../features/commandbar/strings';
import * as contacts from '../features/contacts/strings';
import * as devices from '../features/devices/strings';
import * as presence from '../features/presence/strings';
import * as settings from '../features/settings/strings';
import * as voicemail from '../features/voicemail/strings';
import * as common from './common';

export const LANGUAGES = ['en', 'it'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'frontdesk.language';

const bundles = { common, calls, cameras, commandbar, contacts, devices, presence, settings, voicemail };
export const NAMESPACES = Object.keys(bundles) as (keyof typeof bundles)[];

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'it') return saved;
  } catch {
    // storage unavailable: fall through
  }
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('it') ? 'it' : 'en';
}

export function initI18n(lng: Language = initialLanguage()): typeof i18next {
  if (i18next.isInitialized) return i18next;
  const resources: Record<Language, Record<string, Record<string, string>>> = { en: {}, it: {} };
  for (const [ns, b] of Object.entries(bundles)) {
    resources.en[ns] = b.en as Record<string, string>;
    resources.it[ns] = b.it as Record<string, string>;
  }
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return i18next;
}

export function setLanguage(lng: Language): void {
  void i18next.changeLanguage(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not persisted: the choice holds for this window
  }
  document.documentElement.lang = lng;
}

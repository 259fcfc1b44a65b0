import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOffice } from '../../state/office';
import { SaveStatus, SettingsField, Switch, useErrorText, useSave } from './parts';
import { HOTKEYS, NOTIFICATION_KINDS, validateHotkey, type HotkeyName, type PublicSettings, type SettingsUpdate } from './settings-model';

type Desktop = PublicSettings['desktop'];

/** Theme, language, start at login, close to tray: applied as soon as they change. */
export function AppearanceCard(props: { settings: PublicSettings }) {
  const { t } = useTranslation('settings');
  const state = useSave();
  const d = props.settings.desktop;
  const shell = props.settings.shell;
  const web = useOffice((s) => s.info?.mode === 'web');
  const save = (desktop: NonNullable<SettingsUpdate['desktop']>) => void state.save({ desktop });
  return (
    <section className="card stack" aria-labelledby="appearance-title">
      <h2 id="appearance-title" className="card-title">
        {t('appearance.title')}
      </h2>
      <div className="grid-2">
        <SettingsField id="settings-language" label={t('appearance.language')} help={t('appearance.languageHelp')} error={state.issues['desktop.language']}>
          {(a) => (
            <select {...a} lang={d.language} value={d.language} onChange={(e) => save({ language: e.target.value as Desktop['language'] })}>
              <option value="en" lang="en">
                English
              </option>
              <option value="it" lang="it">
                Italiano
              </option>
            </select>
          )}
        </SettingsField>
        <SettingsField id="settings-theme" label={t('appearance.theme')} help={t('appearance.themeHelp')} error={state.issues['desktop.theme']}>
          {(a) => (
            <select {...a} value={d.theme} onChange={(e) => save({ theme: e.target.value as Desktop['theme'] })}>
              <option value="system">{t('appearance.system')}</option>
              <option value="light">{t('appearance.light')}</option>
              <option value="dark">{t('appearance.dark')}</option>
            </select>
          )}
        </SettingsField>
      </div>
      <Switch
        id="settings-start-at-login"
        label={t('appearance.startAtLogin')}
        help={web ? t('appearance.desktopOnly') : shell?.startAtLogin === undefined ? t('appearance.startAtLoginHelp') : shell.startAtLogin ? t('appearance.startAtLoginOn') : t('appearance.startAtLoginOff')}
        checked={d.startAtLogin}
        onChange={(v) => save({ startAtLogin: v })}
      />
      <Switch id="settings-close-to-tray" label={t('appearance.closeToTray')} help={web ? t('appearance.desktopOnly') : t('appearance.closeToTrayHelp')} checked={d.closeToTray} onChange={(v) => save({ closeToTray: v })} />
      <SaveStatus state={state} />
    </section>
  );
}

/** One switch per notification kind, plus do not disturb. */
export function NotificationsCard(props: { settings: PublicSettings }) {
  const { t } = useTranslation('settings');
  const state = useSave();
  const d = props.settings.desktop;
  return (
    <section className="card stack" aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="card-title">
        {t('notifications.title')}
      </h2>
      <Switch id="settings-dnd" label={t('notifications.dnd')} help={t('notifications.dndHelp')} checked={d.doNotDisturb} onChange={(v) => void state.save({ desktop: { doNotDisturb: v } })} />
      <fieldset className="stack" disabled={d.doNotDisturb}>
        <legend>{t('notifications.kinds')}</legend>
        {NOTIFICATION_KINDS.map((k) => (
          <Switch key={k} id={`settings-notify-${k}`} label={t(`notifications.${k}`)} checked={d.notifications[k]} onChange={(v) => void state.save({ desktop: { notifications: { [k]: v } } })} />
        ))}
      </fieldset>
      <SaveStatus state={state} />
    </section>
  );
}

/** Global hotkeys: edited here, registered by the desktop shell (its report shown per hotkey). */
export function HotkeysCard(props: { settings: PublicSettings }) {
  const { t } = useTranslation('settings');
  const errorText = useErrorText();
  const web = useOffice((s) => s.info?.mode === 'web');
  const [f, setF] = useState<Record<HotkeyName, string>>(() => ({ ...props.settings.desktop.hotkeys }));
  const [shown, setShown] = useState(false);
  const state = useSave();
  const status = props.settings.shell?.hotkeys;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setShown(true);
    const bad = HOTKEYS.find((k) => validateHotkey(f[k]));
    if (bad) {
      document.getElementById(`hotkey-${bad}`)?.focus();
      return;
    }
    void state.save({ desktop: { hotkeys: { dial: f.dial.trim(), answer: f.answer.trim(), hangup: f.hangup.trim() } } });
  };
  const note = (k: HotkeyName): string => {
    const base = t(`hotkeys.${k}Help`);
    if (web) return base;
    const s = status?.[k];
    if (!s) return base;
    return `${base} ${s.ok ? t('hotkeys.registered') : t('hotkeys.failed', { message: s.message ?? '' })}`;
  };
  return (
    <form className="card stack" aria-labelledby="hotkeys-title" onSubmit={submit} noValidate>
      <h2 id="hotkeys-title" className="card-title">
        {t('hotkeys.title')}
      </h2>
      <p className={web ? 'alert alert-info' : 'muted'}>{web ? t('hotkeys.web') : t('hotkeys.intro')}</p>
      <div className="grid-2">
        {HOTKEYS.map((k) => (
          <SettingsField key={k} id={`hotkey-${k}`} label={t(`hotkeys.${k}`)} help={note(k)} error={(shown ? errorText(validateHotkey(f[k]), t(`hotkeys.${k}`)) : undefined) ?? state.issues[`desktop.hotkeys.${k}`]}>
            {(a) => <input {...a} className="mono" spellCheck={false} placeholder={t('hotkeys.off')} value={f[k]} onChange={(e) => setF((old) => ({ ...old, [k]: e.target.value }))} />}
          </SettingsField>
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={state.saving}>
          {t('hotkeys.save')}
        </button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}

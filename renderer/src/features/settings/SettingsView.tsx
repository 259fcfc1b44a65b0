import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences';
import { useOffice } from '../../state/office';
import { CallRouteCard, NumberingCard } from './CallSettings';
import { AppearanceCard, HotkeysCard, NotificationsCard } from './DesktopSettings';
import { HubCard } from './HubCard';
import { SaveStatus, SettingsField, Switch, useErrorText, useSave } from './parts';
import { pushFromForm, validatePush, type PushForm, type PublicSettings } from './settings-model';
import './settings.css';

/** Every preference, each card saved through settings.update with its own errors. */
export function SettingsView() {
  const { t } = useTranslation('settings');
  const settings = usePreferences((s) => s.settings);
  const error = usePreferences((s) => s.error);
  return (
    <section className="section settings" aria-labelledby="settings-title">
      <div className="section-header">
        <h1 id="settings-title">{t('title')}</h1>
      </div>
      {error && !settings ? (
        <div className="alert alert-bad" role="alert">
          {t('loadError', { message: error })}
        </div>
      ) : null}
      {!settings ? (
        error ? null : <p className="muted">{t('loading')}</p>
      ) : (
        <div className="settings-grid">
          <AppearanceCard settings={settings} />
          <CallRouteCard settings={settings} />
          <NumberingCard settings={settings} />
          <NotificationsCard settings={settings} />
          <HotkeysCard settings={settings} />
          <PushCard settings={settings} />
          <SecretsCard />
          <HubCard />
        </div>
      )}
    </section>
  );
}

/** How device passwords are protected on this computer, in plain words. */
function SecretsCard() {
  const { t } = useTranslation('settings');
  const protection = useOffice((s) => s.info?.secretProtection);
  if (!protection) return null;
  const tone = protection === 'os' ? 'alert-good' : protection === 'memory' ? 'alert-info' : 'alert-warn';
  return (
    <section className="card stack" aria-labelledby="secrets-title">
      <h2 id="secrets-title" className="card-title">
        {t('secrets.title')}
      </h2>
      <div className={`alert ${tone}`} data-testid="secret-protection">
        <p>
          <strong>{t(`secrets.${protection}Title`)}</strong>
        </p>
        <p>{t(`secrets.${protection}`)}</p>
      </div>
    </section>
  );
}

/** The camera alarm push listener: on/off, where it listens, and whether it runs. */
function PushCard(props: { settings: PublicSettings }) {
  const { t } = useTranslation('settings');
  const errorText = useErrorText();
  const p = props.settings.pushListener;
  const [f, setF] = useState<PushForm>({ enabled: p.enabled, host: p.host, port: String(p.port) });
  const [shown, setShown] = useState(false);
  const state = useSave();
  const errors = shown ? validatePush(f) : {};
  const status = props.settings.pushStatus;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setShown(true);
    const found = validatePush(f);
    if (found.host || found.port) {
      document.getElementById(found.host ? 'push-host' : 'push-port')?.focus();
      return;
    }
    void state.save({ pushListener: pushFromForm(f) });
  };
  return (
    <form className="card stack" aria-labelledby="push-title" onSubmit={submit} noValidate>
      <h2 id="push-title" className="card-title">
        {t('push.title')}
      </h2>
      <p className="muted">{t('push.intro')}</p>
      <Switch id="push-enabled" label={t('push.enabled')} checked={f.enabled} onChange={(v) => setF((o) => ({ ...o, enabled: v }))} />
      <div className="grid-2">
        <SettingsField id="push-host" label={t('push.host')} help={t('push.hostHelp')} error={errorText(errors.host, t('push.host')) ?? state.issues['pushListener.host']}>
          {(a) => <input {...a} className="mono" spellCheck={false} value={f.host} onChange={(e) => setF((o) => ({ ...o, host: e.target.value }))} />}
        </SettingsField>
        <SettingsField id="push-port" label={t('push.port')} help={t('push.portHelp')} error={errorText(errors.port, t('push.port')) ?? state.issues['pushListener.port']}>
          {(a) => <input {...a} inputMode="numeric" value={f.port} onChange={(e) => setF((o) => ({ ...o, port: e.target.value }))} />}
        </SettingsField>
      </div>
      <div className={`alert ${status.problem ? 'alert-bad' : status.running ? 'alert-good' : 'alert-info'}`} data-testid="push-status">
        {status.running ? (
          <p>
            {t('push.running')} <code className="mono">{status.url}</code>
          </p>
        ) : (
          <p>{t('push.stopped')}</p>
        )}
        {status.problem ? <p>{status.problem}</p> : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={state.saving}>
          {t('push.save')}
        </button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}

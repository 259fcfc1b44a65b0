/** "Connect to an office hub" (desk mode): broker, user, password, office, CA or fingerprint; the link's status as it changes. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import { IpcCallError, invoke, subscribe } from '../../bridge/api';
import { SettingsField } from './parts';

type DeskView = InvokeOutput<'desk.get'>;
interface HubForm {
  brokerUrl: string;
  username: string;
  password: string;
  office: string;
  trust: string;
}

const TONE: Record<DeskView['status']['state'], string> = {
  local: 'alert-info',
  connecting: 'alert-info',
  connected: 'alert-good',
  'hub-unreachable': 'alert-warn',
  'broker-unreachable': 'alert-warn',
  refused: 'alert-bad',
  incompatible: 'alert-bad',
};

function formOf(v: DeskView | null): HubForm {
  const c = v?.config;
  return { brokerUrl: c?.brokerUrl ?? '', username: c?.username ?? '', password: '', office: c?.office ?? 'office', trust: c?.ca ?? c?.fingerprint ?? '' };
}

export function HubCard() {
  const { t } = useTranslation('settings');
  const [view, setView] = useState<DeskView | null>(null);
  const [f, setF] = useState<HubForm>(formOf(null));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    invoke('desk.get').then(
      (v) => {
        if (!live) return;
        setView(v);
        setF(formOf(v));
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    const off = subscribe('desk.status', (v) => setView(v));
    return () => {
      live = false;
      off();
    };
  }, []);

  const run = async (action: () => Promise<DeskView>) => {
    setBusy(true);
    setError(null);
    setIssues({});
    try {
      const v = await action();
      setView(v);
      setF((o) => ({ ...o, password: '' }));
    } catch (e) {
      if (e instanceof IpcCallError && e.error.issues?.length) {
        const fields: Record<string, string> = {};
        for (const i of e.error.issues) {
          const [path, ...msg] = i.split(': ');
          if (path) fields[path] = msg.join(': ');
        }
        setIssues(fields);
        if (Object.keys(fields).length > 0) return;
      }
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const connect = (e: React.FormEvent) => {
    e.preventDefault();
    const trust = f.trust.trim();
    void run(() =>
      invoke('desk.connect', {
        brokerUrl: f.brokerUrl.trim(),
        username: f.username.trim(),
        office: f.office.trim() || 'office',
        ...(f.password ? { password: f.password } : {}),
        ...(trust.startsWith('-----BEGIN') ? { ca: trust } : trust ? { fingerprint: trust } : {}),
      }),
    );
  };
  const status = view?.status;
  return (
    <form className="card stack" aria-labelledby="hub-title" onSubmit={connect} noValidate>
      <h2 id="hub-title" className="card-title">
        {t('hub.title')}
      </h2>
      <p className="muted">{t('hub.intro')}</p>
      <div className="grid-2">
        <SettingsField id="hub-broker" label={t('hub.broker')} help={t('hub.brokerHelp')} error={issues['brokerUrl']}>
          {(a) => <input {...a} className="mono" spellCheck={false} placeholder="mqtts://broker:8883" value={f.brokerUrl} onChange={(e) => setF((o) => ({ ...o, brokerUrl: e.target.value }))} />}
        </SettingsField>
        <SettingsField id="hub-office" label={t('hub.office')} error={issues['office']}>
          {(a) => <input {...a} spellCheck={false} value={f.office} onChange={(e) => setF((o) => ({ ...o, office: e.target.value }))} />}
        </SettingsField>
        <SettingsField id="hub-user" label={t('hub.user')} help={t('hub.userHelp')} error={issues['username']}>
          {(a) => <input {...a} autoComplete="username" spellCheck={false} value={f.username} onChange={(e) => setF((o) => ({ ...o, username: e.target.value }))} />}
        </SettingsField>
        <SettingsField id="hub-password" label={t('hub.password')} help={view?.stored.password ? t('hub.passwordStored') : undefined} error={issues['password']}>
          {(a) => <input {...a} type="password" autoComplete="current-password" value={f.password} onChange={(e) => setF((o) => ({ ...o, password: e.target.value }))} />}
        </SettingsField>
      </div>
      <SettingsField id="hub-trust" label={t('hub.trust')} help={t('hub.trustHelp')} error={issues['ca'] ?? issues['fingerprint']}>
        {(a) => <textarea {...a} className="mono" rows={3} spellCheck={false} value={f.trust} onChange={(e) => setF((o) => ({ ...o, trust: e.target.value }))} />}
      </SettingsField>
      {status ? (
        <div className={`alert ${TONE[status.state]}`} data-testid="hub-status" role="status">
          <p>
            <strong>{t(`hub.state.${status.state}`)}</strong>
          </p>
          {status.message ? <p>{status.message}</p> : null}
        </div>
      ) : null}
      {error ? (
        <div className="alert alert-bad" role="alert">
          {error}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('hub.connect')}
        </button>
        {view?.enabled ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void run(() => invoke('desk.disconnect'))}>
            {t('hub.disconnect')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { entitiesOf, summarize, useOffice } from '../state/office';

export function StatusBar() {
  const { t } = useTranslation();
  const entities = useOffice((s) => s.entities);
  const ready = useOffice((s) => s.ready);
  const info = useOffice((s) => s.info);
  const bridgeError = useOffice((s) => s.bridgeError);
  const status = useMemo(() => summarize(entitiesOf(entities, 'device')), [entities]);
  const tone = bridgeError ? 'bad' : !ready || status.total === 0 ? 'idle' : status.online === status.total ? 'good' : 'warn';
  let text: string;
  if (bridgeError) text = bridgeError;
  else if (!ready) text = t('status.connecting');
  else if (status.total === 0) text = t('status.none');
  else if (status.failing.length > 0) text = t('status.attention', { failing: status.failing.length, total: status.total, names: status.failing.map((d) => d.name).join(', ') });
  else if (status.online === status.total) text = t('status.allOnline', { count: status.total });
  else text = t('status.connectingDevices', { pending: status.total - status.online, total: status.total });
  return (
    <footer className={`status-bar tone-${tone}`} aria-label={t('status.label')}>
      <span className="status-dot" aria-hidden="true" />
      <span data-testid="status-summary" aria-live="polite">
        {text}
      </span>
      <span className="status-spacer" />
      {info?.demo ? <span className="badge">{t('status.demo')}</span> : null}
      {info ? <span className="status-meta">{t('status.meta', { version: info.version, mode: info.mode })}</span> : null}
    </footer>
  );
}

import { useTranslation } from 'react-i18next';
import { useDialStatus } from './dialStore';

/** Where the last call placed from `origins` went (or why it failed); a polite live region. */
export function DialStatusLine({ origins, testId }: { origins: string[]; testId?: string }) {
  const { t } = useTranslation('calls');
  const status = useDialStatus((s) => s.status);
  const mine = status.kind !== 'idle' && origins.includes(status.origin);
  return (
    <div className="dial-status" data-testid={testId}>
      <div role="status" aria-live="polite" aria-atomic="true">
        {mine && status.kind === 'placing' && <span className="muted">{t('dial.placing', { number: status.number })}</span>}
        {mine && status.kind === 'placed' && <span className="dial-placed">{t(status.key, status.values)}</span>}
      </div>
      {mine && status.kind === 'failed' && (
        <div className="alert alert-bad" role="alert">
          {status.message}
        </div>
      )}
    </div>
  );
}

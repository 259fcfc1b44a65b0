import { useMemo } from 'react';
import { entitiesOf, summarize, useOffice } from '../state/office';

export function StatusBar() {
  const entities = useOffice((s) => s.entities);
  const ready = useOffice((s) => s.ready);
  const info = useOffice((s) => s.info);
  const bridgeError = useOffice((s) => s.bridgeError);
  const status = useMemo(() => summarize(entitiesOf(entities, 'device')), [entities]);
  const tone = bridgeError ? 'bad' : !ready || status.total === 0 ? 'idle' : status.online === status.total ? 'good' : 'warn';
  return (
    <footer className={`status-bar tone-${tone}`} aria-label="Status">
      <span className="status-dot" aria-hidden="true" />
      <span data-testid="status-summary" aria-live="polite">
        {bridgeError ?? (ready ? status.summary : 'Connecting to Frontdesk…')}
      </span>
      <span className="status-spacer" />
      {info?.demo ? <span className="badge">Demo office</span> : null}
      {info ? (
        <span className="status-meta">
          Frontdesk {info.version} · {info.mode}
        </span>
      ) : null}
    </footer>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { entitiesOf, useOffice } from '../../state/office';
import { DialPad } from './DialPad';
import { useLiveLines, useNow } from './hooks';
import { PhoneLines } from './PhoneLines';
import { RecentCalls } from './RecentCalls';
import './calls.css';

export function CallsView() {
  const { t } = useTranslation('calls');
  const now = useNow();
  const { groups, real, calls } = useLiveLines(now);
  const entities = useOffice((s) => s.entities);
  const deviceNames = useMemo(() => new Map(entitiesOf(entities, 'device').map((d) => [d.id, d.name])), [entities]);
  return (
    <section className="section calls-view" aria-labelledby="calls-title">
      <div className="section-header">
        <h1 id="calls-title">{t('title')}</h1>
      </div>
      <div className="calls-layout">
        <div className="calls-main">
          <h2 className="sr-only">{t('phones.title')}</h2>
          <PhoneLines groups={groups} real={real} calls={calls} now={now} />
          <RecentCalls live={calls} deviceNames={deviceNames} />
        </div>
        <div className="calls-side">
          <DialPad />
        </div>
      </div>
    </section>
  );
}

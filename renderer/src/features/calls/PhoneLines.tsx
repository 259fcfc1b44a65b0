import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallEntity, LineEntity } from '../../../../shared/office';
import { CallButtons } from './CallButtons';
import { useCallControl } from './controlStore';
import { callerName, displayNumber } from './format';
import { formatDuration, timerStart, type PhoneGroup } from './logic';

/** Every line of every phone, grouped by phone. */
export function PhoneLines(props: { groups: PhoneGroup[]; real: Map<string, LineEntity>; calls: CallEntity[]; now: number }) {
  const { t } = useTranslation('calls');
  if (props.groups.length === 0) return <p className="muted">{t('phones.none')}</p>;
  return (
    <div className="phone-list">
      {props.groups.map((g) => (
        <PhoneCard key={g.deviceId} group={g} {...props} />
      ))}
    </div>
  );
}

function PhoneCard({ group, real, calls, now }: { group: PhoneGroup; real: Map<string, LineEntity>; calls: CallEntity[]; now: number }) {
  const { t } = useTranslation('calls');
  const { t: tc } = useTranslation('common');
  const headingId = useId();
  const health = group.device?.health ?? 'unknown';
  const active = group.lines.filter((l) => l.state !== 'idle').length;
  return (
    <section className={`phone-card card health-is-${health}`} aria-labelledby={headingId} data-testid={`phone-${group.deviceId}`}>
      <header className="phone-head">
        <h3 id={headingId}>{group.name}</h3>
        <span className="spacer" />
        {active > 0 && <span className="badge badge-accent">{t('phones.active', { count: active })}</span>}
        {health !== 'online' && <span className={`health health-${health} small`}>{tc(`health.${health}`)}</span>}
      </header>
      {group.device?.problem && health !== 'online' && <p className="phone-problem small">{group.device.problem}</p>}
      {group.lines.length === 0 ? (
        <p className="muted small">{t('phones.noLines')}</p>
      ) : (
        <ul className="line-list">
          {group.lines.map((l) => (
            <LineRow key={l.line} line={l} real={real.get(`${l.deviceId}/${l.line}`) ?? l} phone={group.name} calls={calls} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function LineRow({ line, real, phone, calls, now }: { line: LineEntity; real: LineEntity; phone: string; calls: CallEntity[]; now: number }) {
  const { t } = useTranslation('calls');
  const descId = useId();
  const busy = useCallControl((s) => s.pending[`${line.deviceId}/${line.line}`]?.inFlight ?? false);
  const idle = line.state === 'idle';
  const name = callerName(line, t('withheld'));
  const number = displayNumber(line.remoteNumber);
  const stateWord = t(`state.${line.state}`);
  const elapsed = formatDuration(now - Date.parse(timerStart(line, calls)));
  return (
    <li className={`line-row line-${line.state}${busy ? ' line-busy' : ''}`} aria-busy={busy || undefined} data-testid={`line-${line.deviceId}-${line.line}`}>
      <span className={`line-dot line-dot-${line.state}`} aria-hidden="true" />
      <span className="line-no">{t('line.label', { line: line.line })}</span>
      {idle ? (
        <span className="line-state muted">{stateWord}</span>
      ) : (
        <>
          <span className="line-who">
            <span className="line-name">{name}</span>
            {line.remoteCompany && <span className="line-company muted small">{line.remoteCompany}</span>}
            {number && number !== name && <span className="line-number mono small">{number}</span>}
          </span>
          <span className="line-state">
            <span className="line-state-word">{stateWord}</span>{' '}
            <span className="line-timer num" role="timer" aria-label={t('line.timer', { state: stateWord, duration: elapsed })}>
              {elapsed}
            </span>
          </span>
        </>
      )}
      <span id={descId} className="sr-only">
        {idle ? t('line.describeIdle', { phone, line: line.line }) : t('line.describe', { phone, line: line.line, caller: name })}
      </span>
      <CallButtons shown={line} real={real} describedBy={descId} busy={busy} />
    </li>
  );
}

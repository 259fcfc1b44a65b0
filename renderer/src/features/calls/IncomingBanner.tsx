/** The incoming-call banner, shown over every section while a line rings, plus refused call commands. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { LineEntity } from '../../../../shared/office';
import { CallButtons } from './CallButtons';
import { useCallControl } from './controlStore';
import { useLiveLines, useNow } from './hooks';
import { errorCurrent, formatDuration, ringingLines, type ControlError } from './logic';
import { callerName, displayNumber } from './format';
import './calls.css';

const MAX_BANNERS = 3;

export function IncomingBanner() {
  const { t } = useTranslation('calls');
  const now = useNow();
  const { groups, real } = useLiveLines(now);
  const pending = useCallControl((s) => s.pending);
  const errors = useCallControl((s) => s.errors);
  const phoneName = new Map(groups.map((g) => [g.deviceId, g.name]));
  const ringing = ringingLines(groups.flatMap((g) => g.lines));
  const shown = ringing.slice(0, MAX_BANNERS);
  const current = Object.values(errors).filter((e) => errorCurrent(e, real.get(`${e.deviceId}/${e.line}`)));
  const first = ringing[0];
  const announcement = first
    ? t('banner.announce', { caller: callerName(first, t('withheld')), phone: phoneName.get(first.deviceId) ?? first.deviceId, line: first.line })
    : '';

  return (
    <>
      <div className="sr-only" aria-live="assertive" aria-atomic="true">
        {announcement}
      </div>
      {(shown.length > 0 || current.length > 0) && (
        <div className="incoming-stack" role="region" aria-label={t('banner.region')}>
          {current.map((e) => (
            <ErrorNote key={`${e.deviceId}/${e.line}`} error={e} />
          ))}
          {shown.map((l) => (
            <Banner
              key={`${l.deviceId}/${l.line}`}
              line={l}
              real={real.get(`${l.deviceId}/${l.line}`) ?? l}
              phone={phoneName.get(l.deviceId) ?? l.deviceId}
              now={now}
              busy={pending[`${l.deviceId}/${l.line}`]?.inFlight ?? false}
            />
          ))}
          {ringing.length > shown.length && <p className="incoming-more">{t('banner.more', { count: ringing.length - shown.length })}</p>}
        </div>
      )}
    </>
  );
}

function Banner(props: { line: LineEntity; real: LineEntity; phone: string; now: number; busy: boolean }) {
  const { line, phone, now } = props;
  const { t } = useTranslation('calls');
  const titleId = useId();
  const descId = useId();
  const name = callerName(line, t('withheld'));
  const number = line.remoteNumber ? displayNumber(line.remoteNumber) : '';
  return (
    <article className="incoming-banner" aria-labelledby={titleId}>
      <div className="incoming-pulse" aria-hidden="true" />
      <div className="incoming-main">
        <div className="incoming-kicker">{t('banner.title')}</div>
        <div className="incoming-caller" id={titleId}>
          {name}
        </div>
        <div className="incoming-meta">
          {line.remoteCompany && <span className="incoming-company">{line.remoteCompany}</span>}
          {number && number !== name && <span className="mono incoming-number">{number}</span>}
        </div>
        <div className="incoming-where">
          <span id={descId}>{t('banner.where', { phone, line: line.line })}</span>
          <span className="incoming-timer num" role="timer">
            {' · '}
            {formatDuration(now - Date.parse(line.since))}
          </span>
        </div>
      </div>
      <CallButtons shown={line} real={props.real} describedBy={`${titleId} ${descId}`} large busy={props.busy} />
    </article>
  );
}

function ErrorNote({ error }: { error: ControlError }) {
  const { t } = useTranslation('calls');
  const dispatch = useCallControl((s) => s.dispatch);
  return (
    <div className="alert alert-bad call-error" role="alert">
      <span>{error.message}</span>
      <button type="button" className="btn btn-sm btn-ghost" onClick={() => dispatch({ type: 'dismiss', deviceId: error.deviceId, line: error.line })}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}

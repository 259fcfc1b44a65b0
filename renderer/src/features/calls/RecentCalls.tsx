import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallEntity } from '../../../../shared/office';
import { invoke, subscribe } from '../../bridge/api';
import { placeCall } from './dialStore';
import { errorText } from './errors';
import { displayNumber, shortTime } from './format';
import { callKind, formatSeconds, mergeCalls } from './logic';

const LIMIT = 50;

/** The call history (hub + PBX records) merged with the live call entities; missed calls stand out. */
export function RecentCalls({ live, deviceNames }: { live: CallEntity[]; deviceNames: Map<string, string> }) {
  const { t, i18n } = useTranslation('calls');
  const [history, setHistory] = useState<CallEntity[]>([]);
  const [error, setError] = useState('');
  const [loaded, setLoaded] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  const titleId = useId();

  const load = useCallback(() => {
    invoke('calls.history', { limit: LIMIT })
      .then((h) => {
        setHistory(h);
        setError('');
      })
      .catch((e: unknown) => setError(errorText(e, t('recent.error'))))
      .finally(() => setLoaded(true));
  }, [t]);

  useEffect(() => {
    load();
    // PBX records (CDR) reach the history only: re-read it when a call ends or is missed.
    let timer = 0;
    const later = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 800);
    };
    const offs = [subscribe('call.ended', later), subscribe('call.missed', later)];
    return () => {
      window.clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [load]);

  const calls = useMemo(() => mergeCalls(history, live, LIMIT), [history, live]);
  const missed = calls.filter((c) => c.missed).length;

  // ↑ ↓ move between the rows' Redial buttons.
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button.redial') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    e.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  return (
    <section className="card recent-card" aria-labelledby={titleId}>
      <div className="recent-head">
        <h2 id={titleId} className="card-title">
          {t('recent.title')}
        </h2>
        {missed > 0 && <span className="badge badge-bad">{t('recent.missedCount', { count: missed })}</span>}
        <span className="spacer" />
        <button type="button" className="btn btn-sm btn-ghost" onClick={load}>
          {t('recent.refresh')}
        </button>
      </div>
      {error && (
        <div className="alert alert-bad" role="alert">
          {error}
        </div>
      )}
      {loaded && calls.length === 0 && !error && <p className="muted">{t('recent.empty')}</p>}
      <ul className="recent-list" ref={list} onKeyDown={onKeyDown} data-testid="recent-calls">
        {calls.map((c) => (
          <RecentRow key={c.id} call={c} device={deviceNames.get(c.deviceId) ?? c.deviceId} lang={i18n.language} />
        ))}
      </ul>
    </section>
  );
}

function RecentRow({ call, device, lang }: { call: CallEntity; device: string; lang: string }) {
  const { t } = useTranslation('calls');
  const descId = useId();
  const kind = callKind(call);
  const number = displayNumber(call.number);
  const name = call.contact?.name || call.name || number || t('withheld');
  const company = call.contact?.company;
  return (
    <li className={`recent-row recent-${kind}`} data-testid="recent-call" data-missed={call.missed || undefined}>
      <span className="recent-who" id={descId}>
        <span className="recent-line1">
          <span className="recent-name">{name}</span>
          {company && <span className="recent-company muted small">{company}</span>}
        </span>
        <span className="recent-sub small">
          <span className={`recent-kind kind-${kind}`}>{t(`recent.kind.${kind}`)}</span>
          {number && number !== name && <span className="mono">{number}</span>}
          <span className="muted">{t('recent.via', { device })}</span>
        </span>
      </span>
      <span className="recent-when small num">
        <span>{shortTime(call.startedAt, lang)}</span>
        {call.durationSec !== undefined && call.durationSec > 0 && <span className="muted" title={t('recent.duration', { duration: formatSeconds(call.durationSec) })}>{formatSeconds(call.durationSec)}</span>}
      </span>
      {number && (
        <button type="button" className="btn btn-sm redial" aria-describedby={descId} onClick={() => void placeCall(call.number, 'recent', t('dial.error'))}>
          {t('recent.redial')}
        </button>
      )}
    </li>
  );
}

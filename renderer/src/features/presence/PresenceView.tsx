import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PresenceState } from '../../../../shared/domain';
import type { ExtensionEntity } from '../../../../shared/office';
import { useOffice } from '../../state/office';
import { placeCall } from '../calls/dialStore';
import { DialStatusLine } from '../calls/DialStatusLine';
import { boardMove, presenceCounts, presenceGroups, PRESENCE_STATES } from './logic';
import './presence.css';

const ORIGIN = 'presence';

/** Every extension of every PBX and phone: who is free, busy, ringing or away; click (or Enter) to call. */
export function PresenceView() {
  const { t } = useTranslation('presence');
  const entities = useOffice((s) => s.entities);
  const [query, setQuery] = useState('');
  const [states, setStates] = useState<ReadonlySet<PresenceState>>(new Set());
  const board = useRef<HTMLDivElement>(null);
  const filterId = useId();
  const groups = useMemo(() => presenceGroups(entities, query, states), [entities, query, states]);
  const counts = useMemo(() => presenceCounts(entities), [entities]);
  const total = PRESENCE_STATES.reduce((n, s) => n + counts[s], 0);
  const shown = groups.reduce((n, g) => n + g.extensions.length, 0);

  const toggle = (s: PresenceState): void =>
    setStates((cur) => {
      const next = new Set(cur);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });

  const tiles = (): HTMLButtonElement[] => [...(board.current?.querySelectorAll<HTMLButtonElement>('button.presence-tile') ?? [])];

  const onBoardKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const all = tiles();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const boxes = all.map((b) => ({ top: b.offsetTop, left: b.offsetLeft, width: b.offsetWidth }));
    const next = boardMove(e.key, i, boxes);
    if (next === null) return;
    e.preventDefault();
    all[next]?.focus();
  };

  return (
    <section className="section presence-view" aria-labelledby="presence-title">
      <div className="section-header">
        <h1 id="presence-title">{t('title')}</h1>
      </div>
      <div className="toolbar presence-toolbar">
        <label htmlFor={filterId} className="sr-only">
          {t('filter.label')}
        </label>
        <input
          id={filterId}
          data-search=""
          type="search"
          className="presence-filter"
          placeholder={t('filter.placeholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.preventDefault();
              setQuery('');
            } else if (e.key === 'ArrowDown' || (e.key === 'Enter' && shown > 0)) {
              e.preventDefault();
              tiles()[0]?.focus();
            }
          }}
        />
        <div className="presence-chips" role="group" aria-label={t('filter.states')}>
          {PRESENCE_STATES.filter((s) => counts[s] > 0 || states.has(s)).map((s) => (
            <button key={s} type="button" className={`btn btn-sm presence-chip chip-${s}`} aria-pressed={states.has(s)} onClick={() => toggle(s)}>
              <span className={`presence-dot dot-${s}`} aria-hidden="true" />
              {t(`state.${s}`)} <span className="num muted">{counts[s]}</span>
            </button>
          ))}
        </div>
      </div>
      <div className="presence-status">
        <p className="muted small presence-summary" aria-live="polite">
          {query || states.size > 0 ? t('summary.filtered', { shown, total }) : t('summary.all', { count: total })}
        </p>
        <DialStatusLine origins={[ORIGIN]} testId="presence-dial-status" />
      </div>
      {total === 0 && <p className="empty-state">{t('empty')}</p>}
      {total > 0 && shown === 0 && <p className="muted">{t('noMatch')}</p>}
      <div className="presence-board" ref={board} onKeyDown={onBoardKey}>
        {groups.map((g) => (
          <section key={g.sourceId} className="presence-group" aria-labelledby={`presence-src-${g.sourceId}`}>
            <h2 id={`presence-src-${g.sourceId}`} className="presence-source">
              {g.sourceName} <span className="muted small num">{g.extensions.length}</span>
            </h2>
            <div className="presence-grid">
              {g.extensions.map((x) => (
                <Tile key={x.extension} ext={x} />
              ))}
            </div>
          </section>
        ))}
      </div>
      <p className="small faint presence-help">{t('help')}</p>
    </section>
  );
}

function Tile({ ext }: { ext: ExtensionEntity }) {
  const { t } = useTranslation('presence');
  const state = t(`state.${ext.state}`);
  return (
    <button
      type="button"
      className={`presence-tile tile-${ext.state}`}
      data-testid={`ext-${ext.sourceId}-${ext.extension}`}
      data-state={ext.state}
      aria-label={t('tile.label', { name: ext.name || ext.extension, extension: ext.extension, state })}
      title={t(`explain.${ext.state}`)}
      onClick={() => void placeCall(ext.extension, ORIGIN, t('error.dial'))}
    >
      <span className="tile-top">
        <span className={`presence-dot dot-${ext.state}`} aria-hidden="true" />
        <span className="tile-state">{state}</span>
        <span className="tile-ext num">{ext.extension}</span>
      </span>
      <span className="tile-name">{ext.name || ext.extension}</span>
    </button>
  );
}

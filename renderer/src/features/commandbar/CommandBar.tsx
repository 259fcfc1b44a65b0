/**
 * The command bar (`#/commandbar`): a number or a name, the arrows to pick, Enter dials through the
 * configured route, Esc closes. Opened by the Dial hotkey (pre-filled with a number from the
 * clipboard or selection) and, with `confirm=1`, by tel:/callto:/sip: links as the confirmation
 * bar showing the normalised number. In Electron it is its own small window; closing only hides it.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import { invoke } from '../../bridge/api';
import { choicesFor, dialChoice, moveSelection, parseCommandBarHash, type Choice, type CommandBarRoute } from './model';
import './commandbar.css';

type Status = { kind: 'idle' } | { kind: 'dialling'; number: string } | { kind: 'done'; text: string } | { kind: 'error'; text: string };
type Hits = InvokeOutput<'contacts.search'>;

const CLOSE_AFTER_DIAL_MS = 1500;

function closeBar(): void {
  // Electron hides the window (the shell keeps it for the next hotkey); a browser tab ignores it.
  window.close();
}

function useRoute(): CommandBarRoute {
  const [route, setRoute] = useState(() => parseCommandBarHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseCommandBarHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

function useSearch(query: string): { hits: Hits; searching: boolean; error: string | null } {
  const [state, setState] = useState<{ hits: Hits; searching: boolean; error: string | null }>({ hits: [], searching: false, error: null });
  const seq = useRef(0);
  useEffect(() => {
    const q = query.trim();
    const id = ++seq.current;
    if (q === '') {
      setState({ hits: [], searching: false, error: null });
      return;
    }
    setState((s) => ({ ...s, searching: true }));
    const timer = setTimeout(() => {
      invoke('contacts.search', { query: q.slice(0, 100), limit: 8 })
        .then((hits) => id === seq.current && setState({ hits, searching: false, error: null }))
        .catch((e: unknown) => id === seq.current && setState({ hits: [], searching: false, error: e instanceof Error ? e.message : String(e) }));
    }, 120);
    return () => clearTimeout(timer);
  }, [query]);
  return state;
}

export function CommandBar() {
  const { t } = useTranslation('commandbar');
  const route = useRoute();
  const [query, setQuery] = useState(route.number);
  const [selected, setSelected] = useState(0);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const callButton = useRef<HTMLButtonElement>(null);
  const { hits, searching, error } = useSearch(route.confirm ? '' : query);
  const choices = route.confirm ? [{ kind: 'number' as const, number: route.number }] : choicesFor(query, hits);

  // A new hotkey press or link re-opens the bar with a new route: start over.
  useEffect(() => {
    setQuery(route.number);
    setSelected(0);
    setStatus({ kind: 'idle' });
    (route.confirm ? callButton.current : input.current)?.focus();
    input.current?.select();
  }, [route]);

  useEffect(() => setSelected(0), [query]);

  const dial = useCallback(async (choice: Choice | undefined) => {
    if (!choice) return;
    setStatus({ kind: 'dialling', number: choice.number });
    const r = await dialChoice(choice, (i) => invoke('calls.dial', i));
    if (r.ok) {
      setStatus({ kind: 'done', text: t('dialled', { number: r.dialled, from: r.from }) });
      setTimeout(closeBar, CLOSE_AFTER_DIAL_MS);
    } else setStatus({ kind: 'error', text: r.message });
  }, [t]);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      closeBar();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setSelected((i) => moveSelection(i, choices.length, e.key as 'ArrowDown' | 'ArrowUp'));
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      // On a button, Enter presses that button (Call or Cancel); elsewhere it dials the selection.
      e.preventDefault();
      if (status.kind !== 'dialling') void dial(choices[selected]);
    }
  };

  const optionId = (i: number) => `commandbar-choice-${i}`;
  const busy = status.kind === 'dialling';

  return (
    <div className="commandbar" onKeyDown={onKey}>
      {route.confirm ? (
        <section className="commandbar-confirm" aria-labelledby="commandbar-confirm-title">
          <h1 id="commandbar-confirm-title">{t('confirmTitle')}</h1>
          <p className="commandbar-number" data-testid="commandbar-number">{route.number}</p>
          <p className="commandbar-hint">{route.dial && route.dial !== route.number ? t('confirmDial', { dial: route.dial }) : t('confirmHint')}</p>
          <div className="commandbar-buttons">
            <button type="button" ref={callButton} className="primary" disabled={busy || route.number === ''} onClick={() => void dial(choices[0])}>
              {t('call')}
            </button>
            <button type="button" onClick={closeBar}>
              {t('cancel')}
            </button>
          </div>
        </section>
      ) : (
        <>
          <input
            ref={input}
            className="commandbar-input"
            type="text"
            role="combobox"
            aria-label={t('label')}
            aria-expanded={choices.length > 0}
            aria-controls="commandbar-choices"
            aria-activedescendant={choices.length > 0 ? optionId(selected) : undefined}
            aria-autocomplete="list"
            placeholder={t('placeholder')}
            autoFocus
            spellCheck={false}
            autoComplete="off"
            maxLength={100}
            value={query}
            disabled={busy}
            onChange={(e) => setQuery(e.target.value)}
          />
          <ul id="commandbar-choices" className="commandbar-choices" role="listbox" aria-label={t('choices')}>
            {choices.map((c, i) => (
              <li
                key={c.kind === 'number' ? `n|${c.number}` : `${c.key}|${c.number}`}
                id={optionId(i)}
                role="option"
                aria-selected={i === selected}
                className={i === selected ? 'selected' : undefined}
                onMouseEnter={() => setSelected(i)}
                onClick={() => void dial(c)}
              >
                {c.kind === 'number' ? (
                  <span className="commandbar-name">{t('callNumber', { number: c.number })}</span>
                ) : (
                  <>
                    <span className="commandbar-name">
                      {c.name}
                      {c.company ? <span className="commandbar-company"> · {c.company}</span> : null}
                    </span>
                    <span className="commandbar-detail">
                      {t(`type.${c.type}`, { defaultValue: c.type })} {c.number}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ul>
          {query.trim() !== '' && choices.length === 0 && !searching ? <p className="commandbar-hint">{error ? t('searchFailed', { message: error }) : t('noMatch')}</p> : null}
        </>
      )}
      <p className={`commandbar-status ${status.kind}`} role="status" aria-live="polite">
        {status.kind === 'dialling' ? t('dialling', { number: status.number }) : status.kind === 'idle' ? (route.confirm ? '' : t('hint')) : status.text}
      </p>
    </div>
  );
}

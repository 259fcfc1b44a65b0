import { useEffect, useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../bridge/api';
import { cleanPasted, dialOptions, isNumberInput, moveActive, type DialOption } from './dialing';
import { placeCall } from './dialStore';
import { DialStatusLine } from './DialStatusLine';
import { RouteHint } from './RouteHint';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const ORIGIN = 'dialpad';

/**
 * The number field: type or paste a number and press Enter to call; type a name and the contacts
 * answer with their numbers (↑ ↓ pick, Enter calls, Esc closes, Esc again clears).
 */
export function DialPad() {
  const { t } = useTranslation('calls');
  const inputId = useId();
  const listId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [options, setOptions] = useState<DialOption[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [searched, setSearched] = useState('');
  const [searchError, setSearchError] = useState('');
  const seq = useRef(0);
  const query = text.trim();
  const numeric = isNumberInput(query);

  useEffect(() => {
    const mine = ++seq.current;
    // Names from 2 letters; numbers from 3 digits (to show whose number it is).
    const enough = numeric ? query.replace(/\D/g, '').length >= 3 : query.length >= 2;
    if (!enough) {
      setOptions([]);
      setActive(-1);
      setSearched('');
      return;
    }
    invoke('contacts.search', { query: query.slice(0, 100), limit: 20 })
      .then((hits) => {
        if (mine !== seq.current) return;
        const opts = dialOptions(hits);
        setOptions(opts);
        setActive(numeric || opts.length === 0 ? -1 : 0);
        setSearched(query);
        setSearchError('');
        setOpen(true);
      })
      .catch((e: unknown) => {
        if (mine !== seq.current) return;
        setOptions([]);
        setSearchError(e instanceof Error ? e.message : String(e));
      });
  }, [query, numeric]);

  const dial = async (number: string): Promise<void> => {
    setOpen(false);
    const status = await placeCall(number, ORIGIN, t('dial.error'));
    if (status.kind === 'placed') {
      setText('');
      input.current?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const listShown = open && options.length > 0;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (options.length === 0) return;
      e.preventDefault();
      setOpen(true);
      setActive((a) => moveActive(listShown ? a : -1, options.length, e.key as 'ArrowDown' | 'ArrowUp'));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const picked = listShown && active >= 0 ? options[active] : undefined;
      if (picked) void dial(picked.number);
      else if (numeric) void dial(query);
      else if (query) void dial(query); // the hub answers "not a number: search the contacts" in plain words
    } else if (e.key === 'Escape') {
      if (listShown) {
        e.preventDefault();
        setOpen(false);
      } else if (text) {
        e.preventDefault();
        setText('');
      }
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>): void => {
    const pasted = e.clipboardData.getData('text');
    const el = e.currentTarget;
    // Only a whole-field paste is cleaned; pasting into the middle of typed text stays as pasted.
    if (el.selectionStart === 0 && el.selectionEnd === el.value.length) {
      e.preventDefault();
      setText(cleanPasted(pasted));
      setOpen(true);
    }
  };

  const listShown = open && query.length > 0 && (options.length > 0 || (searched === query && !numeric));
  const activeOption = listShown && active >= 0 ? options[active] : undefined;

  return (
    <section className="card dial-card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`} className="card-title">
        {t('dial.title')}
      </h2>
      <label htmlFor={inputId} className="field-label">
        {t('dial.label')}
      </label>
      <div className="dial-row">
        <div className="dial-combo">
          <input
            id={inputId}
            ref={input}
            data-search=""
            className="dial-input"
            type="text"
            inputMode="tel"
            autoComplete="off"
            spellCheck={false}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={listShown}
            aria-controls={listShown ? listId : undefined}
            aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
            aria-describedby={hintId}
            placeholder={t('dial.placeholder')}
            value={text}
            maxLength={80}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => setOpen(false)}
          />
          {listShown && (
            <ul id={listId} role="listbox" className="dial-options" aria-label={t('dial.options')}>
              {options.length === 0 && (
                <li className="dial-none muted" role="presentation">
                  {t('dial.noMatch', { query })}
                </li>
              )}
              {options.map((o, i) => (
                <li
                  key={o.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'dial-option active' : 'dial-option'}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => setActive(i)}
                  onClick={() => void dial(o.number)}
                >
                  <span className="dial-option-name">
                    {o.name}
                    {o.company && <span className="muted"> · {o.company}</span>}
                  </span>
                  <span className="dial-option-number">
                    <span className="muted small">{t(`numberType.${o.type}`)}</span> <span className="mono">{o.number}</span>
                    <span className="dial-option-source faint small">{o.source}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <button type="button" className="btn btn-primary" disabled={!query} onClick={() => void dial(activeOption?.number ?? query)}>
          {t('dial.call')}
        </button>
      </div>
      <p id={hintId} className="field-help">
        {t('dial.hint')}
      </p>
      {searchError && <p className="field-error">{searchError}</p>}
      <div className="keypad" role="group" aria-label={t('dial.keypad')}>
        {KEYS.map((k) => (
          <button key={k} type="button" className="btn keypad-key" onClick={() => setText((s) => s + k)}>
            {k}
          </button>
        ))}
      </div>
      <DialStatusLine origins={[ORIGIN, 'recent']} testId="dial-status" />
      <RouteHint />
    </section>
  );
}

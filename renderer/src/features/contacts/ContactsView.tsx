/**
 * Contacts: search as you type over every source, a virtualised result list, details with one call
 * button per number, and add / edit / delete / import / export on writable devices.
 * Keyboard: `/` focuses the search (wired by the frame through `data-search`), arrows move in the
 * list, Enter dials the highlighted contact's first number, Esc clears the search.
 */
import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../bridge/api';
import { ContactDetails } from './ContactDetails';
import { ContactForm } from './ContactForm';
import { ContactList } from './ContactList';
import { type Hit, type IndexedContact, SEARCH_LIMIT, defaultTarget, errorText, useContactSearch, useContactSources } from './data';
import { DeleteDialog } from './DeleteDialog';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import './contacts.css';

type Dialog = { kind: 'add' } | { kind: 'edit'; contact: IndexedContact } | { kind: 'delete'; contact: IndexedContact } | { kind: 'import' } | { kind: 'export' } | null;
type Notice = { tone: 'good' | 'bad' | 'info'; text: string } | null;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

export function ContactsView() {
  const { t } = useTranslation('contacts');
  const [query, setQuery] = useState('');
  const search = useContactSearch(query);
  const sources = useContactSources();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [dialling, setDialling] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const timers = useRef<number[]>([]);
  const { rerun } = search;
  // What this window just wrote, shown over the index's answers until the query changes: the index
  // re-reads the device a moment after a write, and an edited name may no longer match the query.
  const [overlay, setOverlay] = useState<{ query: string; saved?: Hit; deleted?: string } | null>(null);
  const hits = useMemo(() => {
    if (!overlay || overlay.query !== query) return search.hits;
    let list = overlay.deleted ? search.hits.filter((h) => h.contact.key !== overlay.deleted) : search.hits;
    const saved = overlay.saved;
    if (saved) list = list.some((h) => h.contact.key === saved.contact.key) ? list.map((h) => (h.contact.key === saved.contact.key ? saved : h)) : [saved, ...list];
    return list;
  }, [search.hits, overlay, query]);

  // The highlighted contact, by key: it stays highlighted while answers change under it; typing
  // highlights the first hit again.
  const [selKey, setSelKey] = useState<string | null>(null);
  const found = selKey ? hits.findIndex((h) => h.contact.key === selKey) : -1;
  const active = found >= 0 ? found : 0;
  const current = hits[active]?.contact;
  const setActive = useCallback((i: number) => setSelKey(hits[i]?.contact.key ?? null), [hits]);
  const changeQuery = useCallback((value: string) => {
    setQuery(value);
    setSelKey(null);
  }, []);

  useEffect(() => () => timers.current.forEach((x) => clearTimeout(x)), []);
  /** The index re-reads the device after a write: look again shortly. */
  const refreshSoon = useCallback(() => {
    for (const ms of [700, 2500]) timers.current.push(window.setTimeout(() => (rerun(), sources.reload()), ms));
  }, [rerun, sources]);

  const dial = useCallback(
    async (number: string, name: string) => {
      setDialling(number);
      setNotice({ tone: 'info', text: t('dial.pending', { number, name }) });
      try {
        const r = await invoke('calls.dial', { number });
        setNotice({ tone: 'good', text: t('dial.done', { number: r.dialled, name, device: r.route.deviceName }) });
      } catch (e) {
        setNotice({ tone: 'bad', text: t('dial.failed', { number, message: errorText(e) }) });
      } finally {
        setDialling(null);
      }
    },
    [t],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const n = hits.length;
    const move = (to: number) => {
      e.preventDefault();
      if (n > 0) setActive(Math.max(0, Math.min(n - 1, to)));
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(active + 10);
    else if (e.key === 'PageUp') move(active - 10);
    else if ((e.key === 'Home' || e.key === 'End') && e.currentTarget !== input.current) move(e.key === 'Home' ? 0 : n - 1);
    else if (e.key === 'Enter') {
      e.preventDefault();
      const first = current?.numbers[0];
      if (current && first && dialling === null) void dial(first.number, current.name);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      changeQuery('');
      input.current?.focus();
    }
  };

  const targets = sources.targets;
  const canEdit = (c: IndexedContact) => c.writable && targets.some((x) => x.id === c.sourceId);
  const q = query.trim();
  const showBrowse = q === '';
  const stale = !showBrowse && search.query !== q.slice(0, 100);
  const totalContacts = useMemo(() => sources.sources.reduce((s, x) => s + x.count, 0), [sources.sources]);

  return (
    <section className="ct-view" aria-labelledby="ct-title">
      <header className="section-header ct-header">
        <h1 id="ct-title">{t('title')}</h1>
        <div className="row">
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'add' })} disabled={targets.length === 0}>
            {t('action.add')}
          </button>
          <button type="button" className="btn" onClick={() => setDialog({ kind: 'import' })} disabled={targets.length === 0}>
            {t('action.import')}
          </button>
          <button type="button" className="btn" onClick={() => (sources.reload(), setDialog({ kind: 'export' }))} disabled={totalContacts === 0}>
            {t('action.export')}
          </button>
        </div>
      </header>
      <div className="ct-search">
        <input
          ref={input}
          data-search
          type="search"
          className="ct-search-input"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => changeQuery(e.target.value)}
          onKeyDown={onKeyDown}
          aria-controls={listId}
          aria-activedescendant={!showBrowse && hits.length > 0 ? `${listId}-opt-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          autoFocus
        />
        <span className="ct-count" aria-live="polite">
          {showBrowse ? t('search.total', { count: totalContacts }) : stale ? t('search.searching') : t('search.count', { count: hits.length, more: search.hits.length >= SEARCH_LIMIT ? '+' : '' })}
        </span>
      </div>
      {notice ? (
        <div className={`alert ct-notice alert-${notice.tone}`} role={notice.tone === 'bad' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" className="btn btn-ghost btn-sm" aria-label={t('notice.dismiss')} onClick={() => setNotice(null)}>
            ✕
          </button>
        </div>
      ) : null}
      {search.error ? (
        <div className="alert alert-bad ct-notice" role="alert">
          {search.error}
        </div>
      ) : null}
      {sources.error ? (
        <div className="alert alert-bad ct-notice" role="alert">
          {sources.error}
        </div>
      ) : null}
      <div className="ct-body">
        {showBrowse ? (
          <Browse sources={sources.sources} onLetter={(l) => (changeQuery(l), input.current?.focus())} />
        ) : hits.length === 0 && !stale ? (
          <div className="ct-empty" role="status">
            {t('search.none', { query: q })}
          </div>
        ) : (
          <ContactList id={listId} hits={hits} active={active} onActive={setActive} onOpen={(i) => setActive(i)} onKeyDown={onKeyDown} />
        )}
        <aside className="ct-side" aria-label={t('details.label')}>
          {!showBrowse && current ? (
            <ContactDetails
              contact={current}
              dialling={dialling}
              onDial={(n) => void dial(n, current.name)}
              onEdit={() => setDialog({ kind: 'edit', contact: current })}
              onDelete={() => setDialog({ kind: 'delete', contact: current })}
              canEdit={canEdit(current)}
            />
          ) : (
            <p className="ct-muted ct-side-hint">{t('details.hint')}</p>
          )}
        </aside>
      </div>
      {dialog?.kind === 'add' || dialog?.kind === 'edit' ? (
        <ContactForm
          {...(dialog.kind === 'edit' ? { contact: dialog.contact } : {})}
          targets={targets}
          target={defaultTarget(sources)}
          onClose={() => setDialog(null)}
          onSaved={(saved, droppedFields) => {
            setDialog(null);
            const shownQuery = q ? query : saved.name;
            if (!q) setQuery(saved.name);
            setOverlay({ query: shownQuery, saved: { contact: saved, matched: 'name' } });
            setSelKey(saved.key);
            const kept = droppedFields.length > 0 ? ` ${t('saved.dropped', { fields: droppedFields.map((f) => t(`field.${f}`)).join(', ') })}` : '';
            setNotice({ tone: droppedFields.length > 0 ? 'info' : 'good', text: t('saved.done', { name: saved.name, device: saved.sourceLabel }) + kept });
            refreshSoon();
          }}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <DeleteDialog
          contact={dialog.contact}
          onClose={() => setDialog(null)}
          onDeleted={(c) => {
            setDialog(null);
            setOverlay({ query, deleted: c.key });
            setNotice({ tone: 'good', text: t('deleted', { name: c.name, device: c.sourceLabel }) });
            refreshSoon();
            input.current?.focus();
          }}
        />
      ) : null}
      {dialog?.kind === 'import' ? (
        <ImportDialog
          targets={targets}
          target={defaultTarget(sources)}
          onClose={(imported) => {
            setDialog(null);
            if (imported > 0) refreshSoon();
          }}
        />
      ) : null}
      {dialog?.kind === 'export' ? <ExportDialog sources={sources.sources} initialSource={current?.sourceId} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}

function Browse(props: { sources: { id: string; label: string; count: number; writable: boolean }[]; onLetter(l: string): void }) {
  const { t } = useTranslation('contacts');
  return (
    <div className="ct-browse">
      <p className="ct-hint">{t('browse.hint')}</p>
      <nav aria-label={t('browse.letters')} className="ct-letters">
        {LETTERS.map((l) => (
          <button key={l} type="button" className="ct-letter" aria-label={t('browse.letter', { letter: l })} onClick={() => props.onLetter(l.toLowerCase())}>
            {l}
          </button>
        ))}
      </nav>
      <h2 className="ct-subtitle">{t('browse.sources')}</h2>
      <ul className="ct-sources">
        {props.sources.map((s) => (
          <li key={s.id}>
            <span className="ct-source-label">{s.label}</span>
            <span className="ct-source-count">{t('browse.count', { count: s.count })}</span>
            {s.writable ? <span className="badge badge-muted">{t('browse.writable')}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}


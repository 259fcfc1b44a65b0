/** Contact search as you type, the sources, and the devices a contact can be written to. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import { IpcCallError, invoke } from '../../bridge/api';

export type Hit = InvokeOutput<'contacts.search'>[number];
export type IndexedContact = Hit['contact'];
export type Source = InvokeOutput<'contacts.sources'>[number];

/** How many hits one search asks for: a screenful many times over, small enough to cross the bridge on every keystroke (the list is virtualised). */
export const SEARCH_LIMIT = 200;

export function errorText(e: unknown): string {
  if (e instanceof IpcCallError) return e.error.message;
  return e instanceof Error ? e.message : String(e);
}

export interface SearchState {
  /** The query these hits answer (trimmed). */
  query: string;
  hits: Hit[];
  error: string | null;
}

/**
 * Searches on every keystroke (the index answers in well under a frame), keeping the previous hits on
 * screen until the new ones arrive; answers to older queries are dropped.
 */
export function useContactSearch(query: string) {
  const [state, setState] = useState<SearchState>({ query: '', hits: [], error: null });
  const [version, setVersion] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const q = query.trim().slice(0, 100);
    const my = ++seq.current;
    if (q === '') {
      setState({ query: '', hits: [], error: null });
      return;
    }
    invoke('contacts.search', { query: q, limit: SEARCH_LIMIT })
      .then((hits) => {
        if (my === seq.current) setState({ query: q, hits, error: null });
      })
      .catch((e: unknown) => {
        if (my === seq.current) setState((s) => ({ ...s, query: q, error: errorText(e) }));
      });
  }, [query, version]);
  const rerun = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, rerun };
}

export interface WriteTarget {
  id: string;
  label: string;
  kind: string;
}

export interface SourcesState {
  sources: Source[];
  /** Devices whose contacts can be written, in the configured order. */
  targets: WriteTarget[];
  /** The device calls go out from (settings), when it is a target. */
  preferred?: string;
  error: string | null;
  reload(): void;
}

export function useContactSources(): SourcesState {
  const [sources, setSources] = useState<Source[]>([]);
  const [targets, setTargets] = useState<WriteTarget[]>([]);
  const [preferred, setPreferred] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([invoke('contacts.sources'), invoke('devices.list'), invoke('settings.get').catch(() => undefined)])
      .then(([src, devices, settings]) => {
        if (!live) return;
        const writable = new Map(src.filter((s) => s.writable).map((s) => [s.id, s]));
        setSources(src);
        setTargets(
          devices
            .filter((d) => writable.has(d.config.id) && d.config.enabled !== false)
            .map((d) => ({ id: d.config.id, label: writable.get(d.config.id)?.label ?? d.config.name, kind: d.config.kind })),
        );
        setPreferred(settings?.dialRoute?.deviceId);
        setError(null);
      })
      .catch((e: unknown) => {
        if (live) setError(errorText(e));
      });
    return () => {
      live = false;
    };
  }, [version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { sources, targets, preferred, error, reload };
}

const TARGET_KEY = 'frontdesk.contacts.target';

/** The device new contacts go to: the last one chosen, else the calling device, else the first. */
export function defaultTarget(s: Pick<SourcesState, 'targets' | 'preferred'>): string | undefined {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(TARGET_KEY);
  } catch {
    // no storage: fall through
  }
  for (const id of [saved, s.preferred]) if (id && s.targets.some((t) => t.id === id)) return id;
  return s.targets[0]?.id;
}

export function rememberTarget(id: string): void {
  try {
    localStorage.setItem(TARGET_KEY, id);
  } catch {
    // not remembered: harmless
  }
}

/** A file download from text (Blob + object URL); works in Electron and in the web harness. */
export function download(fileName: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  downloadUrl(fileName, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadUrl(fileName: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** A file name without characters file systems refuse. */
export function safeFileName(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').trim().slice(0, 80) || 'contacts';
}

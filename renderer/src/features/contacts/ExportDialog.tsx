/**
 * Export the contacts of one source (or all) as a Grandstream XML phonebook, vCard 3.0/4.0 or CSV:
 * list them (with progress), write the file and hand it over as a download.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../bridge/api';
import { collectContacts } from './collect';
import { type IndexedContact, type Source, download, errorText, safeFileName } from './data';
import { EXPORT_FORMATS, type ExportFormat, writeContacts } from './formats';
import type { ExportContact } from './formats/model';
import { Modal } from './Modal';

const ALL = '*';

type Step = { kind: 'choose' } | { kind: 'running'; found: number; expected: number } | { kind: 'done'; count: number; expected: number; fileName: string; incomplete: boolean } | { kind: 'failed'; message: string };

function toExport(c: IndexedContact): ExportContact {
  const out: ExportContact = { name: c.name, numbers: c.numbers };
  if (c.firstName) out.firstName = c.firstName;
  if (c.lastName) out.lastName = c.lastName;
  if (c.company) out.company = c.company;
  if (c.email) out.email = c.email;
  return out;
}

export function ExportDialog(props: { sources: Source[]; initialSource?: string; onClose(): void }) {
  const { t } = useTranslation('contacts');
  const [source, setSource] = useState(props.initialSource && props.sources.some((s) => s.id === props.initialSource) ? props.initialSource : ALL);
  const [format, setFormat] = useState<ExportFormat>('xml');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const abort = useRef<AbortController | null>(null);
  const total = props.sources.reduce((n, s) => n + s.count, 0);
  const chosen = props.sources.find((s) => s.id === source);

  const run = async () => {
    const expected = chosen ? chosen.count : total;
    const ac = new AbortController();
    abort.current = ac;
    setStep({ kind: 'running', found: 0, expected });
    try {
      const r = await collectContacts<IndexedContact>({
        list: (sourceId, offset, limit) => invoke('contacts.list', { sourceId, offset, limit }),
        sourceIds: chosen ? [chosen.id] : props.sources.map((s) => s.id),
        signal: ac.signal,
        onProgress: (found) => setStep({ kind: 'running', found, expected }),
      });
      const list = r.contacts.sort((a, b) => a.name.localeCompare(b.name));
      const written = writeContacts(format, list.map(toExport));
      const stamp = new Date().toISOString().slice(0, 10);
      const fileName = `${safeFileName(chosen ? chosen.label : t('export.allName'))} ${stamp}.${written.extension}`;
      download(fileName, written.mime, written.text);
      setStep({ kind: 'done', count: list.length, expected, fileName, incomplete: r.incomplete });
    } catch (e) {
      if (ac.signal.aborted) setStep({ kind: 'choose' });
      else setStep({ kind: 'failed', message: errorText(e) });
    }
  };

  const running = step.kind === 'running';
  return (
    <Modal title={t('export.title')} onClose={props.onClose} busy={running}>
      <div className="ct-io">
        <label className="field ct-field">
          <span>{t('export.source')}</span>
          <select value={source} onChange={(e) => setSource(e.target.value)} disabled={running}>
            <option value={ALL}>{t('export.all', { count: total })}</option>
            {props.sources.map((s) => (
              <option key={s.id} value={s.id}>
                {t('export.sourceOption', { label: s.label, count: s.count })}
              </option>
            ))}
          </select>
        </label>
        <label className="field ct-field">
          <span>{t('export.format')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} disabled={running}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`format.${f}`)}
              </option>
            ))}
          </select>
        </label>
        {step.kind === 'running' ? (
          <div aria-live="polite">
            <progress className="ct-progress" max={Math.max(1, step.expected)} value={step.found} aria-label={t('export.progressLabel')} />
            <p>{t('export.progress', { found: step.found, expected: step.expected })}</p>
          </div>
        ) : null}
        {step.kind === 'done' ? (
          <div className={step.incomplete ? 'alert alert-warn' : 'alert alert-good'} role="status">
            {t('export.done', { count: step.count, file: step.fileName })}
            {step.incomplete ? ` ${t('export.incomplete', { count: step.count, expected: step.expected })}` : ''}
          </div>
        ) : null}
        {step.kind === 'failed' ? (
          <div className="alert alert-bad" role="alert">
            {step.message}
          </div>
        ) : null}
        <div className="form-actions end">
          {running ? (
            <button type="button" className="btn" onClick={() => abort.current?.abort()}>
              {t('export.stop')}
            </button>
          ) : (
            <button type="button" className="btn" onClick={props.onClose}>
              {t('common:action.close')}
            </button>
          )}
          <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={running || (chosen ? chosen.count === 0 : total === 0)}>
            {t('export.start')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

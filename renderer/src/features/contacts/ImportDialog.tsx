/**
 * Import a Grandstream XML phonebook, vCard or CSV file into one writable device: read and check
 * the file, show what will be imported and what will be skipped (and why), save one contact at a
 * time with progress (cancellable), then a summary of imported and skipped rows.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../bridge/api';
import { type WriteTarget, errorText, rememberTarget } from './data';
import { parseContactsFile } from './formats';
import { type ParseResult, type RowIssue, draftLabel, validateDraft } from './formats/model';
import { Modal } from './Modal';
import { useFileProblemText, useIssueText, useWhereText } from './problems';

type Step =
  | { kind: 'pick' }
  | { kind: 'preview'; fileName: string; parsed: ParseResult }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'summary'; imported: number; failed: Failed[]; parsed: ParseResult; cancelled: boolean };

/** A row the device refused, with its answer (it names the device and what to do). */
type Failed = Pick<RowIssue, 'row' | 'line' | 'label'> & { message: string };

export function ImportDialog(props: { targets: WriteTarget[]; target?: string; onClose(imported: number): void }) {
  const { t } = useTranslation('contacts');
  const issueText = useIssueText();
  const whereText = useWhereText();
  const fileProblem = useFileProblemText();
  const [device, setDevice] = useState(props.target ?? props.targets[0]?.id ?? '');
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [readError, setReadError] = useState<string | null>(null);
  const cancel = useRef(false);
  const importedRef = useRef(0);
  const deviceLabel = props.targets.find((x) => x.id === device)?.label ?? device;

  const onFile = async (file: File | undefined) => {
    setReadError(null);
    if (!file) return;
    try {
      const text = await file.text();
      setStep({ kind: 'preview', fileName: file.name, parsed: parseContactsFile(file.name, text) });
    } catch (e) {
      setReadError(errorText(e));
    }
  };

  const run = async (parsed: ParseResult) => {
    cancel.current = false;
    rememberTarget(device);
    const failed: Failed[] = [];
    let imported = 0;
    const total = parsed.rows.length;
    setStep({ kind: 'running', done: 0, total });
    for (const [k, r] of parsed.rows.entries()) {
      if (cancel.current) break;
      const v = validateDraft(r.draft);
      if (!v.ok) continue; // screened already while parsing
      try {
        await invoke('contacts.save', { deviceId: device, contact: v.input });
        imported++;
      } catch (e) {
        failed.push({ row: r.row, line: r.line, label: draftLabel(r.draft), message: errorText(e) });
      }
      setStep({ kind: 'running', done: k + 1, total });
    }
    importedRef.current = imported;
    setStep({ kind: 'summary', imported, failed, parsed, cancelled: cancel.current });
  };

  const busy = step.kind === 'running';
  const close = () => props.onClose(importedRef.current);
  return (
    <Modal title={t('import.title')} onClose={close} busy={busy} wide>
      {step.kind === 'pick' || step.kind === 'preview' ? (
        <div className="ct-io">
          <label className="field ct-field">
            <span>{t('import.device')}</span>
            <select value={device} onChange={(e) => setDevice(e.target.value)}>
              {props.targets.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field ct-field">
            <span>{t('import.file')}</span>
            <input type="file" accept=".xml,.vcf,.vcard,.csv,.tsv,text/xml,text/vcard,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} />
          </label>
          <p className="ct-hint">{t('import.formats')}</p>
          {readError ? (
            <div className="alert alert-bad" role="alert">
              {readError}
            </div>
          ) : null}
          {step.kind === 'preview' ? <Preview fileName={step.fileName} parsed={step.parsed} device={deviceLabel} issueText={issueText} fileProblem={fileProblem} /> : null}
          <div className="form-actions end">
            <button type="button" className="btn" onClick={close}>
              {t('common:action.cancel')}
            </button>
            {step.kind === 'preview' && step.parsed.rows.length > 0 ? (
              <button type="button" className="btn btn-primary" onClick={() => void run(step.parsed)} disabled={!device}>
                {t('import.start', { count: step.parsed.rows.length, device: deviceLabel })}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {step.kind === 'running' ? (
        <div className="ct-io" aria-live="polite">
          <progress className="ct-progress" max={step.total} value={step.done} aria-label={t('import.progressLabel')} />
          <p>{t('import.progress', { done: step.done, total: step.total, device: deviceLabel })}</p>
          <div className="form-actions end">
            <button type="button" className="btn" onClick={() => (cancel.current = true)}>
              {t('import.stop')}
            </button>
          </div>
        </div>
      ) : null}
      {step.kind === 'summary' ? (
        <div className="ct-io" role="status">
          <p className="ct-summary">
            {t('import.summary', { imported: step.imported, skipped: step.parsed.skipped.length + step.failed.length, device: deviceLabel })}
            {step.cancelled ? ` ${t('import.cancelled')}` : ''}
          </p>
          <IssueList
            title={t('import.skippedTitle')}
            items={[...step.parsed.skipped.map(issueText), ...step.failed.map((f) => `${whereText(f)}: ${f.message}`)]}
          />
          <IssueList title={t('import.notesTitle')} items={step.parsed.notes.map(issueText)} />
          <div className="form-actions end">
            <button type="button" className="btn btn-primary" onClick={close} autoFocus>
              {t('common:action.close')}
            </button>
          </div>
        </div>
      ) : null}
    </Modal>
  );
}

function Preview(props: { fileName: string; parsed: ParseResult; device: string; issueText(i: RowIssue): string; fileProblem(c: NonNullable<ParseResult['fileProblem']>): string }) {
  const { t } = useTranslation('contacts');
  const p = props.parsed;
  if (p.fileProblem) {
    return (
      <div className="alert alert-bad" role="alert">
        {t('import.unreadable', { file: props.fileName })} {props.fileProblem(p.fileProblem)}
      </div>
    );
  }
  return (
    <div className="ct-preview" role="status">
      <p>{t('import.ready', { count: p.rows.length, skipped: p.skipped.length, file: props.fileName, device: props.device })}</p>
      <IssueList title={t('import.willSkip')} items={p.skipped.map(props.issueText)} />
      <IssueList title={t('import.notesTitle')} items={p.notes.map(props.issueText)} />
    </div>
  );
}

function IssueList(props: { title: string; items: string[] }) {
  const { t } = useTranslation('contacts');
  if (props.items.length === 0) return null;
  const shown = props.items.slice(0, 200);
  return (
    <details className="ct-issues" open={props.items.length <= 20}>
      <summary>
        {props.title} ({props.items.length})
      </summary>
      <ul>
        {shown.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
        {props.items.length > shown.length ? <li>{t('import.andMore', { count: props.items.length - shown.length })}</li> : null}
      </ul>
    </details>
  );
}

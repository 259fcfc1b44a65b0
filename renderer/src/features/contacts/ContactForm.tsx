/**
 * Add or edit a contact on a writable device. Checked before sending (messages next to the fields);
 * the device's answer is the contact as read back. On a failed write the dialog stays open with
 * everything the user typed, and says what the device answered.
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NumberType } from '../../../../shared/domain';
import { invoke } from '../../bridge/api';
import { type IndexedContact, type WriteTarget, errorText, rememberTarget } from './data';
import { type ContactDraft, type FieldProblem, MAX_NUMBERS, NUMBER_TYPES, emptyDraft, splitName, validateDraft } from './formats/model';
import { Modal } from './Modal';
import { useProblemText } from './problems';

function draftOf(c: IndexedContact): ContactDraft {
  const numbers = c.numbers.length > 0 ? c.numbers.map((n) => ({ ...n })) : [{ type: 'work' as NumberType, number: '' }];
  // A device that answers only a full name: split it the way the drivers do when saving a name.
  const parts = c.firstName || c.lastName ? { firstName: c.firstName ?? '', lastName: c.lastName ?? '' } : splitName(c.name);
  return { id: c.id, ...parts, name: '', company: c.company ?? '', email: c.email ?? '', numbers };
}

/** Fields the device did not keep (it answered the contact as read back). */
function dropped(sent: ContactDraft, saved: IndexedContact): string[] {
  const out: string[] = [];
  if (sent.company.trim() && !saved.company) out.push('company');
  if (sent.email.trim() && !saved.email) out.push('email');
  const n = sent.numbers.filter((x) => x.number.trim()).length;
  if (saved.numbers.length < n) out.push('numbers');
  return out;
}

export function ContactForm(props: {
  contact?: IndexedContact;
  targets: WriteTarget[];
  target?: string;
  onSaved(saved: IndexedContact, droppedFields: string[]): void;
  onClose(): void;
}) {
  const { t } = useTranslation('contacts');
  const problemText = useProblemText();
  const editing = props.contact !== undefined;
  const [draft, setDraft] = useState<ContactDraft>(() => (props.contact ? draftOf(props.contact) : emptyDraft()));
  const [device, setDevice] = useState<string>(props.contact?.sourceId ?? props.target ?? props.targets[0]?.id ?? '');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = useId();
  const firstField = useRef<HTMLInputElement>(null);
  const deviceLabel = props.targets.find((x) => x.id === device)?.label ?? props.contact?.sourceLabel ?? device;

  const set = (patch: Partial<ContactDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setNumber = (i: number, patch: Partial<ContactDraft['numbers'][number]>) =>
    setDraft((d) => ({ ...d, numbers: d.numbers.map((n, k) => (k === i ? { ...n, ...patch } : n)) }));
  const problemFor = (field: string) => problems.find((p) => p.field === field);
  const fieldError = (field: string) => {
    const p = problemFor(field);
    return p ? (
      <div id={`${base}-${field}-err`} className="field-error">
        {problemText(p)}
      </div>
    ) : null;
  };
  const aria = (field: string) => {
    if (problemFor(field)) return { 'aria-invalid': true, 'aria-describedby': `${base}-${field}-err` };
    // "Enter at least one number" belongs to the first number's box.
    if (field === 'numbers.0' && problemFor('numbers')) return { 'aria-invalid': true, 'aria-describedby': `${base}-numbers-err` };
    // "Enter a first name, a last name or both" belongs to both name boxes.
    if ((field === 'firstName' || field === 'lastName') && problemFor('name')) return { 'aria-invalid': true, 'aria-describedby': `${base}-name-err` };
    return {};
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const v = validateDraft(draft);
    if (!v.ok) {
      setProblems(v.problems);
      const first = v.problems[0]?.field;
      const el = first ? document.getElementById(`${base}-${first}`) : null;
      (el ?? firstField.current)?.focus();
      return;
    }
    if (!device) {
      setFailure(t('form.noDevice'));
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      const saved = await invoke('contacts.save', { deviceId: device, contact: v.input });
      if (!editing) rememberTarget(device);
      props.onSaved(saved, dropped(draft, saved));
    } catch (err) {
      // Keep everything typed; say what the device answered.
      setFailure(errorText(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={editing ? t('form.editTitle', { device: deviceLabel }) : t('form.addTitle')} onClose={props.onClose} busy={busy}>
      <form className="ct-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        {editing ? null : (
          <label className="field ct-field">
            <span>{t('form.device')}</span>
            <select value={device} onChange={(e) => setDevice(e.target.value)} disabled={busy}>
              {props.targets.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="ct-form-row">
          <label className="field ct-field">
            <span>{t('field.firstName')}</span>
            <input id={`${base}-firstName`} ref={firstField} value={draft.firstName} onChange={(e) => set({ firstName: e.target.value })} autoComplete="off" autoFocus {...aria('firstName')} />
            {fieldError('firstName')}
          </label>
          <label className="field ct-field">
            <span>{t('field.lastName')}</span>
            <input id={`${base}-lastName`} value={draft.lastName} onChange={(e) => set({ lastName: e.target.value })} autoComplete="off" {...aria('lastName')} />
            {fieldError('lastName')}
          </label>
        </div>
        {fieldError('name')}
        <label className="field ct-field">
          <span>{t('field.company')}</span>
          <input id={`${base}-company`} value={draft.company} onChange={(e) => set({ company: e.target.value })} autoComplete="off" {...aria('company')} />
          {fieldError('company')}
        </label>
        <fieldset className="ct-numbers-edit">
          <legend>{t('field.numbers')}</legend>
          {draft.numbers.map((n, i) => (
            <div className="ct-number-edit" key={i}>
              <select aria-label={t('form.numberType', { index: i + 1 })} value={n.type} onChange={(e) => setNumber(i, { type: e.target.value as NumberType })}>
                {NUMBER_TYPES.map((ty) => (
                  <option key={ty} value={ty}>
                    {t(`type.${ty}`)}
                  </option>
                ))}
              </select>
              <input
                id={`${base}-numbers.${i}`}
                aria-label={t('form.number', { index: i + 1 })}
                value={n.number}
                inputMode="tel"
                autoComplete="off"
                onChange={(e) => setNumber(i, { number: e.target.value })}
                {...aria(`numbers.${i}`)}
              />
              {draft.numbers.length > 1 ? (
                <button type="button" className="btn btn-ghost btn-sm" aria-label={t('form.removeNumber', { index: i + 1 })} onClick={() => set({ numbers: draft.numbers.filter((_, k) => k !== i) })}>
                  ✕
                </button>
              ) : null}
              {fieldError(`numbers.${i}`)}
            </div>
          ))}
          {fieldError('numbers')}
          {draft.numbers.length < MAX_NUMBERS ? (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => set({ numbers: [...draft.numbers, { type: 'mobile', number: '' }] })}>
              {t('form.addNumber')}
            </button>
          ) : null}
        </fieldset>
        <label className="field ct-field">
          <span>{t('field.email')}</span>
          <input id={`${base}-email`} type="email" value={draft.email} onChange={(e) => set({ email: e.target.value })} autoComplete="off" {...aria('email')} />
          {fieldError('email')}
        </label>
        {failure ? (
          <div className="alert alert-bad" role="alert">
            <strong>{t('form.failed', { device: deviceLabel })}</strong> {failure}
          </div>
        ) : null}
        <div className="form-actions end">
          <button type="button" className="btn" onClick={props.onClose} disabled={busy}>
            {t('common:action.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('form.saving', { device: deviceLabel }) : t('form.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

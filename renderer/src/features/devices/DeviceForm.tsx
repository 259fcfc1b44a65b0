import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceConfig, DeviceKind } from '../../../../shared/domain';
import { IpcCallError, invoke } from '../../bridge/api';
import { useOffice } from '../../state/office';
import {
  configFromForm,
  emptyForm,
  FAMILIES,
  FIELDS,
  formatFingerprint,
  formFromConfig,
  issuesToFields,
  KINDS,
  secretsFromForm,
  updateFromForm,
  validate,
  type DeviceFormValues,
  type FieldErrors,
  type FieldName,
} from './form-model';
import { TestResult, type TestAnswer } from './TestResult';

export interface DeviceFormProps {
  /** The device being edited (absent: adding). */
  editing?: { config: DeviceConfig; stored: { password: boolean; secret: boolean; privacyPassword: boolean } };
  onDone(savedName: string): void;
  onCancel(): void;
}

const SECRET_FIELDS = new Set<FieldName>(['password', 'secret', 'privacyPassword']);

/** Add or edit one device: a form per kind, every field explained, Test connection, server issues per field. */
export function DeviceForm(props: DeviceFormProps) {
  const { t } = useTranslation('devices');
  const demo = useOffice((s) => s.info?.demo === true);
  const protection = useOffice((s) => s.info?.secretProtection);
  const editing = props.editing;
  const [v, setV] = useState<DeviceFormValues>(() => (editing ? formFromConfig(editing.config) : emptyForm()));
  const [showErrors, setShowErrors] = useState(false);
  const [server, setServer] = useState<Partial<Record<FieldName, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [answer, setAnswer] = useState<TestAnswer | null>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    form.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, []);

  const errors: FieldErrors = showErrors ? validate(v, !editing) : {};
  const fields = FIELDS[v.kind];

  const set = <K extends FieldName>(k: K, value: DeviceFormValues[K]) => {
    setV((old) => ({ ...old, [k]: value }));
    setServer((old) => {
      if (!(k in old)) return old;
      const next = { ...old };
      delete next[k];
      return next;
    });
  };

  const focusFirstError = (names: FieldName[]) => {
    const first = fields.find((f) => names.includes(f));
    if (first) requestAnimationFrame(() => document.getElementById(`device-${first}`)?.focus());
  };

  /** Client-side check first; answers false (and shows the errors) when something is wrong. */
  const check = (needPassword: boolean): boolean => {
    setShowErrors(true);
    const found = validate(v, needPassword);
    const names = Object.keys(found) as FieldName[];
    if (names.length > 0) {
      focusFirstError(names);
      return false;
    }
    return true;
  };

  const showFailure = (e: unknown) => {
    if (e instanceof IpcCallError && e.error.issues?.length) {
      const { fields: byField, other } = issuesToFields(e.error.issues);
      setServer(byField);
      setGeneral(other.length > 0 ? other.join('; ') : null);
      focusFirstError(Object.keys(byField) as FieldName[]);
    } else setGeneral(e instanceof Error ? e.message : String(e));
  };

  const test = async () => {
    setGeneral(null);
    setAnswer(null);
    if (!check(true)) return;
    setBusy('test');
    try {
      setAnswer(await invoke('devices.test', { config: configFromForm(v), secrets: secretsFromForm(v) }));
    } catch (e) {
      showFailure(e);
    } finally {
      setBusy(null);
    }
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setGeneral(null);
    if (!check(!editing)) return;
    setBusy('save');
    try {
      const saved = editing ? await invoke('devices.update', updateFromForm(editing.config.id, v)) : await invoke('devices.add', { config: configFromForm(v), secrets: secretsFromForm(v) });
      props.onDone(saved.config.name);
    } catch (err) {
      showFailure(err);
      setBusy(null);
    }
  };

  const trust = (fingerprint: string) => set('tlsFingerprint', formatFingerprint(fingerprint));
  const trusted = answer !== null && !answer.ok && answer.certificate !== undefined && v.tlsFingerprint.replace(/[:\s]/g, '').toLowerCase() === answer.certificate.fingerprint.replace(/[:\s]/g, '').toLowerCase();

  const label = (f: FieldName) => t([`label.${v.kind}.${f}`, `label.${f}`]);
  const help = (f: FieldName) => {
    let base = t([`help.${v.kind}.${f}`, `help.${f}`]);
    if (f === 'password' && protection) base = `${base} ${t(`protection.${protection}`)}`;
    if (editing && SECRET_FIELDS.has(f) && editing.stored[f as 'password' | 'secret' | 'privacyPassword']) return `${base} ${t('help.keepStored')}`;
    return base;
  };
  const errorText = (f: FieldName): string | undefined => {
    const err = errors[f];
    if (err) return t(`error.${err.code}`, { param: err.param, field: label(f) });
    return server[f];
  };

  const input = (f: FieldName) => {
    const id = `device-${f}`;
    const err = errorText(f);
    const describedBy = `${id}-help${err ? ` ${id}-error` : ''}`;
    const common = { id, 'aria-describedby': describedBy, 'aria-invalid': err ? true : undefined } as const;
    let control: React.JSX.Element;
    if (f === 'loginSeparator') {
      control = (
        <select {...common} value={v.loginSeparator} onChange={(e) => set('loginSeparator', e.target.value as DeviceFormValues['loginSeparator'])}>
          <option value="">{t('separator.default')}</option>
          <option value=":">{t('separator.colon')}</option>
          <option value=".">{t('separator.dot')}</option>
        </select>
      );
    } else if (f === 'family') {
      control = (
        <select {...common} value={v.family} onChange={(e) => set('family', e.target.value as DeviceFormValues['family'])}>
          <option value="">{t('family.detect')}</option>
          {FAMILIES[v.kind].map((fam) => (
            <option key={fam} value={fam}>
              {t(`family.${fam}`)}
            </option>
          ))}
        </select>
      );
    } else {
      const secret = SECRET_FIELDS.has(f);
      control = (
        <input
          {...common}
          type={secret ? 'password' : f === 'url' ? 'url' : 'text'}
          autoComplete={secret ? 'new-password' : 'off'}
          spellCheck={false}
          placeholder={t([`placeholder.${v.kind}.${f}`, `placeholder.${f}`], { defaultValue: '' })}
          value={v[f]}
          onChange={(e) => set(f, e.target.value)}
        />
      );
    }
    return (
      <div className="field" key={f}>
        <label htmlFor={id}>{label(f)}</label>
        {control}
        <span id={`${id}-help`} className="field-help">
          {help(f)}
        </span>
        {err ? (
          <span id={`${id}-error`} className="field-error">
            {err}
          </span>
        ) : null}
      </div>
    );
  };

  const title = editing ? t('form.editTitle', { name: editing.config.name }) : t('form.addTitle');
  return (
    <form ref={form} className="card stack device-form" aria-label={title} onSubmit={(e) => void save(e)} noValidate>
      <h2>{title}</h2>
      {!editing && demo ? <p className="alert alert-warn">{t('form.leavesDemo')}</p> : null}
      <div className="field">
        <label htmlFor="device-kind">{t('label.kind')}</label>
        <select id="device-kind" value={v.kind} disabled={Boolean(editing)} aria-describedby="device-kind-help" onChange={(e) => setV((old) => ({ ...old, kind: e.target.value as DeviceKind, family: '' }))}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
        <span id="device-kind-help" className="field-help">
          {t(`kindHelp.${v.kind}`)}
        </span>
      </div>
      <div className="grid-2">{fields.map(input)}</div>
      {general ? (
        <div className="alert alert-bad" role="alert">
          {general}
        </div>
      ) : null}
      {answer ? <TestResult answer={answer} onTrust={trust} trusted={trusted} /> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void test()} disabled={busy !== null}>
          {busy === 'test' ? t('form.testing') : t('form.test')}
        </button>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost" onClick={props.onCancel} disabled={busy === 'save'}>
          {t('common:action.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy !== null}>
          {busy === 'save' ? t('form.saving') : editing ? t('form.saveChanges') : t('form.addSubmit')}
        </button>
      </div>
      {editing && !v.password ? <p className="muted small">{t('form.testNeedsPassword')}</p> : null}
    </form>
  );
}

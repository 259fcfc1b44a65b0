/** Small building blocks of the Settings cards: a labelled field, a switch row, saving through settings.update. */
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../app/preferences';
import { IpcCallError, invoke } from '../../bridge/api';
import { issuesByPath, withDesktopUpdate, type FieldError, type SettingsUpdate } from './settings-model';

export function SettingsField(props: { id: string; label: string; help?: ReactNode; error?: string | undefined; children: (a11y: { id: string; 'aria-describedby': string; 'aria-invalid': true | undefined }) => ReactNode }) {
  const helpId = `${props.id}-help`;
  const errorId = `${props.id}-error`;
  const describedBy = [props.help ? helpId : '', props.error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children({ id: props.id, 'aria-describedby': describedBy, 'aria-invalid': props.error ? true : undefined })}
      {props.help ? (
        <span id={helpId} className="field-help">
          {props.help}
        </span>
      ) : null}
      {props.error ? (
        <span id={errorId} className="field-error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function Switch(props: { id: string; label: string; help?: string; checked: boolean; disabled?: boolean; onChange(v: boolean): void }) {
  return (
    <div className="switch-row">
      <label className="check" htmlFor={props.id}>
        <input id={props.id} type="checkbox" checked={props.checked} disabled={props.disabled} aria-describedby={props.help ? `${props.id}-help` : undefined} onChange={(e) => props.onChange(e.target.checked)} />
        <span>{props.label}</span>
      </label>
      {props.help ? (
        <span id={`${props.id}-help`} className="field-help">
          {props.help}
        </span>
      ) : null}
    </div>
  );
}

/** Translate a client-side check's error code. */
export function useErrorText(): (e: FieldError | undefined, label: string) => string | undefined {
  const { t } = useTranslation('settings');
  return useCallback((e: FieldError | undefined, label: string) => (e ? t(`error.${e.code}`, { field: label, min: e.min, max: e.max }) : undefined), [t]);
}

export interface SaveState {
  saving: boolean;
  /** Server issues by path ("numbering.countryCode"). */
  issues: Record<string, string>;
  error: string | null;
  savedAt: number | null;
  save(update: SettingsUpdate): Promise<boolean>;
}

/** settings.update for one card: keeps the card's own saving state, per-field server issues and a "Saved" note. */
export function useSave(): SaveState {
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const save = useCallback(async (update: SettingsUpdate) => {
    setSaving(true);
    setError(null);
    setIssues({});
    setSavedAt(null);
    // Switches and menus show the new value at once; a refusal puts the old one back.
    const before = usePreferences.getState().settings;
    if (before && update.desktop) usePreferences.getState().setSettings(withDesktopUpdate(before, update.desktop));
    try {
      const next = await invoke('settings.update', update);
      usePreferences.getState().setSettings(next);
      setSavedAt(Date.now());
      return true;
    } catch (e) {
      if (before && update.desktop) usePreferences.getState().setSettings(before);
      if (e instanceof IpcCallError && e.error.issues?.length) {
        const { fields, other } = issuesByPath(e.error.issues);
        setIssues(fields);
        setError(other.length > 0 ? other.join('; ') : Object.keys(fields).length === 0 ? e.message : null);
      } else setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setSaving(false);
    }
  }, []);
  return { saving, issues, error, savedAt, save };
}

/** The card's outcome line: saving, saved, or what went wrong. */
export function SaveStatus(props: { state: SaveState }) {
  const { t } = useTranslation('settings');
  const s = props.state;
  return (
    <>
      {s.error ? (
        <div className="alert alert-bad" role="alert">
          {s.error}
        </div>
      ) : null}
      <span className="save-status muted small" role="status" aria-live="polite">
        {s.saving ? t('saving') : s.savedAt ? t('saved') : ''}
      </span>
    </>
  );
}

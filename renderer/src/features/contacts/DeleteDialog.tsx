/** Deleting asks first, names the contact and the device, and says what the device answered on failure. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../bridge/api';
import { type IndexedContact, errorText } from './data';
import { Modal } from './Modal';

export function DeleteDialog(props: { contact: IndexedContact; onDeleted(c: IndexedContact): void; onClose(): void }) {
  const { t } = useTranslation('contacts');
  const c = props.contact;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await invoke('contacts.delete', { deviceId: c.sourceId, id: c.id });
      props.onDeleted(c);
    } catch (e) {
      setFailure(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Modal title={t('delete.title')} onClose={props.onClose} busy={busy}>
      <p>{t('delete.question', { name: c.name, device: c.sourceLabel })}</p>
      {c.numbers.length > 0 ? <p className="ct-muted">{c.numbers.map((n) => n.number).join(' · ')}</p> : null}
      {failure ? (
        <div className="alert alert-bad" role="alert">
          {failure}
        </div>
      ) : null}
      <div className="form-actions end">
        <button type="button" className="btn" onClick={props.onClose} disabled={busy} autoFocus>
          {t('common:action.cancel')}
        </button>
        <button type="button" className="btn btn-danger solid" onClick={() => void confirm()} disabled={busy}>
          {busy ? t('delete.deleting') : t('delete.confirm')}
        </button>
      </div>
    </Modal>
  );
}

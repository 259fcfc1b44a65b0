/** One contact: every number with its own call button, the source it comes from, and edit/delete. */
import { useTranslation } from 'react-i18next';
import type { IndexedContact } from './data';

export function ContactDetails(props: {
  contact: IndexedContact;
  /** The number being dialled now, if any. */
  dialling: string | null;
  onDial(number: string): void;
  onEdit(): void;
  onDelete(): void;
  /** True when the contact's device accepts edits now. */
  canEdit: boolean;
}) {
  const { t } = useTranslation('contacts');
  const c = props.contact;
  return (
    <section className="ct-details" aria-labelledby="ct-details-name">
      <h2 id="ct-details-name" className="ct-details-name">
        {c.name || t('unnamed')}
      </h2>
      {c.company ? <div className="ct-details-company">{c.company}</div> : null}
      <div className="ct-details-source">
        {t('details.source')} <strong>{c.sourceLabel}</strong>
        {c.writable ? null : <span className="ct-readonly"> · {t('details.readOnly')}</span>}
      </div>
      <ul className="ct-numbers" aria-label={t('details.numbers')}>
        {c.numbers.map((n, i) => (
          <li key={`${n.number}-${i}`}>
            <span className="ct-number-type">{t(`type.${n.type}`)}</span>
            <button
              type="button"
              className="ct-call"
              aria-label={t('details.call', { number: n.number, type: t(`type.${n.type}`) })}
              disabled={props.dialling !== null}
              onClick={() => props.onDial(n.number)}
            >
              <span aria-hidden="true" className="ct-call-icon">
                ☎
              </span>
              <span className="ct-call-number">{n.number}</span>
              {props.dialling === n.number ? <span className="ct-call-pending">{t('details.dialling')}</span> : null}
            </button>
          </li>
        ))}
        {c.numbers.length === 0 ? <li className="ct-muted">{t('noNumbers')}</li> : null}
      </ul>
      {c.email ? (
        <div className="ct-details-email">
          <span className="ct-number-type">{t('field.email')}</span> {c.email}
        </div>
      ) : null}
      {c.writable ? (
        <div className="ct-details-actions">
          <button type="button" className="btn" onClick={props.onEdit} disabled={!props.canEdit} aria-label={t('details.edit', { name: c.name })}>
            {t('action.edit')}
          </button>
          <button type="button" className="btn btn-danger" onClick={props.onDelete} disabled={!props.canEdit} aria-label={t('details.delete', { name: c.name })}>
            {t('action.delete')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

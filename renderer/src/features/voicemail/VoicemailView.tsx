import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../bridge/api';
import { useOffice } from '../../state/office';
import { errorText } from '../calls/errors';
import { mailboxGroups, newTotal, type MailboxGroup, type MailboxView } from './logic';
import './voicemail.css';

type RefreshState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; at: Date } | { kind: 'failed'; message: string };

/** Voicemail per mailbox: new/old/urgent where the PBX counts them, the enabled state where it does not. */
export function VoicemailView() {
  const { t, i18n } = useTranslation('voicemail');
  const entities = useOffice((s) => s.entities);
  const groups = useMemo(() => mailboxGroups(entities), [entities]);
  const total = newTotal(groups);
  const [refresh, setRefresh] = useState<RefreshState>({ kind: 'idle' });

  const onRefresh = async (): Promise<void> => {
    setRefresh({ kind: 'busy' });
    try {
      await invoke('voicemail.refresh', {});
      setRefresh({ kind: 'done', at: new Date() });
    } catch (e) {
      setRefresh({ kind: 'failed', message: errorText(e, t('refresh.error')) });
    }
  };

  return (
    <section className="section voicemail-view" aria-labelledby="voicemail-title">
      <div className="section-header">
        <h1 id="voicemail-title">{t('title')}</h1>
        <button type="button" className="btn" onClick={() => void onRefresh()} aria-disabled={refresh.kind === 'busy' || undefined}>
          {t('refresh.button')}
        </button>
      </div>
      <div className="vm-summary" role="status" aria-live="polite">
        {groups.length > 0 && (
          <span className={total > 0 ? 'vm-total has-new' : 'vm-total'} data-testid="voicemail-total">
            {total > 0 ? t('total.new', { count: total }) : t('total.none')}
          </span>
        )}
        {refresh.kind === 'busy' && <span className="muted small">{t('refresh.busy')}</span>}
        {refresh.kind === 'done' && (
          <span className="muted small">{t('refresh.done', { time: new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(refresh.at) })}</span>
        )}
      </div>
      {refresh.kind === 'failed' && (
        <div className="alert alert-bad" role="alert">
          {refresh.message}
        </div>
      )}
      {groups.length === 0 && <p className="empty-state">{t('empty')}</p>}
      <div className="vm-groups">
        {groups.map((g) => (
          <Group key={g.deviceId} group={g} />
        ))}
      </div>
    </section>
  );
}

function Group({ group }: { group: MailboxGroup }) {
  const { t } = useTranslation('voicemail');
  const headingId = `vm-${group.deviceId}`;
  const counted = group.mailboxes.some((m) => m.counts);
  const someUnwatched = group.mailboxes.some((m) => !m.watched);
  return (
    <section className="card vm-group" aria-labelledby={headingId} data-testid={`voicemail-${group.deviceId}`}>
      <header className="vm-group-head">
        <h2 id={headingId}>{group.deviceName}</h2>
        {group.newTotal > 0 && <span className="badge badge-bad">{t('total.new', { count: group.newTotal })}</span>}
      </header>
      <table className="table vm-table">
        <thead>
          <tr>
            <th scope="col">{t('col.mailbox')}</th>
            {counted && (
              <>
                <th scope="col" className="vm-num">
                  {t('col.new')}
                </th>
                <th scope="col" className="vm-num">
                  {t('col.urgent')}
                </th>
                <th scope="col" className="vm-num">
                  {t('col.old')}
                </th>
              </>
            )}
            <th scope="col">{t('col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {group.mailboxes.map((m) => (
            <Row key={m.key} m={m} counted={counted} />
          ))}
        </tbody>
      </table>
      {!counted && <p className="small muted vm-note">{t('note.noCounts')}</p>}
      {counted && someUnwatched && <p className="small muted vm-note">{t('note.watch')}</p>}
      {group.kind === 'nethvoice' && <p className="small muted vm-note">{t('note.nethvoice')}</p>}
    </section>
  );
}

function Row({ m, counted }: { m: MailboxView; counted: boolean }) {
  const { t } = useTranslation('voicemail');
  const dash = (
    <span className="faint" title={t('notReported')}>
      —<span className="sr-only">{t('notReported')}</span>
    </span>
  );
  const enabled = m.enabled === null ? t('enabled.unknown') : m.enabled ? t('enabled.on') : t('enabled.off');
  return (
    <tr className={m.hasNew ? 'vm-row has-new' : 'vm-row'} data-testid={`mailbox-${m.deviceId}-${m.mailbox}`}>
      <th scope="row">
        <span className="vm-box">
          <span className="num vm-box-no">{m.mailbox}</span>
          {m.owner && <span className="vm-owner">{m.owner}</span>}
        </span>
      </th>
      {counted && (
        <>
          <td className="vm-num" data-testid="vm-new">
            {m.counts ? <span className={m.hasNew ? 'vm-new-count' : 'num'}>{m.counts.new}</span> : dash}
          </td>
          <td className="vm-num" data-testid="vm-urgent">
            {m.counts ? <span className={m.counts.urgent > 0 ? 'vm-urgent num' : 'num'}>{m.counts.urgent}</span> : dash}
          </td>
          <td className="vm-num" data-testid="vm-old">
            {m.counts ? <span className="num">{m.counts.old}</span> : dash}
          </td>
        </>
      )}
      <td className="vm-status small">
        {m.hasNew ? <span className="badge badge-bad">{t('status.new')}</span> : null}{' '}
        <span className={m.enabled === false ? 'muted' : undefined}>{enabled}</span>
        {counted && !m.watched && <span className="muted"> · {t('status.notWatched')}</span>}
      </td>
    </tr>
  );
}

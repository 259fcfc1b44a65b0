import { useTranslation } from 'react-i18next';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import type { DeviceEntity } from '../../../../shared/office';
import { ageSeconds, formatAge } from './form-model';

type DeviceView = InvokeOutput<'devices.list'>[number];

export interface DeviceRowProps {
  device: DeviceEntity;
  view: DeviceView | undefined;
  busy: boolean;
  onEdit(): void;
  onToggle(enabled: boolean): void;
  onRemove(): void;
  onRefresh(): void;
}

/** One device: name and kind, address (unencrypted marker), model/firmware, live status with the last problem, last seen, actions. */
export function DeviceRow({ device: d, view, busy, onEdit, onToggle, onRemove, onRefresh }: DeviceRowProps) {
  const { t, i18n } = useTranslation('devices');
  const demo = view?.demo === true;
  const disabled = d.health === 'disabled';
  const seen = ageSeconds(view?.lastSeen, Date.now());
  const since = ageSeconds(d.since, Date.now());
  const firmware = d.firmware && d.firmware !== 'unknown' ? d.firmware : '';
  const failing = d.health === 'offline' || d.health === 'auth-failed' || d.health === 'error';
  return (
    <tr data-testid={`device-${d.id}`} className={failing ? 'failing' : undefined}>
      <td>
        <div className="device-name">{d.name}</div>
        <div className="muted small">
          {t(`kind.${d.kind}`)}
          {demo ? <span className="badge badge-muted device-demo-badge">{t('demo.badge')}</span> : null}
        </div>
      </td>
      <td>
        <div className="mono device-url">{view?.config.url ?? ''}</div>
        {d.insecure ? (
          <span className="badge badge-warn" title={t('insecure.title')}>
            {t('insecure.badge')}
          </span>
        ) : null}
        {view?.config.tlsFingerprint ? <span className="badge badge-muted">{t('pinned')}</span> : null}
      </td>
      <td>
        {d.model ? <div>{d.model}</div> : <span className="faint">—</span>}
        {firmware ? <div className="muted small">{t('firmware', { version: firmware })}</div> : null}
      </td>
      <td>
        <span className={`health health-${d.health}`}>{t(`common:health.${d.health}`)}</span>
        {since !== null && d.health !== 'online' ? <span className="muted small"> · {formatAge(since, i18n.language)}</span> : null}
        {d.problem ? <div className="problem">{d.problem}</div> : null}
      </td>
      <td className="nowrap">{seen === null ? <span className="faint">{t('never')}</span> : formatAge(seen, i18n.language)}</td>
      <td className="device-actions">
        {demo ? (
          <span className="muted small">{t('demo.readOnly')}</span>
        ) : (
          <div className="row">
            <button type="button" className="btn btn-sm" onClick={onEdit} disabled={busy} aria-label={t('action.editNamed', { name: d.name })}>
              {t('action.edit')}
            </button>
            {d.health === 'offline' || d.health === 'error' ? (
              <button type="button" className="btn btn-sm" onClick={onRefresh} disabled={busy} aria-label={t('action.retryNamed', { name: d.name })}>
                {t('action.retry')}
              </button>
            ) : null}
            <button type="button" className="btn btn-sm" onClick={() => onToggle(disabled)} disabled={busy} aria-label={t(disabled ? 'action.enableNamed' : 'action.disableNamed', { name: d.name })}>
              {disabled ? t('action.enable') : t('action.disable')}
            </button>
            <button type="button" className="btn btn-sm btn-danger" onClick={onRemove} disabled={busy} aria-label={t('action.removeNamed', { name: d.name })}>
              {t('action.remove')}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

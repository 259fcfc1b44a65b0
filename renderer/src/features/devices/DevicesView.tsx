import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import type { DeviceEntity } from '../../../../shared/office';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { EmptyState } from '../../app/EmptyState';
import { invoke } from '../../bridge/api';
import { entitiesOf, useOffice } from '../../state/office';
import { DeviceForm } from './DeviceForm';
import { DeviceRow } from './DeviceRow';
import { filterDevices } from './filter';
import { searchBoxProps } from '../../app/navigation';
import { useDevicesUi } from './ui-store';
import './devices.css';

export type DeviceView = InvokeOutput<'devices.list'>[number];

/** devices.list (config, last seen, demo flag), reloaded when devices come and go or change health, and every 10 s for "last seen". */
function useDeviceList(devices: DeviceEntity[]): { views: Map<string, DeviceView>; reload(): void; error: string | null } {
  const [views, setViews] = useState<Map<string, DeviceView>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    invoke('devices.list')
      .then((list) => {
        setViews(new Map(list.map((d) => [d.config.id, d])));
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  const key = devices.map((d) => `${d.id}:${d.health}:${d.name}`).join(',');
  useEffect(() => {
    reload();
    const timer = setInterval(reload, 10_000);
    return () => clearInterval(timer);
  }, [key, reload]);
  return { views, reload, error };
}

export function DevicesView() {
  const { t } = useTranslation('devices');
  const entities = useOffice((s) => s.entities);
  const demo = useOffice((s) => s.info?.demo === true);
  const devices = useMemo(() => entitiesOf(entities, 'device'), [entities]);
  const { views, reload, error: listError } = useDeviceList(devices);
  const formTarget = useDevicesUi((s) => s.form);
  const [removing, setRemoving] = useState<DeviceEntity | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const [query, setQuery] = useState('');
  const urls = useMemo(() => new Map([...views].map(([id, v]) => [id, v.config.url])), [views]);
  const shown = useMemo(() => filterDevices(devices, urls, query), [devices, urls, query]);

  const closeForm = (message?: string) => {
    useDevicesUi.getState().close();
    if (message) setNotice({ tone: 'good', text: message });
    reload();
    requestAnimationFrame(() => addButton.current?.focus());
  };

  const act = async (d: DeviceEntity, what: () => Promise<unknown>, done: string) => {
    setBusy(d.id);
    setNotice(null);
    try {
      await what();
      setNotice({ tone: 'good', text: done });
      reload();
    } catch (e) {
      setNotice({ tone: 'bad', text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(null);
    }
  };

  const editing = formTarget?.mode === 'edit' ? views.get(formTarget.id) : undefined;
  const form = formTarget ? (
    <DeviceForm
      key={formTarget.mode === 'edit' ? `edit-${formTarget.id}` : 'add'}
      {...(editing ? { editing: { config: editing.config, stored: editing.stored } } : {})}
      onDone={(name) => closeForm(formTarget.mode === 'add' ? t('notice.added', { name }) : t('notice.saved', { name }))}
      onCancel={() => closeForm()}
    />
  ) : null;

  return (
    <section className="section devices" aria-labelledby="devices-title">
      <div className="section-header">
        <h1 id="devices-title">{t('title')}</h1>
        {devices.length > 0 ? (
          <input
            {...searchBoxProps}
            type="search"
            className="devices-filter"
            aria-label={t('filter')}
            placeholder={t('filterPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setQuery('');
            }}
          />
        ) : null}
        <button ref={addButton} type="button" className="btn btn-primary" onClick={() => useDevicesUi.getState().openAdd()} disabled={formTarget?.mode === 'add'}>
          {t('add')}
        </button>
      </div>
      {demo ? (
        <div className="alert alert-info devices-demo" role="note">
          <p>{t('demo.body')}</p>
        </div>
      ) : null}
      {notice ? (
        <div className={`alert ${notice.tone === 'good' ? 'alert-good' : 'alert-bad'}`} role={notice.tone === 'good' ? 'status' : 'alert'} data-testid="devices-notice">
          {notice.text}
        </div>
      ) : null}
      {listError ? (
        <div className="alert alert-bad" role="alert">
          {t('listError', { message: listError })}
        </div>
      ) : null}
      {form}
      {devices.length === 0 ? (
        formTarget ? null : (
          <EmptyState title={t('empty.title')}>{t('empty.body')}</EmptyState>
        )
      ) : (
        <table className="table device-table">
          <caption className="sr-only">{t('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('col.name')}</th>
              <th scope="col">{t('col.address')}</th>
              <th scope="col">{t('col.model')}</th>
              <th scope="col">{t('col.status')}</th>
              <th scope="col">{t('col.lastSeen')}</th>
              <th scope="col">
                <span className="sr-only">{t('col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  {t('filterNone', { query })}
                </td>
              </tr>
            ) : null}
            {shown.map((d) => (
              <DeviceRow
                key={d.id}
                device={d}
                view={views.get(d.id)}
                busy={busy === d.id}
                onEdit={() => useDevicesUi.getState().openEdit(d.id)}
                onToggle={(enabled) =>
                  void act(d, () => invoke('devices.setEnabled', { id: d.id, enabled }), enabled ? t('notice.enabled', { name: d.name }) : t('notice.disabled', { name: d.name }))
                }
                onRemove={() => setRemoving(d)}
                onRefresh={() => void act(d, () => invoke('devices.refresh', { id: d.id }), t('notice.refreshing', { name: d.name }))}
              />
            ))}
          </tbody>
        </table>
      )}
      {removing ? (
        <ConfirmDialog
          title={t('remove.title', { name: removing.name })}
          confirmLabel={t('remove.confirm')}
          danger
          busy={busy === removing.id}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const d = removing;
            void act(d, () => invoke('devices.remove', { id: d.id }), t('notice.removed', { name: d.name })).then(() => setRemoving(null));
          }}
        >
          <p>{t('remove.body', { name: removing.name })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

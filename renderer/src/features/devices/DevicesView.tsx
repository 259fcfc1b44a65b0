import { useEffect, useMemo, useState } from 'react';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import type { DeviceEntity } from '../../../../shared/office';
import { EmptyState } from '../../app/EmptyState';
import { invoke } from '../../bridge/api';
import { entitiesOf, useOffice } from '../../state/office';

const KIND_LABEL: Record<DeviceEntity['kind'], string> = {
  'grandstream-phone': 'Grandstream phone',
  'grandstream-camera': 'Grandstream camera',
  kalliope: 'KalliopePBX',
  nethvoice: 'NethVoice',
};

const HEALTH_LABEL: Record<DeviceEntity['health'], string> = {
  unknown: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
  'auth-failed': 'Login refused',
  error: 'Error',
  disabled: 'Disabled',
};

type DeviceView = InvokeOutput<'devices.list'>[number];

export function DevicesView() {
  const entities = useOffice((s) => s.entities);
  const devices = useMemo(() => entitiesOf(entities, 'device'), [entities]);
  const [urls, setUrls] = useState<Record<string, string>>({});
  const ids = devices.map((d) => d.id).join(',');
  useEffect(() => {
    invoke('devices.list')
      .then((list: DeviceView[]) => setUrls(Object.fromEntries(list.map((v) => [v.config.id, v.config.url]))))
      .catch(() => undefined);
  }, [ids]);
  if (devices.length === 0) {
    return <EmptyState title="No devices yet">Frontdesk has no phones, cameras or PBXs configured.</EmptyState>;
  }
  return (
    <section aria-labelledby="devices-title">
      <h1 id="devices-title">Devices</h1>
      <table className="device-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Address</th>
            <th scope="col">Model</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id} data-testid={`device-${d.id}`}>
              <td>{d.name}</td>
              <td>{KIND_LABEL[d.kind]}</td>
              <td className="mono">
                {urls[d.id] ?? ''}
                {d.insecure ? <span className="badge" title="Plain http://: passwords and calls cross the network unencrypted">unencrypted</span> : null}
              </td>
              <td>{d.model ? `${d.model}${d.firmware && d.firmware !== 'unknown' ? ` (${d.firmware})` : ''}` : '—'}</td>
              <td>
                <span className={`health health-${d.health}`}>{HEALTH_LABEL[d.health]}</span>
                {d.problem ? <div className="problem">{d.problem}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import type { DeviceSummary } from '../../../../shared/ipc/contract';
import { EmptyState } from '../../app/EmptyState';
import { useOffice } from '../../state/office';

const KIND_LABEL: Record<DeviceSummary['kind'], string> = {
  'grandstream-phone': 'Grandstream phone',
  'grandstream-camera': 'Grandstream camera',
  kalliope: 'KalliopePBX',
  nethvoice: 'NethVoice',
};

const HEALTH_LABEL: Record<DeviceSummary['health'], string> = {
  unknown: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
  'auth-failed': 'Login refused',
  error: 'Error',
};

export function DevicesView() {
  const devices = useOffice((s) => s.devices);
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
              <td className="mono">{d.url}</td>
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

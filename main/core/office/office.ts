/**
 * The office model: the single source of truth for what the renderer shows. It keeps the state,
 * bumps a revision on every change and emits `office.patch` events. Device health comes from a
 * monitor that probes each configured device through its driver (see ./monitor).
 */
import type { DeviceConfig } from '../../../shared/domain';
import type { DeviceSummary, OfficePatch, OfficeState, OfficeStatus } from '../../../shared/ipc/contract';
import type { EventBus } from '../events';

export class OfficeModel {
  private readonly devices = new Map<string, DeviceSummary>();
  private revision = 0;
  private status: OfficeStatus;

  constructor(
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.status = this.computeStatus();
  }

  snapshot(): OfficeState {
    return { status: { ...this.status }, devices: this.list(), revision: this.revision };
  }

  list(): DeviceSummary[] {
    return [...this.devices.values()].map((d) => ({ ...d }));
  }

  get(id: string): DeviceSummary | undefined {
    const d = this.devices.get(id);
    return d ? { ...d } : undefined;
  }

  /** Replace the configured device set (keeps health of devices that stay). */
  setDevices(configs: DeviceConfig[]): void {
    const removed = [...this.devices.keys()].filter((id) => !configs.some((c) => c.id === id));
    for (const id of removed) this.devices.delete(id);
    const changed: DeviceSummary[] = [];
    for (const c of configs) {
      const prev = this.devices.get(c.id);
      const next: DeviceSummary = { ...(prev ?? { health: 'unknown' }), ...c };
      this.devices.set(c.id, next);
      changed.push({ ...next });
    }
    this.publish({ devices: changed, ...(removed.length ? { removedDevices: removed } : {}) });
  }

  /** Merge fields into one device; emits a patch only when something changed. */
  updateDevice(id: string, fields: Partial<Omit<DeviceSummary, 'id'>>): void {
    const prev = this.devices.get(id);
    if (!prev) return;
    const next: DeviceSummary = { ...prev, ...fields };
    if (fields.problem === undefined && 'problem' in fields) delete next.problem;
    const keys = new Set([...Object.keys(prev), ...Object.keys(next)]) as Set<keyof DeviceSummary>;
    const differs = [...keys].some((k) => k !== 'lastSeen' && prev[k] !== next[k]);
    this.devices.set(id, next);
    if (differs) this.publish({ devices: [{ ...next }] });
  }

  private computeStatus(): OfficeStatus {
    const all = [...this.devices.values()];
    const online = all.filter((d) => d.health === 'online').length;
    const failing = all.filter((d) => d.health === 'offline' || d.health === 'auth-failed' || d.health === 'error');
    let summary: string;
    if (all.length === 0) summary = 'No devices configured';
    else if (failing.length === 0 && online === all.length) summary = `All ${all.length} devices online`;
    else if (failing.length > 0)
      summary = `${failing.length} of ${all.length} devices need attention: ${failing.map((d) => d.name).join(', ')}`;
    else summary = `Connecting to ${all.length - online} of ${all.length} devices…`;
    return { summary, online, total: all.length, updatedAt: this.now().toISOString() };
  }

  private publish(patch: Omit<OfficePatch, 'revision' | 'status'>): void {
    this.revision += 1;
    this.status = this.computeStatus();
    this.events.emit('office.patch', { ...patch, revision: this.revision, status: { ...this.status } });
  }
}

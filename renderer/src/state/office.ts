import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { DeviceEntity, Entity } from '../../../shared/office';
import type { SyncState } from './sync';

export interface OfficeStore {
  info: AppInfo | null;
  revision: number;
  ready: boolean;
  entities: Record<string, Entity>;
  /** Set when main cannot be reached; shown in the status bar. */
  bridgeError: string | null;
  setInfo(info: AppInfo): void;
  setSync(state: SyncState): void;
  setBridgeError(message: string | null): void;
}

export const useOffice = create<OfficeStore>((set) => ({
  info: null,
  revision: 0,
  ready: false,
  entities: {},
  bridgeError: null,
  setInfo: (info) => set({ info }),
  setSync: (s) => set({ revision: s.revision, ready: s.ready, entities: s.entities }),
  setBridgeError: (bridgeError) => set({ bridgeError }),
}));

/** The entities of one type, in key order. */
export function entitiesOf<T extends Entity['type']>(entities: Record<string, Entity>, type: T): Extract<Entity, { type: T }>[] {
  const out: Extract<Entity, { type: T }>[] = [];
  for (const k of Object.keys(entities).sort()) {
    const e = entities[k] as Entity;
    if (e.type === type) out.push(e as Extract<Entity, { type: T }>);
  }
  return out;
}

export interface OfficeSummary {
  summary: string;
  online: number;
  total: number;
  failing: DeviceEntity[];
}

/** One line for the status bar. */
export function summarize(devices: DeviceEntity[]): OfficeSummary {
  const active = devices.filter((d) => d.health !== 'disabled');
  const online = active.filter((d) => d.health === 'online').length;
  const failing = active.filter((d) => d.health === 'offline' || d.health === 'auth-failed' || d.health === 'error');
  let summary: string;
  if (active.length === 0) summary = 'No devices configured';
  else if (failing.length === 0 && online === active.length) summary = `All ${active.length} devices online`;
  else if (failing.length > 0) summary = `${failing.length} of ${active.length} devices need attention: ${failing.map((d) => d.name).join(', ')}`;
  else summary = `Connecting to ${active.length - online} of ${active.length} devices…`;
  return { summary, online, total: active.length, failing };
}

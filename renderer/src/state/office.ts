import { create } from 'zustand';
import type { AppInfo, DeviceSummary, OfficePatch, OfficeState, OfficeStatus } from '../../../shared/ipc/contract';

export interface OfficeStore {
  info: AppInfo | null;
  status: OfficeStatus | null;
  devices: DeviceSummary[];
  revision: number;
  /** Set when main cannot be reached; shown in the status bar. */
  bridgeError: string | null;
  setInfo(info: AppInfo): void;
  setState(state: OfficeState): void;
  applyPatch(patch: OfficePatch): void;
  setBridgeError(message: string | null): void;
}

export function mergeDevices(current: DeviceSummary[], patch: OfficePatch): DeviceSummary[] {
  const removed = new Set(patch.removedDevices ?? []);
  const byId = new Map(current.filter((d) => !removed.has(d.id)).map((d) => [d.id, d]));
  for (const d of patch.devices ?? []) byId.set(d.id, d);
  return [...byId.values()];
}

export const useOffice = create<OfficeStore>((set) => ({
  info: null,
  status: null,
  devices: [],
  revision: 0,
  bridgeError: null,
  setInfo: (info) => set({ info }),
  setState: (state) => set({ status: state.status, devices: state.devices, revision: state.revision }),
  applyPatch: (patch) =>
    set((s) => {
      if (patch.revision <= s.revision) return s;
      return {
        revision: patch.revision,
        status: patch.status ?? s.status,
        devices: mergeDevices(s.devices, patch),
      };
    }),
  setBridgeError: (bridgeError) => set({ bridgeError }),
}));

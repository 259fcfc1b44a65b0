/** Which device form is open (so the first-run screen and the command bar can open "Add a device"). */
import { create } from 'zustand';

export type DeviceFormTarget = { mode: 'add' } | { mode: 'edit'; id: string };

export interface DevicesUiStore {
  form: DeviceFormTarget | null;
  openAdd(): void;
  openEdit(id: string): void;
  close(): void;
}

export const useDevicesUi = create<DevicesUiStore>((set) => ({
  form: null,
  openAdd: () => set({ form: { mode: 'add' } }),
  openEdit: (id) => set({ form: { mode: 'edit', id } }),
  close: () => set({ form: null }),
}));

import type { DeviceConfig } from '../../../../shared/domain';
import type { EventName, EventPayload } from '../../../../shared/ipc/contract';
import { Hub } from '../../../../main/core/hub/hub';
import { MemoryDataStore, MemorySecretStore, MemorySettingsStore } from '../../../../main/core/persistence/stores';
import { FakeClock } from './fake-clock';
import { fakeFactory, type FakeDevice } from './fake-driver';

export interface Rig {
  hub: Hub;
  clock: FakeClock;
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
  data: MemoryDataStore;
  created: string[];
  events: { name: EventName; payload: unknown }[];
  of<E extends EventName>(name: E): EventPayload<E>[];
}

export async function startHub(devices: Record<string, FakeDevice>, configs: Partial<DeviceConfig>[] = [], batchMs = 0): Promise<Rig> {
  const clock = new FakeClock();
  const list: DeviceConfig[] = Object.entries(devices).map(([id, d]) => ({
    id,
    kind: d.kind,
    name: id,
    url: `http://127.0.0.1/${id}`,
    username: 'admin',
    ...configs.find((c) => c.id === id),
  }));
  const settings = new MemorySettingsStore({ devices: list });
  const secrets = new MemorySecretStore();
  for (const c of list) await secrets.set(c.id, { password: `pw-${c.id}` });
  const data = new MemoryDataStore();
  const { factory, created } = fakeFactory(devices);
  const hub = await Hub.create({ settings, secrets, data, createDriver: factory, clock, jitter: 0, batchMs });
  const events: { name: EventName; payload: unknown }[] = [];
  hub.events.onAny((name, payload) => events.push({ name, payload }));
  return {
    hub,
    clock,
    settings,
    secrets,
    data,
    created,
    events,
    of: <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>),
  };
}

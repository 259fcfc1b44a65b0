import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceSummary, OfficeState } from '../../../shared/ipc/contract';
import { mergeDevices, useOffice } from '../../../renderer/src/state/office';

const dev = (id: string, health: DeviceSummary['health']): DeviceSummary => ({
  id,
  kind: 'grandstream-phone',
  name: id,
  url: 'http://x',
  username: 'admin',
  health,
});
const status = (summary: string) => ({ summary, online: 0, total: 0, updatedAt: '' });
const initial: OfficeState = { status: status('start'), devices: [dev('a', 'unknown'), dev('b', 'unknown')], revision: 5 };

describe('renderer office store', () => {
  beforeEach(() => useOffice.getState().setState(initial));

  it('merges device patches by id and drops removed devices', () => {
    expect(mergeDevices(initial.devices, { revision: 6, devices: [dev('b', 'online'), dev('c', 'offline')], removedDevices: ['a'] })).toEqual([
      dev('b', 'online'),
      dev('c', 'offline'),
    ]);
  });

  it('applies newer patches and ignores stale or repeated ones', () => {
    const s = useOffice.getState();
    s.applyPatch({ revision: 6, status: status('one online'), devices: [dev('a', 'online')] });
    expect(useOffice.getState()).toMatchObject({ revision: 6, status: { summary: 'one online' } });
    s.applyPatch({ revision: 6, status: status('replayed'), devices: [dev('a', 'offline')] });
    s.applyPatch({ revision: 4, status: status('old') });
    const now = useOffice.getState();
    expect(now.status?.summary).toBe('one online');
    expect(now.devices.find((d) => d.id === 'a')?.health).toBe('online');
  });
});

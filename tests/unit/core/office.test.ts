import { describe, expect, it } from 'vitest';
import type { OfficePatch } from '../../../shared/ipc/contract';
import { EventBus } from '../../../main/core/events';
import { OfficeModel } from '../../../main/core/office/office';

const phone = { id: 'p1', kind: 'grandstream-phone' as const, name: 'Reception', url: 'http://a', username: 'admin' };
const pbx = { id: 'k1', kind: 'kalliope' as const, name: 'PBX', url: 'http://b', username: 'admin' };

function setup() {
  const bus = new EventBus();
  const patches: OfficePatch[] = [];
  bus.on('office.patch', (p) => patches.push(p));
  const office = new OfficeModel(bus, () => new Date('2026-11-23T10:00:00Z'));
  return { office, patches };
}

describe('OfficeModel', () => {
  it('starts empty and says so', () => {
    const { office } = setup();
    expect(office.snapshot()).toEqual({
      status: { summary: 'No devices configured', online: 0, total: 0, updatedAt: '2026-11-23T10:00:00.000Z' },
      devices: [],
      revision: 0,
    });
  });

  it('emits numbered patches as devices change health', () => {
    const { office, patches } = setup();
    office.setDevices([phone, pbx]);
    expect(patches[0]).toMatchObject({ revision: 1, status: { summary: 'Connecting to 2 of 2 devices…' } });
    office.updateDevice('p1', { health: 'online' });
    office.updateDevice('k1', { health: 'offline', problem: 'PBX cannot be reached.' });
    expect(patches.map((p) => p.revision)).toEqual([1, 2, 3]);
    expect(patches[2]?.status?.summary).toBe('1 of 2 devices need attention: PBX');
    office.updateDevice('k1', { health: 'online', problem: undefined });
    expect(patches[3]?.status?.summary).toBe('All 2 devices online');
    expect(office.get('k1')).not.toHaveProperty('problem');
  });

  it('does not emit when nothing but lastSeen changed, and ignores unknown ids', () => {
    const { office, patches } = setup();
    office.setDevices([phone]);
    office.updateDevice('p1', { health: 'online' });
    const n = patches.length;
    office.updateDevice('p1', { health: 'online', lastSeen: 'later' });
    office.updateDevice('nope', { health: 'offline' });
    expect(patches).toHaveLength(n);
  });

  it('reports removed devices in the patch', () => {
    const { office, patches } = setup();
    office.setDevices([phone, pbx]);
    office.setDevices([pbx]);
    expect(patches.at(-1)?.removedDevices).toEqual(['p1']);
    expect(office.list().map((d) => d.id)).toEqual(['k1']);
  });
});

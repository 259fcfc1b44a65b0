import { describe, expect, it } from 'vitest';
import { STALE_MS, ageMs, ageParts, extensionOf, newer, snapshotFileName, tileStatus } from '../../../renderer/src/features/cameras/logic';

const NOW = Date.parse('2026-03-02T10:00:30.000Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();

describe('snapshot age', () => {
  it('is measured from takenAt, never negative, undefined when unknown', () => {
    expect(ageMs(ago(4_200), NOW)).toBe(4_200);
    expect(ageMs(new Date(NOW + 500).toISOString(), NOW)).toBe(0);
    expect(ageMs(undefined, NOW)).toBeUndefined();
    expect(ageMs('not a date', NOW)).toBeUndefined();
  });
  it('is shown in the largest whole unit', () => {
    expect(ageParts(0)).toEqual({ unit: 's', value: 0 });
    expect(ageParts(59_999)).toEqual({ unit: 's', value: 59 });
    expect(ageParts(60_000)).toEqual({ unit: 'min', value: 1 });
    expect(ageParts(3_599_000)).toEqual({ unit: 'min', value: 59 });
    expect(ageParts(3_600_000)).toEqual({ unit: 'h', value: 1 });
    expect(ageParts(47 * 3_600_000)).toEqual({ unit: 'h', value: 47 });
    expect(ageParts(72 * 3_600_000)).toEqual({ unit: 'd', value: 3 });
  });
});

describe('tile status', () => {
  it('marks an offline, failing or refused camera offline whatever its last snapshot', () => {
    for (const health of ['offline', 'error', 'auth-failed'] as const) expect(tileStatus({ health, takenAt: ago(100), now: NOW })).toBe('offline');
    expect(tileStatus({ health: 'disabled', now: NOW })).toBe('disabled');
  });
  it('is live up to 10 s, stale after', () => {
    expect(tileStatus({ health: 'online', takenAt: ago(STALE_MS), now: NOW })).toBe('live');
    expect(tileStatus({ health: 'online', takenAt: ago(STALE_MS + 1), now: NOW })).toBe('stale');
  });
  it('waits for the first snapshot, then calls it stale when none came for 10 s', () => {
    expect(tileStatus({ health: 'unknown', now: NOW })).toBe('connecting');
    expect(tileStatus({ health: undefined, now: NOW })).toBe('connecting');
    expect(tileStatus({ health: 'online', now: NOW })).toBe('waiting');
    expect(tileStatus({ health: 'online', watchingSince: NOW - 3_000, now: NOW })).toBe('waiting');
    expect(tileStatus({ health: 'online', watchingSince: NOW - 11_000, now: NOW })).toBe('stale');
  });
});

describe('snapshots', () => {
  it('keeps the newest by takenAt', () => {
    const a = { takenAt: ago(2_000), id: 'a' };
    const b = { takenAt: ago(1_000), id: 'b' };
    expect(newer(undefined, a)).toBe(a);
    expect(newer(a, b)).toBe(b);
    expect(newer(b, a)).toBe(b);
    expect(newer(a, { ...a, id: 'same time' })).toBe(a);
  });
  it('names the saved file after the camera and the local time, with the image type', () => {
    const takenAt = new Date(2026, 2, 2, 9, 5, 7).toISOString();
    expect(snapshotFileName('Parcheggio (PTZ)', takenAt, 'data:image/jpeg;base64,AAAA')).toBe('Parcheggio (PTZ) 2026-03-02 09-05-07.jpg');
    expect(snapshotFileName('a/b:c*?', takenAt, 'data:image/png;base64,AAAA')).toBe('a-b-c- 2026-03-02 09-05-07.png');
    expect(snapshotFileName('   ', takenAt, 'data:;base64,')).toMatch(/^camera 2026-03-02 09-05-07\.jpg$/);
    expect(extensionOf('data:image/webp;base64,')).toBe('webp');
    expect(extensionOf('garbage')).toBe('jpg');
  });
});

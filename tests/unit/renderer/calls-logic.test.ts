import { describe, expect, it } from 'vitest';
import type { CallEntity, DeviceEntity, Entity, LineEntity } from '../../../shared/office';
import {
  actionsFor,
  callKind,
  CONFIRM_GRACE_MS,
  controlReducer,
  effectiveLine,
  emptyControlState,
  errorCurrent,
  formatDuration,
  formatSeconds,
  groupLines,
  mergeCalls,
  optimisticState,
  ringingLines,
  timerStart,
  type ControlState,
} from '../../../renderer/src/features/calls/logic';

const line = (state: LineEntity['state'], extra: Partial<LineEntity> = {}): LineEntity => ({
  type: 'line',
  deviceId: 'phone-a',
  line: 1,
  state,
  remoteNumber: '0312741100',
  remoteName: 'Raffaella Conti',
  account: 0,
  since: '2026-01-01T10:00:00.000Z',
  ...extra,
});
const call = (id: string, extra: Partial<CallEntity> = {}): CallEntity => ({
  type: 'call',
  id,
  deviceId: 'phone-a',
  line: 1,
  direction: 'in',
  number: '0312741100',
  name: 'Raffaella Conti',
  startedAt: '2026-01-01T10:00:00.000Z',
  missed: false,
  origin: 'lines',
  ...extra,
});
const phone = (id: string, name: string): DeviceEntity => ({ type: 'device', id, name, kind: 'grandstream-phone', health: 'online' });

describe('which buttons a line shows', () => {
  it('offers exactly the actions that make sense for the state, in order', () => {
    expect(actionsFor('ringing')).toEqual(['accept', 'reject']);
    expect(actionsFor('connected')).toEqual(['hold', 'end']);
    expect(actionsFor('held')).toEqual(['resume', 'end']);
    expect(actionsFor('calling')).toEqual(['end']);
    for (const s of ['idle', 'failed', 'other'] as const) expect(actionsFor(s)).toEqual([]);
  });
  it('maps each action to the state shown at once', () => {
    expect(optimisticState('accept')).toBe('connected');
    expect(optimisticState('resume')).toBe('connected');
    expect(optimisticState('hold')).toBe('held');
    expect(optimisticState('reject')).toBe('idle');
    expect(optimisticState('end')).toBe('idle');
  });
});

describe('optimistic call control', () => {
  const sent = (s: ControlState, at = 1000): ControlState =>
    controlReducer(s, { type: 'sent', deviceId: 'phone-a', line: 1, action: 'accept', from: 'ringing', at });

  it('shows the next state at once while the command travels', () => {
    const s = sent(emptyControlState);
    const p = s.pending['phone-a/1'];
    expect(p).toMatchObject({ action: 'accept', from: 'ringing', to: 'connected', inFlight: true });
    expect(effectiveLine(line('ringing'), p, 999_999).state).toBe('connected'); // in flight: no timeout
  });

  it('lets the phone win as soon as the line moves', () => {
    const p = sent(emptyControlState).pending['phone-a/1'];
    expect(effectiveLine(line('connected'), p, 1500).state).toBe('connected');
    // Something else happened (the caller hung up): the override does not hide it.
    expect(effectiveLine(line('idle'), p, 1500).state).toBe('idle');
  });

  it('drops the override a grace period after the device said yes, if the line never followed', () => {
    const s = controlReducer(sent(emptyControlState), { type: 'confirmed', deviceId: 'phone-a', line: 1, at: 2000 });
    const p = s.pending['phone-a/1'];
    expect(p?.inFlight).toBe(false);
    expect(effectiveLine(line('ringing'), p, 2000 + CONFIRM_GRACE_MS - 1).state).toBe('connected');
    expect(effectiveLine(line('ringing'), p, 2000 + CONFIRM_GRACE_MS).state).toBe('ringing');
  });

  it('rolls back on a refusal and keeps the reason until the line changes or it is dismissed', () => {
    const s = controlReducer(sent(emptyControlState), {
      type: 'refused',
      deviceId: 'phone-a',
      line: 1,
      message: 'Reception: Accept on line 1 was not sent: it is not ringing.',
      since: '2026-01-01T10:00:00.000Z',
      at: 1100,
    });
    expect(s.pending['phone-a/1']).toBeUndefined();
    expect(effectiveLine(line('ringing'), s.pending['phone-a/1'], 1200).state).toBe('ringing');
    const err = s.errors['phone-a/1'];
    expect(err?.message).toContain('not ringing');
    expect(errorCurrent(err, line('ringing'))).toBe(true);
    expect(errorCurrent(err, line('idle', { since: '2026-01-01T10:00:05.000Z' }))).toBe(false);
    const dismissed = controlReducer(s, { type: 'dismiss', deviceId: 'phone-a', line: 1 });
    expect(dismissed.errors['phone-a/1']).toBeUndefined();
    // A new command on the line clears the old reason.
    expect(sent(s).errors['phone-a/1']).toBeUndefined();
  });

  it('ignores a confirmation or a dismissal for a line it does not know', () => {
    expect(controlReducer(emptyControlState, { type: 'confirmed', deviceId: 'x', line: 2, at: 1 })).toBe(emptyControlState);
    expect(controlReducer(emptyControlState, { type: 'dismiss', deviceId: 'x', line: 2 })).toBe(emptyControlState);
  });
});

describe('timers and durations', () => {
  it('formats m:ss under an hour and h:mm:ss above, never negative', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(999)).toBe('0:00');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(59 * 60_000 + 59_999)).toBe('59:59');
    expect(formatDuration(3_600_000)).toBe('1:00:00');
    expect(formatDuration(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatDuration(-5000)).toBe('0:00');
    expect(formatSeconds(125)).toBe('2:05');
  });

  it('counts a connected call from its answer, so resuming after hold does not restart it', () => {
    const calls = [call('c1', { answeredAt: '2026-01-01T10:00:03.000Z' }), call('old', { answeredAt: '2026-01-01T09:00:00.000Z', endedAt: '2026-01-01T09:01:00.000Z' })];
    const resumed = line('connected', { since: '2026-01-01T10:05:00.000Z' });
    expect(timerStart(resumed, calls)).toBe('2026-01-01T10:00:03.000Z');
    // Held and ringing count from when the line entered the state.
    expect(timerStart(line('held', { since: '2026-01-01T10:04:00.000Z' }), calls)).toBe('2026-01-01T10:04:00.000Z');
    // No call record: the line's own time.
    expect(timerStart(resumed, [])).toBe('2026-01-01T10:05:00.000Z');
  });
});

describe('grouping and lists', () => {
  it('groups lines by phone in device order, lines by number, phones without lines kept', () => {
    const entities: Record<string, Entity> = {
      'device/b': phone('b', 'Phone B'),
      'device/a': phone('a', 'Phone A'),
      'line/a/2': line('idle', { deviceId: 'a', line: 2 }),
      'line/a/1': line('ringing', { deviceId: 'a', line: 1 }),
      'line/z/1': line('idle', { deviceId: 'z', line: 1 }),
      'device/k': { type: 'device', id: 'k', name: 'PBX', kind: 'kalliope', health: 'online' },
    };
    const groups = groupLines(entities);
    expect(groups.map((g) => [g.deviceId, g.name, g.lines.map((l) => l.line)])).toEqual([
      ['b', 'Phone B', []],
      ['a', 'Phone A', [1, 2]],
      ['z', 'z', [1]],
    ]);
  });

  it('lists ringing lines, the longest-ringing first', () => {
    const r = ringingLines([
      line('ringing', { line: 2, since: '2026-01-01T10:00:05.000Z' }),
      line('connected', { line: 3 }),
      line('ringing', { line: 1, since: '2026-01-01T10:00:01.000Z' }),
    ]);
    expect(r.map((l) => l.line)).toEqual([1, 2]);
  });

  it('merges history and live calls by id (live wins), newest first, capped', () => {
    const history = [call('a', { startedAt: '2026-01-01T09:00:00.000Z' }), call('b', { startedAt: '2026-01-01T10:00:00.000Z' })];
    const live = [call('b', { startedAt: '2026-01-01T10:00:00.000Z', endedAt: '2026-01-01T10:01:00.000Z', missed: true }), call('c', { startedAt: '2026-01-01T11:00:00.000Z' })];
    const merged = mergeCalls(history, live);
    expect(merged.map((c) => c.id)).toEqual(['c', 'b', 'a']);
    expect(merged[1]?.missed).toBe(true);
    expect(mergeCalls(history, live, 2).map((c) => c.id)).toEqual(['c', 'b']);
  });

  it('names what kind of call a record is', () => {
    expect(callKind(call('m', { missed: true, endedAt: 'x' }))).toBe('missed');
    expect(callKind(call('r'))).toBe('ringing');
    expect(callKind(call('l', { answeredAt: 'x' }))).toBe('live');
    expect(callKind(call('o', { direction: 'out' }))).toBe('live');
    expect(callKind(call('d', { endedAt: 'x', direction: 'out' }))).toBe('out');
    expect(callKind(call('cdr', { origin: 'cdr', direction: 'internal' }))).toBe('internal');
  });
});

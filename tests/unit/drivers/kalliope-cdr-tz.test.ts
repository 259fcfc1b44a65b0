import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import type { Driver } from '../../../main/core/driver/types';
import { createKalliopeDriver, historyBound, toKpbxDate } from '../../../main/drivers/kalliope';
import { reply, startFixture, type Fixture } from './pbx-fixture-server';

/**
 * History periods under zones other than UTC: a date alone is a local day (start for `from`, its
 * last second for `to`), never UTC midnight. Node re-reads process.env.TZ when it is assigned;
 * this file runs in its own forked worker and restores the zone afterwards.
 */

const saved = process.env.TZ;
afterAll(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

const ZONES = ['America/New_York', 'Europe/Rome', 'Pacific/Auckland'];

describe.each(ZONES)('Kalliope history dates in %s', (zone) => {
  beforeAll(() => {
    process.env.TZ = zone;
  });

  it('the zone is really in effect (non-zero offset)', () => {
    expect(new Date(2024, 4, 1).getTimezoneOffset()).not.toBe(0);
  });

  it('a date-only from is local midnight of that day', () => {
    expect(toKpbxDate('2024-05-01')).toBe('2024-05-01 00:00:00');
    expect(toKpbxDate('2024-05-01', 'from')).toBe('2024-05-01 00:00:00');
    expect(historyBound('2024-05-01', 'from').getTime()).toBe(new Date(2024, 4, 1).getTime());
  });

  it('a date-only to is the end of that day, inclusive', () => {
    expect(toKpbxDate('2024-05-01', 'to')).toBe('2024-05-01 23:59:59');
    expect(historyBound('2024-05-31', 'to').getTime()).toBe(new Date(2024, 4, 31, 23, 59, 59).getTime());
    expect(toKpbxDate('2024-12-31', 'to')).toBe('2024-12-31 23:59:59');
  });

  it('a date-time without zone is local and kept as written, at either edge', () => {
    expect(toKpbxDate('2024-05-01T08:30:15')).toBe('2024-05-01 08:30:15');
    expect(toKpbxDate('2024-05-01T08:30', 'to')).toBe('2024-05-01 08:30:00');
  });

  it('a date-time with a zone is that instant, shown in local time', () => {
    const instant = '2024-05-01T12:00:00Z';
    const d = new Date(instant);
    const pad = (n: number): string => String(n).padStart(2, '0');
    const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
    expect(toKpbxDate(instant, 'to')).toBe(local);
    expect(local).not.toBe('2024-05-01 12:00:00');
  });

  it('refuses impossible and malformed dates', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '', 'yesterday', '2024-5-1x']) {
      expect(() => toKpbxDate(bad, 'to'), bad).toThrow(RangeError);
    }
    expect(toKpbxDate('2024-02-29', 'to')).toBe('2024-02-29 23:59:59');
  });
});

describe('Kalliope driver history period under a non-UTC zone', () => {
  let fx: Fixture | undefined;
  let driver: Driver | undefined;
  beforeAll(() => {
    process.env.TZ = 'America/Los_Angeles';
  });
  afterEach(async () => {
    await driver?.close();
    await fx?.close();
  });

  it('sends begin at local midnight and end at the last second of the to-day', async () => {
    fx = await startFixture((_r, res) => reply(res, 200, '<kpbx_response><cdr><error_code><code>0</code><message>Success</message></error_code><calls/></cdr></kpbx_response>'));
    driver = createKalliopeDriver({ device: 'p', kind: 'kalliope', family: 'kalliope-3', url: fx.url, username: 'admin', password: 'x', timeoutMs: 2000 });
    expect(await driver.history!({ from: '2024-05-01', to: '2024-05-01' })).toEqual([]);
    const tree = new XMLParser({ parseTagValue: false }).parse(fx.requests[0]!.body) as { kpbx_request: { cdr: Record<string, string> } };
    expect(tree.kpbx_request.cdr).toMatchObject({ begin: '2024-05-01 00:00:00', end: '2024-05-01 23:59:59', start_flag: 'true' });
  });
});

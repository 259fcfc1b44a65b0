/**
 * The KalliopePBX driver against the simulator's variants of what the KalliopePBX REST API 1.1
 * manual leaves open (issue 13, items 9–12): request_id echoes, damaged CDR CSV rows, the API
 * user name, contacts with several numbers.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, ProtocolError } from '../../main/core/driver/errors';
import { createKalliopeDriver, type KalliopeDriver } from '../../main/drivers/kalliope';
import { KalliopeSim, type KalliopeSimOptions } from '../../sim/kalliope';
import { cleanupAfterEach, serveRig, type Rig } from './driver-rig';

const defer = cleanupAfterEach();

const at = (s: string): Date => new Date(s.replace(' ', 'T'));

const OPTS: KalliopeSimOptions = {
  id: 'kpbx-truth',
  name: 'Kalliope Truth',
  password: 'Adm1n!pw',
  privacyPassword: 'riservato',
  receptionExtension: '200',
  extensions: [
    { extension: '200', name: 'Reception Desk' },
    { extension: '201', name: 'Niccolò Bàrberi' },
  ],
  contacts: [{ firstName: 'Mario', lastName: 'Rossi', phone: '+39 02 1234 567' }],
  cdr: [
    { uniqueId: '1.1', direction: 1, callerNum: '+39 02 555 0101', callerName: 'Rossi, Mario', calledNum: '200', status: 8, start: at('2024-05-02 09:00:00'), answer: at('2024-05-02 09:00:05'), end: at('2024-05-02 09:01:00') },
    { uniqueId: '1.2', direction: 2, callerNum: '201', callerName: 'Niccolò Bàrberi', calledNum: '+39 333 765 4321', status: 8, start: at('2024-05-02 10:00:00'), answer: at('2024-05-02 10:00:04'), end: at('2024-05-02 10:02:00') },
    { uniqueId: '1.3', direction: 4, callerNum: '201', callerName: 'Niccolò\nBàrberi', calledNum: '200', status: 4, start: at('2024-05-02 11:00:00'), end: at('2024-05-02 11:00:20') },
    { uniqueId: '1.4', direction: 1, callerNum: '+41 44 268 1900', callerName: 'Schäfer AG', calledNum: '200', status: 2, start: at('2024-05-02 12:00:00'), end: at('2024-05-02 12:00:30') },
  ],
};

const PERIOD = { from: '2024-05-01', to: '2024-05-31' };

async function rig(opts: Partial<KalliopeSimOptions> = {}, username = 'admin'): Promise<Rig<KalliopeSim, KalliopeDriver>> {
  const sim = new KalliopeSim({ ...OPTS, ...opts });
  const base = { device: 'Kalliope Truth', kind: 'kalliope', username, password: OPTS.password, extension: '200', privacyPassword: 'riservato', timeoutMs: 2000 } as const;
  return serveRig(defer, sim, base, createKalliopeDriver);
}

const requests = (r: Rig<KalliopeSim, KalliopeDriver>): number => (r.sim.state() as { requests: number }).requests;
const contactCount = (r: Rig<KalliopeSim, KalliopeDriver>): number => (r.sim.state() as { contacts: number }).contacts;

describe('request_id (item 9): the manual sends xyz123 and gets xyz back', () => {
  for (const requestIdEcho of ['same', 'truncated', 'letters', 'omitted'] as const) {
    it(`works with a PBX whose echo is "${requestIdEcho}", for GET and POST`, async () => {
      const d = (await rig({ requestIdEcho })).driver();
      await expect(d.probe()).resolves.toMatchObject({ kind: 'kalliope' });
      expect((await d.contacts({ search: 'rossi' })).map((c) => c.name)).toEqual(['Mario Rossi']);
      expect((await d.history(PERIOD)).length).toBeGreaterThan(0);
    });
  }

  it('still refuses an answer that carries a clearly different id', async () => {
    const r = await rig();
    const handle = r.sim.handle.bind(r.sim);
    r.sim.handle = (ctx) => {
      ctx.query.set('request_id', 'zzzzzz');
      handle(ctx);
    };
    const e = await r.driver().probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toMatch(/^Kalliope Truth: .*request_id "zzzzzz"/);
  });
});

describe('CDR CSV (item 10): a damaged row is skipped and counted, the rest of the history stays', () => {
  it('reads every readable call from an unquoted CSV whose names hold a comma or a line break', async () => {
    const d = (await rig({ cdrCsvQuoting: 'never' })).driver();
    const report = await d.historyReport({ ...PERIOD, format: 'csv' });
    // 1.1 has a comma in its caller name (one cell too many), 1.3 a line break (two short rows)
    expect(report.entries.map((e) => e.id).sort()).toEqual(['1.2', '1.4']);
    expect(report.skippedRows).toBe(3);
    expect(report.entries.find((e) => e.id === '1.2')).toMatchObject({ from: '201', to: '+39 333 765 4321', disposition: 'answered', direction: 'out' });
    expect((await d.history({ ...PERIOD, format: 'csv' })).map((e) => e.id).sort()).toEqual(['1.2', '1.4']);
  });

  it('a clean export skips nothing, as CSV and as XML', async () => {
    const d = (await rig()).driver();
    for (const format of ['csv', 'xml'] as const) {
      const report = await d.historyReport({ ...PERIOD, format });
      expect(report.skippedRows, format).toBe(0);
      expect(report.entries.map((e) => e.id).sort(), format).toEqual(['1.1', '1.2', '1.3', '1.4']);
      expect(report.entries.find((e) => e.id === '1.1')?.fromName).toBe('Rossi, Mario');
    }
  });
});

describe('API user name (item 11): the REST API accepts only "admin"', () => {
  it('a different configured user name gets an AuthError that names the user name, not the password, and is not retried', async () => {
    const r = await rig({ username: 'reception' }, 'reception');
    const d = r.driver();
    const e = await d.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    const msg = (e as Error).message;
    expect(msg).toMatch(/^Kalliope Truth: KalliopePBX refused the user name "reception" at \/rest\/system\/firmware \(HTTP 401\)/);
    expect(msg).toMatch(/accepts only the user "admin": set the user name to admin/);
    expect(msg).not.toMatch(/password of the user|rejected the password/);
    const n = requests(r);
    await expect(d.presence()).rejects.toBe(e);
    expect(requests(r)).toBe(n);
    // the same password with the user "admin" works
    await expect(r.driver({ username: 'admin' }).probe()).resolves.toMatchObject({ kind: 'kalliope' });
  });

  it('a wrong password of "admin" is blamed on the password', async () => {
    const e = await (await rig()).driver({ password: 'wrong' }).probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/^Kalliope Truth: KalliopePBX rejected the password of the user "admin"/);
  });
});

describe('contacts with several numbers (item 12): one <phone> per contact', () => {
  it('refuses before writing, naming the device and the numbers; nothing is saved', async () => {
    const r = await rig();
    const d = r.driver();
    const before = contactCount(r);
    const n = requests(r);
    const e = await d
      .saveContact({ firstName: 'Ada', lastName: 'Neri', numbers: [{ type: 'work', number: '+39 02 1' }, { type: 'mobile', number: '+39 333 2' }] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RangeError);
    expect((e as Error).message).toBe(
      'Kalliope Truth: a KalliopePBX phonebook contact holds one phone number, and this one has 2 (+39 02 1, +39 333 2). Nothing was saved: keep one number, or save each number as its own contact.',
    );
    expect(requests(r)).toBe(n);
    expect(contactCount(r)).toBe(before);
    // an update with several numbers is refused the same way
    const mario = (await d.contacts({ search: 'rossi' }))[0]!;
    await expect(d.saveContact({ id: mario.id, firstName: 'Mario', lastName: 'Rossi', numbers: [{ type: 'work', number: '1' }, { type: 'home', number: '2' }] })).rejects.toThrow(/holds one phone number/);
    expect((await d.contacts({ search: 'rossi' }))[0]?.numbers).toEqual([{ type: 'work', number: '+39 02 1234 567' }]);
  });

  it('saves a contact whose numbers are the same number written twice', async () => {
    const r = await rig();
    const d = r.driver();
    const saved = await d.saveContact({ firstName: 'Ada', lastName: 'Neri', numbers: [{ type: 'work', number: '+39 02 555-0100' }, { type: 'mobile', number: '+39 02 5550100' }, { type: 'home', number: ' ' }] });
    expect(saved).toMatchObject({ name: 'Ada Neri', numbers: [{ number: '+39 02 555-0100' }] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDR_COLUMNS, KalliopeSim, md5, type KalliopeSimOptions } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import type { OfficeLinks, PhoneControl } from '../../sim/lib/types';
import { basic, call, errorOf, many, req, type Tree } from './kalliope-helpers';

class FakePhone implements PhoneControl {
  rings: { number: string; name: string | undefined }[] = [];
  dialed: string[] = [];
  busy = false;
  private onAnswer: ((line: number) => void) | undefined;
  constructor(readonly extension: string) {}
  ring(number: string, name?: string, opts?: { onAnswer?: (line: number) => void }): number {
    if (this.busy) throw new Error('no free line');
    this.rings.push({ number, name });
    this.onAnswer = opts?.onAnswer;
    return 1;
  }
  answer(): void {
    this.onAnswer?.(1);
  }
  remoteHangup(): boolean {
    return false;
  }
  dialOut(number: string): number {
    this.dialed.push(number);
    return 2;
  }
}

const d = (s: string): Date => {
  const [date, time] = s.split(' ') as [string, string];
  const [y, mo, day] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, se] = time.split(':').map(Number) as [number, number, number];
  return new Date(y, mo - 1, day, h, mi, se);
};

const OPTS: KalliopeSimOptions = {
  id: 'kc',
  name: 'Kalliope Calls',
  password: 'pw',
  receptionExtension: '200',
  privacyPassword: 'riservato',
  extensions: [
    { extension: '200', name: 'Reception Desk' },
    { extension: '201', name: 'Niccolò Bàrberi', voicemail: true },
    { extension: '202', name: 'Zoë Müller', registered: false },
    { extension: '203', name: 'Old Phone', enabled: false },
  ],
  cdr: [
    { uniqueId: '', direction: 1, callerNum: '+39 02 1234567', callerName: 'Giulia Rossi', calledNum: '200', calledName: 'Reception Desk', calledCallgroup: 'Incoming', gatewayId: '1', gatewayName: 'Trunk SIP', status: 8, start: d('2024-05-02 09:00:00'), answer: d('2024-05-02 09:00:10'), end: d('2024-05-02 09:02:10') },
    { direction: 2, callerNum: '201', callerName: 'Niccolò Bàrberi', calledNum: '+39 333 7654321', calledName: 'Matteo Bianchi', gatewayId: '1', gatewayName: 'Trunk SIP', status: 4, start: d('2024-05-02 10:00:00'), end: d('2024-05-02 10:00:30') },
    { uniqueId: '1714726800.42', direction: 4, callerNum: '201', callerName: 'Niccolò Bàrberi', calledNum: '202', calledName: 'Zoë Müller', status: 8, start: d('2024-05-03 11:00:00'), answer: d('2024-05-03 11:00:05'), end: d('2024-05-03 11:05:05') },
    { direction: 1, callerNum: '+41 44 268 1900', callerName: 'Schäfer AG', calledNum: '200', status: 2, start: d('2024-05-03 23:59:00'), end: d('2024-05-04 00:01:00') },
  ],
};
const AUTH = basic('admin', md5('pw'));
const ALL = '<begin>2024-05-01 00:00:00</begin><end>2024-05-31 23:59:59</end>';

let sim: KalliopeSim;
let served: ServedDevice;
let base: string;

beforeAll(async () => {
  sim = new KalliopeSim(OPTS);
  served = await serveDevice(sim);
  base = served.url;
});
afterAll(async () => {
  await served.close();
});

const calls = (root: Tree): Tree[] => many(((root['cdr'] as Tree)['calls'] as Tree | undefined)?.['call']);
const cdr = async (inner: string, headers: Record<string, string> = {}): Promise<{ root: Tree; text: string; contentType: string }> => {
  const r = await call(base, AUTH, 'POST', '/cdr', req(inner), headers);
  return { root: r.contentType.includes('xml') ? r.root : {}, text: r.text, contentType: r.contentType };
};

describe('POST /cdr', () => {
  it('returns the calls of the period with masked external numbers and empty names by default', async () => {
    const { root, text } = await cdr(`<cdr>${ALL}</cdr>`);
    expect(errorOf(root, 'cdr', 'error_code')).toEqual(['0', 'Success']);
    const c = calls(root);
    expect(c.map((x) => x['id'])).toEqual(['1', '2', '3', '4']);
    expect(c[0]).toMatchObject({ direction: '1', caller_num: '+39 02 1234XXX', caller_name: '', called_num: '"200"', status: '8', billsec: '120', duration: '130', start: '2024-05-02 09:00:00', answer: '2024-05-02 09:00:10', end: '2024-05-02 09:02:10' });
    expect(c[0]?.['unique_id']).toBe(''); // a call from before the 1.1 upgrade
    expect(text).toContain('<unique_id/>');
    expect(c[1]).toMatchObject({ caller_num: '201', called_num: '"+39 333 7654XXX"', billsec: '0', answer: '' });
    expect(c[2]).toMatchObject({ unique_id: '1714726800.42', caller_num: '201', called_num: '"202"', called_name: '' });
    expect(Object.keys(c[2] ?? {})).toEqual([...CDR_COLUMNS]);
  });

  it('exposes full numbers and names with the md5 of the privacy password, and refuses a wrong one with 3', async () => {
    const { root } = await cdr(`<cdr><privacy_password>${md5('riservato')}</privacy_password>${ALL}</cdr>`);
    expect(calls(root)[0]).toMatchObject({ caller_num: '+39 02 1234567', caller_name: 'Giulia Rossi', called_name: 'Reception Desk' });
    const bad = await cdr(`<cdr><privacy_password>${md5('nope')}</privacy_password>${ALL}</cdr>`);
    expect(errorOf(bad.root, 'cdr', 'error_code')).toEqual(['3', 'Authentication error']);
    expect((bad.root['cdr'] as Tree)['calls']).toBeUndefined();
  });

  it('selects by end time by default and by start time with start_flag', async () => {
    const day = '<begin>2024-05-03 00:00:00</begin><end>2024-05-03 23:59:59</end>';
    expect(calls((await cdr(`<cdr>${day}</cdr>`)).root).map((x) => x['id'])).toEqual(['3']);
    expect(calls((await cdr(`<cdr>${day}<start_flag>true</start_flag></cdr>`)).root).map((x) => x['id'])).toEqual(['3', '4']);
  });

  it('filters exactly, with % wildcards, and <any> across all fields', async () => {
    const ids = async (filter: string): Promise<unknown[]> => calls((await cdr(`<cdr>${ALL}<filter>${filter}</filter></cdr>`)).root).map((x) => x['id']);
    expect(await ids('<direction>1</direction>')).toEqual(['1', '4']);
    expect(await ids('<direction>4</direction><status>8</status>')).toEqual(['3']);
    expect(await ids('<caller_num>+39 02 1234567</caller_num>')).toEqual(['1']);
    expect(await ids('<caller_num>+39 02</caller_num>')).toEqual([]);
    expect(await ids('<caller_num>+39%</caller_num>')).toEqual(['1']);
    expect(await ids('<unique_id>1714726800%</unique_id>')).toEqual(['3']);
    expect(await ids('<any>201</any><direction>1</direction>')).toEqual(['2', '3']);
    expect(await ids('<any>%Schäfer%</any>')).toEqual(['4']);
  });

  it('answers CSV for Accept: text/csv, one column per tag', async () => {
    const r = await cdr(`<cdr>${ALL}</cdr>`, { Accept: 'text/csv' });
    expect(r.contentType).toMatch(/^text\/csv/);
    const rows = r.text.trim().split('\r\n');
    expect(rows[0]).toBe(CDR_COLUMNS.join(','));
    expect(rows).toHaveLength(5);
    expect(rows[1]).toContain('"+39 02 1234XXX"');
    // errors stay XML
    const e = await cdr('<cdr><begin>2024-05-02 00:00:00</begin><end>2024-05-01 00:00:00</end></cdr>', { Accept: 'text/csv' });
    expect(errorOf(e.root, 'cdr', 'error_code')).toEqual(['11', 'Invalid date time interval']);
  });

  it('variant cdrCsvQuoting "never": fields go out as they are, so a name with a comma or line break breaks its row', async () => {
    const s = new KalliopeSim({
      ...OPTS,
      id: 'kcsv',
      cdrCsvQuoting: 'never',
      cdr: [{ direction: 1, callerNum: '+39 02 555', callerName: 'Rossi, Mario', calledNum: '200', status: 8, start: d('2024-05-02 09:00:00'), answer: d('2024-05-02 09:00:10'), end: d('2024-05-02 09:01:00') }],
    });
    const srv = await serveDevice(s);
    try {
      const r = await call(srv.url, AUTH, 'POST', '/cdr', req(`<cdr><privacy_password>${md5('riservato')}</privacy_password>${ALL}</cdr>`), { Accept: 'text/csv' });
      const rows = r.text.trim().split('\r\n');
      expect(rows[0]).toBe(CDR_COLUMNS.join(','));
      expect(rows[1]?.split(',')).toHaveLength(CDR_COLUMNS.length + 1);
      expect(rows[1]).toContain(',+39 02 555,Rossi, Mario,200,');
    } finally {
      await srv.close();
    }
  });

  it('answers 11 for end before begin, 12 for unreadable dates or a missing <cdr>', async () => {
    expect(errorOf((await cdr('<cdr><begin>2024-05-02 00:00:00</begin><end>2024-05-01 00:00:00</end></cdr>')).root, 'cdr', 'error_code')).toEqual(['11', 'Invalid date time interval']);
    expect(errorOf((await cdr('<cdr><begin>yesterday</begin></cdr>')).root, 'cdr', 'error_code')).toEqual(['12', 'Internal error']);
    expect(errorOf((await cdr('<nocdr/>')).root, 'cdr', 'error_code')).toEqual(['12', 'Internal error']);
  });

  it('defaults begin to the first day of the month and end to now', async () => {
    const s = new KalliopeSim({ ...OPTS, id: 'kdef', cdr: undefined });
    const srv = await serveDevice(s);
    try {
      const wide = await call(srv.url, AUTH, 'POST', '/cdr', req('<cdr><begin>2000-01-01 00:00:00</begin></cdr>'));
      expect(calls(wide.root)).toHaveLength(12);
      const def = await call(srv.url, AUTH, 'POST', '/cdr', req('<cdr/>'));
      const now = new Date();
      const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
      const got = calls(def.root);
      expect(got.length).toBeLessThanOrEqual(12);
      for (const c of got) expect(new Date(String(c['end']).replace(' ', 'T')).getTime()).toBeGreaterThanOrEqual(monthStart);
      expect(calls(wide.root).filter((c) => new Date(String(c['end']).replace(' ', 'T')).getTime() >= monthStart)).toHaveLength(got.length);
    } finally {
      await srv.close();
    }
  });
});

describe('users and pbx', () => {
  it('lists the registrations of enabled extensions (unregistered ones as UNKNOWN)', async () => {
    const regs = many(((await call(base, AUTH, 'GET', '/users/registrations/')).root['registrations'] as Tree)['registration']);
    expect(regs.map((r) => r['exten'])).toEqual(['200', '201', '202']);
    expect(regs[0]).toMatchObject({ status: 'OK', contact: expect.stringMatching(/^sip:200@[\d.]+:5060$/), port: '5060' });
    expect(String(regs[0]?.['rtt'])).toMatch(/^\d+ ms$/);
    expect(regs[2]).toMatchObject({ status: 'UNKNOWN', rtt: '', contact: '' });
    const one = many(((await call(base, AUTH, 'GET', '/users/registrations/201')).root['registrations'] as Tree)['registration']);
    expect(one.map((r) => r['exten'])).toEqual(['201']);
    expect((await call(base, AUTH, 'GET', '/users/registrations/999')).root['registrations']).toBe('');
  });

  it('answers users/brief for all and one extension', async () => {
    const users = many(((await call(base, AUTH, 'GET', '/users/brief/')).root['users'] as Tree)['user']);
    expect(users).toHaveLength(4);
    expect(users[1]).toEqual({ exten: '201', enabled: 'true', first_name: 'Niccolò', last_name: 'Bàrberi' });
    expect(users[3]?.['enabled']).toBe('false');
    expect(many(((await call(base, AUTH, 'GET', '/users/brief/202')).root['users'] as Tree)['user'])[0]?.['first_name']).toBe('Zoë');
  });

  it('keeps /users/configs changes pending until /pbx/apply, and drops them on revert', async () => {
    const cfg = many(((await call(base, AUTH, 'GET', '/users/configs/')).root['configs'] as Tree)['config']);
    expect(cfg.find((c) => c['exten'] === '200')).toMatchObject({ vm_enabled: 'true', phonebook_manager: 'true' });
    expect(cfg.find((c) => c['exten'] === '202')?.['vm_enabled']).toBe('false');
    expect((await call(base, AUTH, 'GET', '/pbx/pending')).root['pbx_pending']).toBe('false');
    const add = await call(base, AUTH, 'POST', '/users/configs', req('<user><exten>204</exten><sip_secret>s3</sip_secret><first_name>Nuovo</first_name><last_name>Utente</last_name><vm_enabled>true</vm_enabled></user>'));
    expect(errorOf(add.root, 'user')).toEqual(['0', 'Success']);
    expect((await call(base, AUTH, 'GET', '/pbx/pending')).root['pbx_pending']).toBe('true');
    expect((await call(base, AUTH, 'GET', '/users/brief/204')).root['users']).toBe('');
    expect((await call(base, AUTH, 'GET', '/users/configs/204')).root['configs']).toMatchObject({ config: { exten: '204', first_name: 'Nuovo' } });
    expect((await call(base, AUTH, 'PUT', '/pbx/apply')).root['pbx_applied']).toBe('true');
    expect((await call(base, AUTH, 'GET', '/pbx/pending')).root['pbx_pending']).toBe('false');
    expect((await call(base, AUTH, 'GET', '/users/brief/204')).root['users']).toMatchObject({ user: { exten: '204' } });
    expect(sim.leaveVoicemail('204', false)).toBe(true);
    expect(errorOf((await call(base, AUTH, 'DELETE', '/users/configs/204')).root, 'user')).toEqual(['0', 'Success']);
    expect((await call(base, AUTH, 'PUT', '/pbx/revert')).root['pbx_reverted']).toBe('true');
    expect((await call(base, AUTH, 'GET', '/users/configs/204')).root['configs']).toMatchObject({ config: { exten: '204' } });
  });

  it('answers the /users/configs error table', async () => {
    const post = async (inner: string): Promise<[string, string]> => errorOf((await call(base, AUTH, 'POST', '/users/configs', req(inner))).root, 'user');
    expect(await post('<nouser/>')).toEqual(['10', 'Invalid user request']);
    expect(await post('<user><exten>201</exten><sip_secret>x</sip_secret><first_name>a</first_name><last_name>b</last_name></user>')).toEqual(['11', 'User already exists']);
    expect(await post('<user><exten>205</exten><first_name>a</first_name><last_name>b</last_name></user>')).toEqual(['12', 'One or more required field missing']);
    expect(errorOf((await call(base, AUTH, 'PUT', '/users/configs/999', req('<user><first_name>x</first_name></user>'))).root, 'user')).toEqual(['15', 'User does not exist']);
    expect(errorOf((await call(base, AUTH, 'PUT', '/users/configs/201', req('<user/>'))).root, 'user')).toEqual(['16', 'Empty request']);
    expect(errorOf((await call(base, AUTH, 'DELETE', '/users/configs/999')).root, 'user')).toEqual(['15', 'User does not exist']);
    expect((await call(base, AUTH, 'GET', '/pbx/pending')).root['pbx_pending']).toBe('false');
  });

  it('lists callgroups with priorities and members; an unknown id answers 15', async () => {
    const groups = many(((await call(base, AUTH, 'GET', '/pbx/callgroups')).root['callgroups'] as Tree)['callgroup']);
    expect(groups.map((g) => g['id'])).toEqual(['incoming', '1']);
    const members = many((((groups[1]?.['priorities'] as Tree)['priority'] as Tree)['members'] as Tree)['member']);
    expect(members.map((m) => m['exten'])).toEqual(['200', '201', '202', '203']);
    expect(members[1]?.['display_name']).toBe('Niccolò Bàrberi');
    expect(many(((await call(base, AUTH, 'GET', '/pbx/callgroups/incoming')).root['callgroups'] as Tree)['callgroup'])).toHaveLength(1);
    expect(errorOf((await call(base, AUTH, 'GET', '/pbx/callgroups/77')).root, 'callgroup')).toEqual(['15', 'Callgroup not exists']);
  });
});

describe('office links: click2call and presence', () => {
  const phones = new Map<string, FakePhone>([
    ['200', new FakePhone('200')],
    ['201', new FakePhone('201')],
  ]);
  const presence = new Map<string, 'idle' | 'ringing' | 'busy'>([
    ['200', 'idle'],
    ['201', 'busy'],
  ]);
  const links: OfficeLinks = { phoneByExtension: (e) => phones.get(e), extensionBusy: (e) => presence.get(e) };

  const c2c = async (inner: string, rid?: string): Promise<Tree> => (await call(base, AUTH, 'POST', '/click2call', req(inner, rid))).root;

  it('rings the extension first and dials the number when it answers; a CDR row follows the call', async () => {
    sim.setLinks(links);
    const phone = phones.get('200')!;
    const root = await c2c('<click2call><exten>200</exten><number_to_call>+39 02 1234567</number_to_call><type>auto</type></click2call>', 'c1');
    expect(root['request_id']).toBe('c1');
    expect(errorOf(root, 'click2call', 'error_code')).toEqual(['0', 'Success']);
    expect(phone.rings).toEqual([{ number: '+39 02 1234567', name: 'Click2Call' }]);
    expect(phone.dialed).toEqual([]);
    const now = new Date();
    const today = `<begin>${now.getFullYear()}-01-01 00:00:00</begin><privacy_password>${md5('riservato')}</privacy_password><filter><caller_num>200</caller_num></filter>`;
    let rows = calls((await cdr(`<cdr>${today}</cdr>`)).root);
    expect(rows.at(-1)).toMatchObject({ direction: '2', called_num: '"+39 02 1234567"', status: '4' });
    phone.answer();
    expect(phone.dialed).toEqual(['+39 02 1234567']);
    rows = calls((await cdr(`<cdr>${today}</cdr>`)).root);
    expect(rows.at(-1)).toMatchObject({ status: '8' });
    expect((sim.state() as { click2calls: { outcome: string }[] }).click2calls.at(-1)?.outcome).toBe('answered');
  });

  it('answers the click2call error table', async () => {
    const code = async (inner: string): Promise<[string, string]> => errorOf(await c2c(inner), 'click2call', 'error_code');
    expect(await code('<click2call><number_to_call>123</number_to_call></click2call>')).toEqual(['11', 'Missing extension tag']);
    expect(await code('<click2call><exten></exten><number_to_call>123</number_to_call></click2call>')).toEqual(['11', 'Missing extension tag']);
    expect(await code('<click2call><exten>200</exten></click2call>')).toEqual(['12', 'Missing number to call tag']);
    expect(await code('<click2call><exten>999</exten><number_to_call>123</number_to_call></click2call>')).toEqual(['10', 'Error']);
    expect(await code('<click2call><exten>200</exten><number_to_call>0212345</number_to_call><type>exten</type></click2call>')).toEqual(['10', 'Error']);
    expect(await code('<click2call><exten>200</exten><number_to_call>201</number_to_call><type>fax</type></click2call>')).toEqual(['10', 'Error']);
    expect(await code('<click2call><exten>202</exten><number_to_call>201</number_to_call></click2call>')).toEqual(['10', 'Error']); // no phone
    expect(await code('<somethingelse/>')).toEqual(['10', 'Error']);
    phones.get('201')!.busy = true;
    expect(await code('<click2call><exten>201</exten><number_to_call>200</number_to_call><type>exten</type></click2call>')).toEqual(['10', 'Error']);
    phones.get('201')!.busy = false;
    expect(await code('<click2call><exten>201</exten><number_to_call>200</number_to_call><type>exten</type></click2call>')).toEqual(['0', 'Success']);
  });

  it('reports registration from the office phones, with exactly the documented fields: no call state', async () => {
    sim.setLinks(links);
    const regs = many(((await call(base, AUTH, 'GET', '/users/registrations')).root['registrations'] as Tree)['registration']);
    const by = new Map(regs.map((r) => [r['exten'], r]));
    expect(by.get('200')).toMatchObject({ status: 'OK', contact: 'sip:200@192.168.1.50:5060' });
    expect(by.get('201')).toMatchObject({ status: 'OK' }); // busy on the phone: still only "registered"
    expect(by.get('202')).toMatchObject({ status: 'UNKNOWN', contact: '', ip: '' });
    const documented = ['exten', 'status', 'rtt', 'contact', 'ip', 'port', 'useragent'];
    for (const r of regs) expect(Object.keys(r).every((k) => documented.includes(k)), Object.keys(r).join()).toBe(true);
    presence.set('200', 'ringing');
    const again = many(((await call(base, AUTH, 'GET', '/users/registrations/200')).root['registrations'] as Tree)['registration']);
    expect(again[0]).toMatchObject({ exten: '200', status: 'OK' });
    expect(again[0]?.['device_state']).toBeUndefined();
  });

  it('variant unregistered "omitted": an unregistered extension is not listed', async () => {
    const other = new KalliopeSim({ ...OPTS, id: 'k-omit', unregistered: 'omitted', links });
    const served = await serveDevice(other);
    try {
      const regs = many(((await call(served.url, AUTH, 'GET', '/users/registrations')).root['registrations'] as Tree)['registration']);
      expect(regs.map((r) => r['exten'])).toEqual(['200', '201']);
    } finally {
      await served.close();
    }
  });

  it('accepts click2call without office links (nothing to ring)', async () => {
    sim.setLinks(undefined);
    const root = await c2c('<click2call><exten>201</exten><number_to_call>+39 06 1</number_to_call></click2call>');
    expect(errorOf(root, 'click2call', 'error_code')).toEqual(['0', 'Success']);
    expect((sim.state() as { click2calls: { outcome: string }[] }).click2calls.at(-1)?.outcome).toBe('no-phone');
  });
});

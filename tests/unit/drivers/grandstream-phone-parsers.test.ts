import { describe, expect, it } from 'vitest';
import { apiBase } from '../../../main/drivers/common/http';
import {
  contactParams,
  findSavedContact,
  lineState,
  parseAccounts,
  parseContacts,
  parseDeviceValues,
  parseEnvelope,
  parseGroups,
  parseLines,
  parsePhonebookXml,
  parsePhoneStatus,
  parseRealm,
  parseSetCookie,
  PhoneParseError,
} from '../../../main/drivers/grandstream-phone';

describe('apiBase for the phone', () => {
  it('appends /cgi-bin to a root and keeps a URL that already ends in it', () => {
    expect(apiBase('http://10.0.0.5', 'cgi-bin')).toBe('http://10.0.0.5/cgi-bin/');
    expect(apiBase('http://10.0.0.5/', 'cgi-bin')).toBe('http://10.0.0.5/cgi-bin/');
    expect(apiBase('http://10.0.0.5/cgi-bin', 'cgi-bin')).toBe('http://10.0.0.5/cgi-bin/');
    expect(apiBase('https://10.0.0.5:8443/cgi-bin/', 'cgi-bin')).toBe('https://10.0.0.5:8443/cgi-bin/');
    expect(apiBase('10.0.0.5', 'cgi-bin')).toBe('http://10.0.0.5/cgi-bin/');
  });
  it('rejects non-http URLs', () => {
    expect(() => apiBase('ftp://10.0.0.5', 'cgi-bin')).toThrow(/http/);
  });
});

describe('parseEnvelope', () => {
  it('reads the seed envelopes, whatever the content type said', () => {
    const a = parseEnvelope('{"response":"success","body":"available","misc":"0"}');
    expect(a).toMatchObject({ kind: 'success', body: 'available' });
    const b = parseEnvelope('{"res":"success","msg":[{"groupID":"0"}]}');
    expect(b).toMatchObject({ kind: 'success', body: [{ groupID: '0' }] });
    const c = parseEnvelope('\uFEFF  {"response":"success","body":""}\r\n');
    expect(c).toMatchObject({ kind: 'success', body: '' });
  });
  it('tells an expired session from a device error', () => {
    expect(parseEnvelope('{"response":"error","body":"unauthorized"}').kind).toBe('unauthorized');
    expect(parseEnvelope('{"response":"success","body":"unauthorized","misc":"0"}').kind).toBe('unauthorized');
    expect(parseEnvelope('unauthorized').kind).toBe('unauthorized');
    const e = parseEnvelope('{"response":"error","body":"no free line"}');
    expect(e).toMatchObject({ kind: 'error', message: 'no free line', code: undefined });
    const f = parseEnvelope('{"response":"error","body":{"code":"42","message":"bad"}}');
    expect(f).toMatchObject({ kind: 'error', message: 'bad', code: '42' });
  });
  it('passes JSON without an envelope through as bare', () => {
    expect(parseEnvelope('{"date":"Tue 08/30/2016","time":" 11:30AM"}')).toMatchObject({ kind: 'bare', value: { date: 'Tue 08/30/2016' } });
  });
  it('throws PhoneParseError for non-JSON, empty and unknown status', () => {
    expect(() => parseEnvelope('<html>404</html>')).toThrow(PhoneParseError);
    expect(() => parseEnvelope('')).toThrow(/empty/);
    expect(() => parseEnvelope('{"respo<<nse": garbage \u0000 ]]>')).toThrow(PhoneParseError);
    expect(() => parseEnvelope('{"response":"maybe","body":1}')).toThrow(/unknown response status/);
  });
});

describe('line status', () => {
  it('maps the documented numeric codes', () => {
    expect(['0', '2', '3', '4', '5', '8'].map(lineState)).toEqual(['idle', 'ringing', 'calling', 'connected', 'held', 'failed']);
    expect(lineState(4)).toBe('connected');
  });
  it('maps the words of sibling firmware', () => {
    expect(['idle', 'ringing', 'calling', 'dialing', 'connected', 'onhold', 'failed'].map(lineState)).toEqual([
      'idle',
      'ringing',
      'calling',
      'calling',
      'connected',
      'held',
      'failed',
    ]);
    expect(lineState('OnHold')).toBe('held');
  });
  it('maps unknown values to other instead of failing', () => {
    expect(lineState('7')).toBe('other');
    expect(lineState('transferring')).toBe('other');
    expect(lineState(undefined)).toBe('other');
  });
  it('maps the undocumented code 1 and the word busy to other (not idle, not failed)', () => {
    expect(lineState('1')).toBe('other');
    expect(lineState(1)).toBe('other');
    expect(lineState('busy')).toBe('other');
    expect(lineState('BUSY')).toBe('other');
    expect(parseLines([{ line: 1, state: '1' }, { line: 2, state: 'busy' }]).map((l) => l.state)).toEqual(['other', 'other']);
  });
  it('reads the seed example (1-based lines, name/number)', () => {
    const lines = parseLines([
      { line: 1, state: '2', acct: '', name: 'Ann', number: '201', active: 0 },
      { line: 2, state: '3', acct: '0', name: '', number: '', active: 0 },
      { line: 3, state: '3', acct: '', name: '', number: '', active: 0 },
      { line: 4, state: '8', acct: '', name: '', number: '', active: 0 },
    ]);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[0]).toEqual({ line: 1, state: 'ringing', remoteNumber: '201', remoteName: 'Ann', account: 0 });
    expect(lines[3]?.state).toBe('failed');
  });
  it('reads remotename/remotenumber, word states, string line numbers and a variable line count', () => {
    const body = Array.from({ length: 6 }, (_, i) => ({ line: String(i + 1), state: i === 5 ? 'onhold' : 'idle', remotename: i === 5 ? 'Bob' : '', remotenumber: i === 5 ? '202' : '', acct: '1' }));
    const lines = parseLines(body);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toEqual({ line: 6, state: 'held', remoteNumber: '202', remoteName: 'Bob', account: 1 });
  });
  it('accepts an object where a list is expected, a single line object, an empty array and empty object', () => {
    expect(parseLines({ '0': { line: 1, state: 'idle' }, '1': { line: 2, state: 'ringing' } }).map((l) => l.state)).toEqual(['idle', 'ringing']);
    expect(parseLines({ line: 2, state: '4', number: '203' })).toEqual([{ line: 2, state: 'connected', remoteNumber: '203', remoteName: '', account: 0 }]);
    expect(parseLines([])).toEqual([]);
    expect(parseLines({})).toEqual([]);
    expect(parseLines('')).toEqual([]);
  });
  it('numbers lines by position when the line field is missing, and ignores extra fields', () => {
    const lines = parseLines([{ state: '0', extra: { x: 1 } }, { state: '4', bogus: true }]);
    expect(lines.map((l) => [l.line, l.state])).toEqual([
      [1, 'idle'],
      [2, 'connected'],
    ]);
  });
  it('throws PhoneParseError for an unknown shape', () => {
    expect(() => parseLines('idle')).toThrow(PhoneParseError);
    expect(() => parseLines([1, 2])).toThrow(/line entry 1/);
    expect(() => parseLines(42)).toThrow(PhoneParseError);
  });
});

describe('phone status, accounts, values', () => {
  it('reads the phone status words and click-to-dial', () => {
    expect(parsePhoneStatus('available', { misc: '1' })).toEqual({ state: 'available', clickToDial: true });
    expect(parsePhoneStatus('ringing', { misc: '0' })).toEqual({ state: 'ringing', clickToDial: false });
    expect(parsePhoneStatus('busy', {})).toEqual({ state: 'busy', clickToDial: null });
    expect(parsePhoneStatus({ status: 'Unauthorized' }, {}).state).toBe('unauthorized');
  });
  it('maps status words outside the manual to other, keeping the word (issue 13 item 2)', () => {
    expect(parsePhoneStatus('dnd', { misc: '1' })).toEqual({ state: 'other', clickToDial: true, reported: 'dnd' });
    expect(parsePhoneStatus({ status: ' Provisioning ' }, {})).toEqual({ state: 'other', clickToDial: null, reported: 'Provisioning' });
    expect(parsePhoneStatus('', {})).toEqual({ state: 'other', clickToDial: null });
    expect(parsePhoneStatus([], {})).toEqual({ state: 'other', clickToDial: null });
    expect(parsePhoneStatus(`x\u0007${'y'.repeat(80)}`, {}).reported).toBe(`x ${'y'.repeat(38)}`);
  });
  it('reads accounts with numbers as strings and strings as numbers', () => {
    const accts = parseAccounts([
      { id: 1, sip_server: 'pbx.grandstream.com', sip_id: '699', name: 'John Somebody', reg: 1 },
      { id: '2', sip_server: '96.31.248.32', sip_id: 9064, name: '9064 (openser)', reg: '0' },
      { sip_id: '', reg: 'true' },
    ]);
    expect(accts[0]).toEqual({ id: 1, sipId: '699', server: 'pbx.grandstream.com', name: 'John Somebody', registered: true });
    expect(accts[1]).toEqual({ id: 2, sipId: '9064', server: '96.31.248.32', name: '9064 (openser)', registered: false });
    expect(accts[2]).toMatchObject({ id: 3, registered: true });
    expect(parseAccounts({ id: 1, sip_id: '1', reg: 1 })).toHaveLength(1);
    expect(parseAccounts([])).toEqual([]);
  });
  it('reads device values and formats the MAC', () => {
    expect(parseDeviceValues({ phone_model: 'GXV3370', prog_version: '1.0.3.56', mac: '000B82AABBCC', vendor_name: 'Grandstream' })).toEqual({
      model: 'GXV3370',
      firmware: '1.0.3.56',
      mac: '00:0B:82:AA:BB:CC',
      vendor: 'Grandstream',
    });
    expect(parseDeviceValues({ '68': '11.16.8.20' })).toMatchObject({ model: 'Grandstream phone', firmware: '11.16.8.20', mac: undefined });
    expect(() => parseDeviceValues('nope')).toThrow(PhoneParseError);
  });
  it('a key answered as "" does not hide a later key with the value; the manual key 68 comes first (issue 13 item 2)', () => {
    expect(parseDeviceValues({ prog_version: '', '68': '1.0.3.30' }).firmware).toBe('1.0.3.30');
    expect(parseDeviceValues({ '68': '', prog_version: '1.0.3.56' }).firmware).toBe('1.0.3.56');
    expect(parseDeviceValues({ '68': '1.0.3.30', prog_version: '9.9' }).firmware).toBe('1.0.3.30');
    expect(parseDeviceValues({ phone_model: '', model: 'GXV3350', mac: '', mac_address: '00-0b-82-01-02-03' })).toMatchObject({ model: 'GXV3350', mac: '00:0B:82:01:02:03' });
    expect(parseDeviceValues({ prog_version: '', '68': '' }).firmware).toBe('unknown');
  });
});

describe('contacts and groups', () => {
  const seedMsg = [
    { contactID: '0', contactName: 'xxx', groupID: '0', work: '8819', home: '', mobile: '', fax: '', email: '' },
    { contactID: 1, contactName: 'grandstream', groupID: 0, work: '3587', home: '555', mobile: '333', fax: '777', email: 'a@b.c' },
  ];
  it('reads the seed contact list', () => {
    const c = parseContacts(seedMsg);
    expect(c[0]).toEqual({ id: '0', name: 'xxx', numbers: [{ type: 'work', number: '8819' }], groupId: '0' });
    expect(c[1]?.numbers.map((n) => n.type)).toEqual(['work', 'home', 'mobile', 'fax']);
    expect(c[1]?.email).toBe('a@b.c');
  });
  it('accepts a map keyed by id, a single contact and an empty list', () => {
    expect(parseContacts({ '0': seedMsg[0], '1': seedMsg[1] })).toHaveLength(2);
    expect(parseContacts(seedMsg[1])).toHaveLength(1);
    expect(parseContacts([])).toEqual([]);
  });
  it('refuses a contact without id', () => {
    expect(() => parseContacts([{ contactName: 'x' }])).toThrow(/no contactID/);
  });
  it('reads groups', () => {
    expect(parseGroups([{ groupID: '0', groupName: 'default' }, { groupID: 100, groupName: 'blacklist' }])).toEqual([
      { id: '0', name: 'default' },
      { id: '100', name: 'blacklist' },
    ]);
    expect(() => parseGroups([{ groupName: 'x' }])).toThrow(/no groupID/);
  });
  it('builds save parameters: names, slots, leftovers into free slots, limits', () => {
    expect(contactParams('ph', { name: 'Jack Brown Jr', numbers: [{ type: 'work', number: '123456' }] })).toEqual({ firstname: 'Jack', lastname: 'Brown Jr', newphone1: '123456' });
    const p = contactParams('ph', {
      id: '7',
      firstName: 'Ann',
      numbers: [
        { type: 'mobile', number: '1' },
        { type: 'mobile', number: '2' },
        { type: 'other', number: '3' },
      ],
      groupId: '2',
    });
    expect(p).toEqual({ id: '7', firstname: 'Ann', lastname: '', newphone1: '2', newphone2: '3', newphone3: '1', newphone4: '', email: '', group: '2' });
    expect(() => contactParams('ph', { numbers: [] })).toThrow(RangeError);
    expect(() => contactParams('ph', { name: 'x', numbers: Array.from({ length: 5 }, (_, i) => ({ type: 'work' as const, number: String(i) })) })).toThrow(/at most 4/);
    expect(() => contactParams('ph', { id: 'abc', name: 'x', numbers: [] })).toThrow(/not a phone contact id/);
  });
  it('finds the saved contact again: by id, else the newest with the same name and numbers', () => {
    const list = parseContacts([
      { contactID: '3', contactName: 'Jack Brown', work: '1' },
      { contactID: '9', contactName: 'Jack Brown', work: '1' },
      { contactID: '12', contactName: 'Jack Brown', work: '2' },
    ]);
    expect(findSavedContact(list, { firstname: 'Jack', lastname: 'Brown', newphone1: '1' }, undefined)?.id).toBe('9');
    expect(findSavedContact(list, { firstname: 'Jack', lastname: 'Brown' }, '3')?.id).toBe('3');
    expect(findSavedContact(list, { firstname: 'Nobody', lastname: '' }, undefined)).toBeUndefined();
  });
});

describe('login helpers', () => {
  it('reads the loginrealm random as text, JSON string or envelope', () => {
    expect(parseRealm('1234567890\n')).toBe('1234567890');
    expect(parseRealm('"abc123"')).toBe('abc123');
    expect(parseRealm('{"response":"success","body":"98765"}')).toBe('98765');
    expect(parseRealm('<html>nope</html>')).toBeUndefined();
    expect(parseRealm('')).toBeUndefined();
  });
  it('splits joined Set-Cookie headers, including dates with commas', () => {
    expect(parseSetCookie('session-identity=abc; Path=/; HttpOnly, session-role=admin; Path=/')).toEqual({ 'session-identity': 'abc', 'session-role': 'admin' });
    expect(parseSetCookie('a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT, b=2')).toEqual({ a: '1', b: '2' });
    expect(parseSetCookie(undefined)).toEqual({});
  });
});

describe('phonebook XML', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AddressBook>
  <pbgroup><id>1</id><name>Friends &amp; Family</name></pbgroup>
  <pbgroup><id>2</id><name>Suppliers</name></pbgroup>
  <Contact>
    <id>0</id>
    <FirstName>Jos&#233;</FirstName>
    <LastName>O&apos;Neil &lt;CEO&gt;</LastName>
    <Phone type="Work"><phonenumber>201</phonenumber><accountindex>1</accountindex></Phone>
    <Phone type="Cell"><phonenumber>+39 333 1234567</phonenumber><accountindex>1</accountindex></Phone>
    <Phone type="Home"><phonenumber>0471 000</phonenumber></Phone>
    <Mail type="Work">jose@example.com</Mail>
    <Group>1</Group>
  </Contact>
  <Contact>
    <FirstName>Solo</FirstName>
    <Phone type="Fax"><phonenumber>999</phonenumber></Phone>
  </Contact>
</AddressBook>`;
  it('reads groups, several phones per contact and decodes entities', () => {
    const pb = parsePhonebookXml(xml);
    expect(pb.groups).toEqual([
      { id: '1', name: 'Friends & Family' },
      { id: '2', name: 'Suppliers' },
    ]);
    expect(pb.contacts).toHaveLength(2);
    const c = pb.contacts[0];
    expect(c?.name).toBe("José O'Neil <CEO>");
    expect(c?.numbers).toEqual([
      { type: 'work', number: '201' },
      { type: 'mobile', number: '+39 333 1234567' },
      { type: 'home', number: '0471 000' },
    ]);
    expect(c?.email).toBe('jose@example.com');
    expect(c?.groupId).toBe('1');
    expect(pb.contacts[1]).toMatchObject({ id: 'pb1', name: 'Solo', numbers: [{ type: 'fax', number: '999' }] });
  });
  it('reads an empty phonebook and the <Groups><Group id> variant', () => {
    expect(parsePhonebookXml('<AddressBook/>')).toEqual({ groups: [], contacts: [] });
    const pb = parsePhonebookXml('<AddressBook><Groups><Group id="5">VIP</Group></Groups><Contact><LastName>Z</LastName></Contact></AddressBook>');
    expect(pb.groups).toEqual([{ id: '5', name: 'VIP' }]);
    expect(pb.contacts[0]).toMatchObject({ name: 'Z', numbers: [] });
  });
  it('refuses malformed XML, non-XML, a missing root and entity declarations', () => {
    expect(() => parsePhonebookXml('<AddressBook><Contact><FirstName>x</Contact></AddressBook>')).toThrow(/malformed/);
    expect(() => parsePhonebookXml('{"response":"success"}')).toThrow(/not XML/);
    expect(() => parsePhonebookXml('<Phonebook><Contact/></Phonebook>')).toThrow(/no <AddressBook>/);
    expect(() => parsePhonebookXml('<!DOCTYPE x [<!ENTITY a "b">]><AddressBook/>')).toThrow(/entities/);
    expect(() => parsePhonebookXml('<AddressBook><Contact><FirstName>cut')).toThrow(PhoneParseError);
  });
});

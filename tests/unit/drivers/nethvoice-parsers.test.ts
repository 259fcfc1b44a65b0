import { describe, expect, it } from 'vitest';
import {
  parseExtensions,
  parseUsers,
  parseVoicemails,
  records,
  ShapeError,
  toContacts,
  toPresence,
  toVoicemailBoxes,
} from '../../../main/drivers/nethvoice/parsers';
import { matchesSearch } from '../../../main/drivers/nethvoice/search';

const USER_PASSWORD = 'Cl3arText-Pa55!';
const SIP_SECRET = 'sipsecret0123456';
const WEB_PASSWORD = '87654321';
const VM_PIN = '9911';

function userRow(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '2',
    auth: '1',
    username: 'ada',
    password: USER_PASSWORD,
    default_extension: '201',
    displayname: 'Ada Lovelace',
    fname: 'Ada',
    lname: 'Lovelace',
    email: 'ada@example.com',
    cell: '00393331234567',
    work: null,
    home: null,
    fax: null,
    company: null,
    devices: [
      {
        id: '1',
        user_id: '2',
        mac: 'AA:BB:CC:DD:EE:01',
        vendor: 'Yealink',
        model: 'T46S',
        mainextension: '201',
        extension: '91201',
        secret: SIP_SECRET,
        web_user: 'admin',
        web_password: WEB_PASSWORD,
        type: 'physical',
      },
    ],
    profile: '3',
    ...over,
  };
}

describe('NethVoice users parser', () => {
  it('reads a list of userman rows and never copies passwords, SIP secrets or web passwords', () => {
    const users = parseUsers([userRow()]);
    expect(users).toEqual([
      {
        id: '2',
        username: 'ada',
        displayName: 'Ada Lovelace',
        firstName: 'Ada',
        lastName: 'Lovelace',
        extension: '201',
        email: 'ada@example.com',
        company: '',
        mobile: '00393331234567',
        work: '',
        home: '',
        fax: '',
        devices: [{ id: '1', mac: 'AA:BB:CC:DD:EE:01', vendor: 'Yealink', model: 'T46S', type: 'physical', extension: '91201', mainExtension: '201', registered: null, state: '' }],
      },
    ]);
    const json = JSON.stringify(users);
    for (const secret of [USER_PASSWORD, SIP_SECRET, WEB_PASSWORD]) expect(json).not.toContain(secret);
    expect(json).not.toMatch(/"password"|"secret"|"web_password"|"web_user"/);
  });

  it('accepts an object keyed by id, a single row, numbers as numbers, [] and null', () => {
    const keyed = parseUsers({ '2': userRow(), '3': userRow({ id: 3, username: 'bob', default_extension: 202, displayname: null, fname: 'Bob', lname: '' }) });
    expect(keyed.map((u) => [u.username, u.extension, u.displayName, u.id])).toEqual([
      ['ada', '201', 'Ada Lovelace', '2'],
      ['bob', '202', 'Bob', '3'],
    ]);
    expect(parseUsers(userRow())).toHaveLength(1);
    expect(parseUsers([])).toEqual([]);
    expect(parseUsers(null)).toEqual([]);
    expect(parseUsers('')).toEqual([]);
  });

  it('tolerates missing fields and devices given as an object, an empty array or null', () => {
    const [u] = parseUsers([{ username: 'carl', devices: { '5': { mac: 'AA:BB:CC:DD:EE:05', extension: 91203, type: 'webrtc', secret: SIP_SECRET } } }]);
    expect(u).toMatchObject({ username: 'carl', displayName: 'carl', extension: '', devices: [{ mac: 'AA:BB:CC:DD:EE:05', extension: '91203', type: 'webrtc' }] });
    expect(JSON.stringify(u)).not.toContain(SIP_SECRET);
    expect(parseUsers([{ username: 'd', devices: [] }])[0]!.devices).toEqual([]);
    expect(parseUsers([{ username: 'e', devices: null }])[0]!.devices).toEqual([]);
  });

  it('maps the FreePBX "none" extension to no extension', () => {
    expect(parseUsers([userRow({ default_extension: 'none' })])[0]!.extension).toBe('');
  });

  it('throws ShapeError for a bare integer, a string, rows without username, or an object of scalars', () => {
    expect(() => parseUsers(3)).toThrow(ShapeError);
    expect(() => parseUsers('users')).toThrow(ShapeError);
    expect(() => parseUsers([{ nothing: 1 }])).toThrow(/username/);
    expect(() => parseUsers({ error: 'boom' })).toThrow(ShapeError);
    expect(() => parseUsers(true)).toThrow(ShapeError);
  });

  it('error messages describe the shape without quoting values', () => {
    try {
      parseUsers({ password: USER_PASSWORD });
    } catch (e) {
      expect((e as Error).message).not.toContain(USER_PASSWORD);
    }
    expect.assertions(1);
  });
});

describe('NethVoice extensions and voicemail parsers', () => {
  const EXT = { extension: '201', password: '', name: 'Ada Lovelace', voicemail: 'default', tech: 'virtual', id: '201' };

  it('reads main extensions with their voicemail flag', () => {
    expect(parseExtensions([EXT, { ...EXT, extension: 202, name: 'Bob', voicemail: 'novm' }, { extension: '203' }])).toEqual([
      { extension: '201', name: 'Ada Lovelace', hasVoicemail: true },
      { extension: '202', name: 'Bob', hasVoicemail: false },
      { extension: '203', name: '', hasVoicemail: null },
    ]);
    expect(parseExtensions({ '201': EXT })).toHaveLength(1);
    expect(parseExtensions(EXT)).toHaveLength(1);
    expect(() => parseExtensions(12)).toThrow(ShapeError);
  });

  it('reads /voicemails keyed by mailbox, as a list, as [] or null, and drops the PIN', () => {
    const keyed = { '201': { mailbox: '201', pwd: VM_PIN, name: 'Ada', email: 'a@x', options: { attach: 'yes' } }, '202': { pwd: '1', name: 'Bob' } };
    const boxes = parseVoicemails(keyed);
    expect(boxes).toEqual([
      { mailbox: '201', name: 'Ada' },
      { mailbox: '202', name: 'Bob' },
    ]);
    expect(JSON.stringify(boxes)).not.toContain(VM_PIN);
    expect(parseVoicemails([{ mailbox: 301, pwd: VM_PIN }])).toEqual([{ mailbox: '301', name: '' }]);
    expect(parseVoicemails([])).toEqual([]);
    expect(parseVoicemails(null)).toEqual([]);
    expect(() => parseVoicemails(7)).toThrow(ShapeError);
  });

  it('records() keeps the object keys for keyed lists', () => {
    expect(records({ a: { x: 1 }, b: { x: 2 } }, 'id', 'things').map(([k]) => k)).toEqual(['a', 'b']);
  });
});

describe('NethVoice domain mapping', () => {
  const users = parseUsers([
    userRow(),
    userRow({ username: 'bob', default_extension: '202', displayname: 'Bob Bianchi', fname: 'Bob', lname: 'Bianchi', cell: null, email: null, devices: [] }),
    userRow({ username: 'nova', default_extension: 'none', displayname: 'Nova', fname: 'Nova', lname: '', cell: null, email: null, devices: [] }),
  ]);
  const exts = parseExtensions([
    { extension: '201', name: 'Ada Lovelace', voicemail: 'default' },
    { extension: '202', name: 'Bob Bianchi', voicemail: 'novm' },
    { extension: '299', name: 'Fax room', voicemail: 'novm' },
  ]);

  it('builds the directory from users then user-less extensions, without secrets', () => {
    const contacts = toContacts(users, exts);
    expect(contacts).toEqual([
      {
        id: 'user:ada',
        name: 'Ada Lovelace',
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        numbers: [
          { type: 'work', number: '201' },
          { type: 'mobile', number: '00393331234567' },
        ],
      },
      { id: 'user:bob', name: 'Bob Bianchi', firstName: 'Bob', lastName: 'Bianchi', numbers: [{ type: 'work', number: '202' }] },
      { id: 'user:nova', name: 'Nova', firstName: 'Nova', numbers: [] },
      { id: 'ext:299', name: 'Fax room', numbers: [{ type: 'work', number: '299' }] },
    ]);
    const json = JSON.stringify(contacts);
    for (const secret of [USER_PASSWORD, SIP_SECRET, WEB_PASSWORD]) expect(json).not.toContain(secret);
  });

  it('search folds accents and matches numbers with +/00 equivalence', () => {
    const contacts = toContacts(parseUsers([userRow({ displayname: 'Niccolò Bàrberi' })]), []);
    expect(contacts.filter((c) => matchesSearch(c, 'niccolo'))).toHaveLength(1);
    expect(contacts.filter((c) => matchesSearch(c, 'barberi nic'))).toHaveLength(1);
    expect(contacts.filter((c) => matchesSearch(c, '+39 333 1234567'))).toHaveLength(1);
    expect(contacts.filter((c) => matchesSearch(c, '333-123'))).toHaveLength(1);
    expect(contacts.filter((c) => matchesSearch(c, 'zed'))).toHaveLength(0);
  });

  it('presence from devices: no device → offline, devices without state → unknown, registered/word states', () => {
    const pres = toPresence(
      parseUsers([
        userRow(),
        userRow({ username: 'b', default_extension: '202', displayname: 'B', devices: [] }),
        userRow({ username: 'c', default_extension: '203', displayname: 'C', devices: [{ mac: 'AA:BB:CC:DD:EE:03', registered: true }] }),
        userRow({ username: 'd', default_extension: '204', displayname: 'D', devices: [{ mac: 'AA:BB:CC:DD:EE:04', registered: '0' }, { mac: 'AA:BB:CC:DD:EE:14', status: 'unreachable' }] }),
        userRow({ username: 'e', default_extension: '205', displayname: 'E', devices: [{ mac: 'AA:BB:CC:DD:EE:05', registered: true, state: 'INUSE' }] }),
        userRow({ username: 'f', default_extension: '206', displayname: 'F', devices: [{ mac: 'AA:BB:CC:DD:EE:06', state: 'ringing' }] }),
        userRow({ username: 'g', default_extension: 'none', displayname: 'G' }),
      ]),
    );
    expect(pres).toEqual([
      { extension: '201', name: 'Ada Lovelace', state: 'unknown' },
      { extension: '202', name: 'B', state: 'offline' },
      // registered with no call state: online (shared/domain.ts PresenceState), not available
      { extension: '203', name: 'C', state: 'online' },
      { extension: '204', name: 'D', state: 'offline' },
      { extension: '205', name: 'E', state: 'busy' },
      { extension: '206', name: 'F', state: 'ringing' },
    ]);
  });

  it('voicemail boxes: counts null, enabled true; the reception extension listed first, as disabled when it has no box', () => {
    expect(toVoicemailBoxes([{ mailbox: '202', name: '' }, { mailbox: '201', name: '' }], '201')).toEqual([
      { mailbox: '201', new: null, old: null, urgent: null, enabled: true },
      { mailbox: '202', new: null, old: null, urgent: null, enabled: true },
    ]);
    expect(toVoicemailBoxes([{ mailbox: '202', name: '' }], '200')).toEqual([
      { mailbox: '200', new: null, old: null, urgent: null, enabled: false },
      { mailbox: '202', new: null, old: null, urgent: null, enabled: true },
    ]);
    expect(toVoicemailBoxes([])).toEqual([]);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KalliopeSim, kalliopeContactsFromOffice, md5, type KalliopeSimOptions } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { basic, call, errorOf, many, req, type Tree } from './kalliope-helpers';

const OPTS: KalliopeSimOptions = {
  id: 'kpbx',
  name: 'KalliopePBX Sede',
  password: 'Segreto!1',
  receptionExtension: '200',
  extensions: [
    { extension: '200', name: 'Reception Desk' },
    { extension: '201', name: 'Niccolò Bàrberi', voicemail: true },
    { extension: '202', name: 'Zoë Müller' },
  ],
  contacts: [
    { firstName: 'Giulia', lastName: 'Rossi', organization: 'Caffè Ambrosiano S.p.A.', phone: '+39 02 1234567', mail: 'giulia@caffe.example' },
    { firstName: 'Matteo', lastName: 'Bianchi', organization: 'Studio Legale Conti & Partners', phone: '+39 333 7654321' },
    { firstName: 'Privata', lastName: 'Di Niccolò', phone: '3471112223', owner: '201' },
  ],
  firmware: '3.9.5-2742',
};
const AUTH = basic('admin', md5(OPTS.password));

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
afterEach(() => {
  served.gate.set(null);
});

const contacts = (root: Tree): Tree[] => many((root['contacts'] as Tree | undefined)?.['contact']);

describe('auth (Basic admin:md5(password))', () => {
  it('accepts the seed example: password "admin" → 21232f297a57a5a743894a0e4a801fc3', async () => {
    expect(md5('admin')).toBe('21232f297a57a5a743894a0e4a801fc3');
    const s = new KalliopeSim({ ...OPTS, id: 'k-admin', password: 'admin' });
    const srv = await serveDevice(s);
    try {
      const r = await call(srv.url, basic('admin', '21232f297a57a5a743894a0e4a801fc3'), 'GET', '/system/firmware');
      expect(r.status).toBe(200);
      expect((await call(srv.url, basic('admin', 'admin'), 'GET', '/system/firmware')).status).toBe(401);
    } finally {
      await srv.close();
    }
  });

  it('answers 401 with a Basic challenge for missing or wrong credentials, and 3.x has no salt endpoint', async () => {
    const none = await call(base, null, 'GET', '/phonebook/contacts');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await call(base, basic('admin', OPTS.password), 'GET', '/phonebook/contacts')).status).toBe(401);
    expect((await call(base, basic('root', md5(OPTS.password)), 'GET', '/phonebook/contacts')).status).toBe(401);
    expect((await call(base, null, 'GET', '/salt/default')).status).toBe(401);
    expect((await call(base, AUTH, 'GET', '/salt/default')).status).toBe(404);
  });

  it('answers 401 while auth-expired is applied', async () => {
    expect(served.gate.set({ kind: 'auth-expired' })).toBe(true);
    expect((await call(base, AUTH, 'GET', '/system/firmware')).status).toBe(401);
    served.gate.set(null);
    expect((await call(base, AUTH, 'GET', '/system/firmware')).status).toBe(200);
  });

  it('a 4.x PBX refuses v3 Basic auth and answers /rest/salt/default', async () => {
    const s4 = new KalliopeSim({ ...OPTS, id: 'k4', generation: 4 });
    const srv = await serveDevice(s4);
    try {
      const r = await call(srv.url, basic('admin', md5(OPTS.password)), 'GET', '/system/firmware');
      expect(r.status).toBe(401);
      const salt = await call(srv.url, null, 'GET', '/salt/default', undefined, { Accept: 'application/json' });
      expect(salt.status).toBe(200);
      expect(salt.text).not.toMatch(/kpbx_response/);
      expect((JSON.parse(salt.text) as { salt: string }).salt).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await srv.close();
    }
  });
});

describe('routing, request_id and system', () => {
  it('echoes request_id from the URL (GET) and from the body (POST), and omits it otherwise', async () => {
    const g = await call(base, AUTH, 'GET', '/system/firmware?request_id=xyz123');
    expect(g.root['request_id']).toBe('xyz123');
    expect(g.text.indexOf('<request_id>')).toBeLessThan(g.text.indexOf('<firmware>'));
    const p = await call(base, AUTH, 'POST', '/phonebook/search', req('<filter><any>Giulia</any></filter>', 'abc7'));
    expect(p.root['request_id']).toBe('abc7');
    expect((await call(base, AUTH, 'GET', '/system/firmware')).root['request_id']).toBeUndefined();
  });

  it('plays each reading of the request_id example (xyz123 → xyz): truncated, letters only, omitted', async () => {
    const cases = [['truncated', 'xyz'], ['letters', 'xyz'], ['omitted', undefined], ['same', 'xyz123']] as const;
    for (const [requestIdEcho, echoed] of cases) {
      const s = new KalliopeSim({ ...OPTS, id: `k-${requestIdEcho}`, requestIdEcho });
      const served = await serveDevice(s);
      try {
        const g = await call(served.url, AUTH, 'GET', '/system/firmware?request_id=xyz123');
        expect(g.root['request_id'], requestIdEcho).toBe(echoed);
        const p = await call(served.url, AUTH, 'POST', '/phonebook/search', req('<filter/>', 'ab12cd34'));
        expect(p.root['request_id'], requestIdEcho).toBe({ truncated: 'ab1', letters: 'abcd', omitted: undefined, same: 'ab12cd34' }[requestIdEcho]);
      } finally {
        await served.close();
      }
    }
  });

  it('GET /system/firmware answers primary, secondary and running', async () => {
    const r = await call(base, AUTH, 'GET', '/system/firmware');
    expect(r.contentType).toMatch(/xml/);
    expect(r.root['firmware']).toEqual({ primary: '3.9.5-2742', secondary: '3.9.3-2664', running: 'primary' });
  });

  it('answers 404 outside /rest and for unknown APIs, 405 for a wrong method', async () => {
    expect((await fetch(`${base}/index.php`)).status).toBe(404);
    expect((await call(base, AUTH, 'GET', '/nosuch/api')).status).toBe(404);
    const m = await call(base, AUTH, 'DELETE', '/system/firmware');
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET');
  });
});

describe('license lock', () => {
  it('answers every API with <request_not_allowed> code 2 under license-expired, except /system/network, /license and /pbx/apply', async () => {
    expect(served.gate.set({ kind: 'license-expired' })).toBe(true);
    for (const [m, p, b] of [['GET', '/phonebook/contacts?request_id=L1'], ['GET', '/system/firmware'], ['POST', '/cdr', req('<cdr/>')], ['GET', '/voicemails/count/200']] as const) {
      const r = await call(base, AUTH, m, p, b);
      expect(r.status, p).toBe(200);
      expect(errorOf(r.root, 'request_not_allowed'), p).toEqual(['2', 'License expired']);
    }
    expect((await call(base, AUTH, 'GET', '/phonebook/contacts?request_id=L1')).root['request_id']).toBe('L1');
    expect((await call(base, AUTH, 'GET', '/system/network/dns')).root['dns']).toEqual({ ip_address: '192.168.1.1' });
    expect((await call(base, AUTH, 'GET', '/license/pxbinstance')).root['pbx_instance_license']).toMatchObject({ license_status: 'EXPIRED' });
    expect((await call(base, AUTH, 'PUT', '/pbx/apply')).root['pbx_applied']).toBe('true');
    served.gate.set(null);
    expect(contacts((await call(base, AUTH, 'GET', '/phonebook/contacts')).root).length).toBeGreaterThan(0);
  });

  it('answers code 1 "License missing" when the license was never activated, and 3 when disabled', async () => {
    const s = new KalliopeSim({ ...OPTS, id: 'k-nolic', licenseValid: false });
    const srv = await serveDevice(s);
    try {
      expect(errorOf((await call(srv.url, AUTH, 'GET', '/users/brief')).root, 'request_not_allowed')).toEqual(['1', 'License missing']);
      expect(errorOf((await call(srv.url, AUTH, 'GET', '/license/pxbininstance')).root, 'pbx_instance_license')).toEqual(['11', 'No license present']);
      s.setLicense('disabled');
      expect(errorOf((await call(srv.url, AUTH, 'GET', '/users/brief')).root, 'request_not_allowed')).toEqual(['3', 'License disabled']);
      s.setLicense('active');
      expect((await call(srv.url, AUTH, 'GET', '/users/brief')).root['users']).toBeDefined();
    } finally {
      await srv.close();
    }
  });
});

describe('phonebook contacts', () => {
  it('lists system and private contacts with the seed fields', async () => {
    const list = contacts((await call(base, AUTH, 'GET', '/phonebook/contacts')).root);
    expect(list).toHaveLength(3);
    expect(list[0]).toEqual({
      id: '1',
      first_name: 'Giulia',
      last_name: 'Rossi',
      organization: 'Caffè Ambrosiano S.p.A.',
      organizational_unit: '', // empty tags are sent self-closing: <organizational_unit/>
      type: 'system',
      phone: '+39 02 1234567',
      mail: 'giulia@caffe.example',
      speed_dial: '',
    });
    expect(list[1]?.['organization']).toBe('Studio Legale Conti & Partners');
    expect(list[2]?.['type']).toBe('private');
  });

  it('gets one contact; invalid id → 14, unknown id → 15', async () => {
    expect(contacts((await call(base, AUTH, 'GET', '/phonebook/contacts/2')).root)[0]?.['first_name']).toBe('Matteo');
    expect(errorOf((await call(base, AUTH, 'GET', '/phonebook/contacts/abc')).root, 'contact')).toEqual(['14', 'Invalid contact ID']);
    expect(errorOf((await call(base, AUTH, 'GET', '/phonebook/contacts/999')).root, 'contact')).toEqual(['15', 'Contact not found']);
  });

  it('adds system and private contacts and reports the seed errors', async () => {
    const add = async (inner: string): Promise<[string, string]> => errorOf((await call(base, AUTH, 'POST', '/phonebook/contacts', req(inner))).root, 'contact');
    expect(await add('<contact><first_name>Søren</first_name><last_name>Håkansson</last_name><phone>+41 44 555 0101</phone><organization>A &amp; B</organization></contact>')).toEqual(['0', 'Success']);
    expect(await add('<contact><owner>-1</owner><first_name>Anaïs</first_name><last_name></last_name><phone>0211</phone></contact>')).toEqual(['0', 'Success']);
    expect(await add('<contact><owner>202</owner><first_name>Mamma</first_name><last_name>Müller</last_name><phone>0312</phone></contact>')).toEqual(['0', 'Success']);
    expect(await add('<contact><owner>999</owner><first_name>X</first_name><last_name>Y</last_name><phone>1</phone></contact>')).toEqual(['11', 'Invalid owner for user']);
    expect(await add('<contact><first_name>X</first_name><phone>1</phone></contact>')).toEqual(['12', 'One or more required field missing']);
    expect(await add('<contact><first_name>X</first_name><last_name>Y</last_name><phone></phone></contact>')).toEqual(['12', 'One or more required field missing']);
    expect(await add('<somethingelse/>')).toEqual(['10', 'Invalid contact request']);
    expect(errorOf((await call(base, AUTH, 'POST', '/phonebook/contacts', 'not xml <<')).root, 'contact')).toEqual(['10', 'Invalid contact request']);
    const all = contacts((await call(base, AUTH, 'GET', '/phonebook/contacts')).root);
    const soren = all.find((c) => c['first_name'] === 'Søren');
    expect(soren).toMatchObject({ type: 'system', organization: 'A & B', phone: '+41 44 555 0101' });
    expect(all.find((c) => c['first_name'] === 'Mamma')?.['type']).toBe('private');
  });

  it('updates with PUT (only the tags sent) and refuses private contacts and unknown ids', async () => {
    const put = async (inner: string): Promise<[string, string]> => errorOf((await call(base, AUTH, 'PUT', '/phonebook/contacts', req(inner))).root, 'contact');
    expect(await put('<contact><id>2</id><phone>+39 333 0000001</phone></contact>')).toEqual(['0', 'Success']);
    const c = contacts((await call(base, AUTH, 'GET', '/phonebook/contacts/2')).root)[0];
    expect(c).toMatchObject({ first_name: 'Matteo', last_name: 'Bianchi', phone: '+39 333 0000001' });
    expect(await put('<contact><id>3</id><phone>1</phone></contact>')).toEqual(['17', 'Admin can not handle private contact']);
    expect(await put('<contact><id>999</id><phone>1</phone></contact>')).toEqual(['15', 'Contact not found']);
    expect(await put('<contact><phone>1</phone></contact>')).toEqual(['12', 'One or more required field missing']);
    expect(await put('<contact><id>2</id><phone></phone></contact>')).toEqual(['12', 'One or more required field missing']);
    expect(errorOf((await call(base, AUTH, 'PUT', '/phonebook/contacts', req(''))).root, 'contact')).toEqual(['10', 'Invalid contact request']);
  });

  it('deletes system contacts; private → 17, unknown → 15, invalid id → 14', async () => {
    const add = await call(base, AUTH, 'POST', '/phonebook/contacts', req('<contact><first_name>Temp</first_name><last_name>Delete</last_name><phone>123</phone></contact>'));
    expect(errorOf(add.root, 'contact')[0]).toBe('0');
    const id = contacts((await call(base, AUTH, 'GET', '/phonebook/contacts')).root).find((c) => c['first_name'] === 'Temp')?.['id'];
    expect(errorOf((await call(base, AUTH, 'DELETE', `/phonebook/contacts/${String(id)}`)).root, 'contact')).toEqual(['0', 'Success']);
    expect(errorOf((await call(base, AUTH, 'DELETE', `/phonebook/contacts/${String(id)}`)).root, 'contact')).toEqual(['15', 'Contact not found']);
    expect(errorOf((await call(base, AUTH, 'DELETE', '/phonebook/contacts/3')).root, 'contact')).toEqual(['17', 'Admin can not handle private contact']);
    expect(errorOf((await call(base, AUTH, 'DELETE', '/phonebook/contacts/x1')).root, 'contact')).toEqual(['14', 'Invalid contact ID']);
    expect(errorOf((await call(base, AUTH, 'DELETE', '/phonebook/contacts')).root, 'contact')).toEqual(['14', 'Invalid contact ID']);
  });
});

describe('phonebook search', () => {
  const search = async (filter: string): Promise<string[]> =>
    contacts((await call(base, AUTH, 'POST', '/phonebook/search', req(filter))).root).map((c) => `${String(c['first_name'])} ${String(c['last_name'] ?? '')}`.trim());

  it('matches exactly by default and treats % as a wildcard', async () => {
    expect(await search('<filter><first_name>Giulia</first_name></filter>')).toEqual(['Giulia Rossi']);
    expect(await search('<filter><first_name>Giu</first_name></filter>')).toEqual([]);
    expect(await search('<filter><first_name>Giu%</first_name></filter>')).toEqual(['Giulia Rossi']);
    expect(await search('<filter><organization>%Conti%</organization></filter>')).toEqual(['Matteo Bianchi']);
    expect(await search('<filter><first_name>giulia</first_name><last_name>Bianchi</last_name></filter>')).toEqual([]);
  });

  it('<any> matches any attribute and excludes the other tags; an empty filter returns everything', async () => {
    expect(await search('<filter><any>%caffe.example</any><last_name>Nobody</last_name></filter>')).toEqual(['Giulia Rossi']);
    expect(await search('<filter><any></any><last_name>Rossi</last_name></filter>')).toEqual(['Giulia Rossi']);
    const total = contacts((await call(base, AUTH, 'GET', '/phonebook/contacts')).root).length;
    expect(await search('<filter/>')).toHaveLength(total);
  });

  it('answers 19 without a <filter>', async () => {
    expect(errorOf((await call(base, AUTH, 'POST', '/phonebook/search', req('<any>x</any>'))).root, 'filter')).toEqual(['19', 'Invalid filter request']);
  });
});

describe('voicemail count', () => {
  it('counts urgent, new and old messages per mailbox', async () => {
    const count = async (box: string): Promise<unknown> => (await call(base, AUTH, 'GET', `/voicemails/count/${box}`)).root['voicemails'];
    expect(await count('200')).toEqual({ voicemail: { urg_messages: '0', new_messages: '0', old_messages: '0' } });
    expect(sim.leaveVoicemail('200', false)).toBe(true);
    expect(sim.leaveVoicemail('200', true)).toBe(true);
    expect(await count('200')).toEqual({ voicemail: { urg_messages: '1', new_messages: '2', old_messages: '0' } });
    expect(sim.readVoicemail('200')).toBe(true);
    expect(await count('200')).toEqual({ voicemail: { urg_messages: '0', new_messages: '0', old_messages: '2' } });
    expect(sim.leaveVoicemail('201', false)).toBe(true);
    expect(sim.leaveVoicemail('202', false)).toBe(false); // no box
    expect(sim.leaveVoicemail('999', false)).toBe(false);
    expect(await count('202')).toBe('');
  });
});

describe('construction and manifest', () => {
  it('gives the manifest entry with the reception extension', () => {
    expect(sim.manifestEntry('http://127.0.0.1:1')).toEqual({ id: 'kpbx', kind: 'kalliope', name: 'KalliopePBX Sede', url: 'http://127.0.0.1:1', username: 'admin', password: 'Segreto!1', extension: '200', privacyPassword: 'privacy' });
    expect(new KalliopeSim({ ...OPTS, privacyPassword: 'Pr!v' }).manifestEntry('http://127.0.0.1:1')['privacyPassword']).toBe('Pr!v');
  });

  it('gives the configured user name in the manifest, but the API accepts only "admin" (REST API 1.1)', async () => {
    const s = new KalliopeSim({ ...OPTS, id: 'k-user', username: 'restadmin' });
    const entry = s.manifestEntry('http://127.0.0.1:1');
    expect(entry.username).toBe('restadmin');
    const served = await serveDevice(s);
    try {
      const other = await call(served.url, basic(entry.username, md5(entry.password)), 'GET', '/system/firmware?request_id=m1');
      expect(other.status).toBe(401);
      const admin = await call(served.url, basic('admin', md5(entry.password)), 'GET', '/system/firmware?request_id=m2');
      expect(admin.status).toBe(200);
    } finally {
      await served.close();
    }
  });

  it('refuses a reception extension that is not an extension, and unknown contact owners', () => {
    expect(() => new KalliopeSim({ ...OPTS, receptionExtension: '999' })).toThrow(/reception/);
    expect(() => new KalliopeSim({ ...OPTS, contacts: [{ firstName: 'a', phone: '1', owner: '777' }] })).toThrow(/owner/);
  });

  it('turns office contacts into one Kalliope contact per number', () => {
    const out = kalliopeContactsFromOffice([{ firstName: 'Ada', lastName: 'Neri', company: 'ACME', work: '+39 02 1', mobile: '+39 333 2', email: 'a@x' }, { firstName: 'Solo' }]);
    expect(out).toEqual([
      { firstName: 'Ada', lastName: 'Neri', organization: 'ACME', phone: '+39 02 1', mail: 'a@x' },
      { firstName: 'Ada', lastName: 'Neri', organization: 'ACME', phone: '+39 333 2', mail: 'a@x' },
    ]);
  });
});

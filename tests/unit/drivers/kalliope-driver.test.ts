import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import {
  AuthError,
  DeviceRejectedError,
  LicenseError,
  ProtocolError,
  UnsupportedFirmwareError,
} from '../../../main/core/driver/errors';
import type { Driver, DriverConfig } from '../../../main/core/driver/types';
import { createKalliopeDriver, newRequestId, requestIdMatches } from '../../../main/drivers/kalliope';
import { reply, startFixture, type Fixture, type Recorded } from './pbx-fixture-server';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const xmlParser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, htmlEntities: true });

/** The request_id the driver sent: query for GET/DELETE, <request_id> for POST/PUT. */
function ridOf(r: Recorded): string {
  if (r.method === 'GET' || r.method === 'DELETE') return r.query.get('request_id') ?? '';
  const m = /<request_id>([^<]*)<\/request_id>/.exec(r.body);
  return m?.[1] ?? '';
}
function kresp(r: Recorded, inner: string): string {
  return `<?xml version="1.0"?>\n<kpbx_response><request_id>${ridOf(r)}</request_id>${inner}</kpbx_response>`;
}
function requestTree(r: Recorded): Record<string, unknown> {
  return (xmlParser.parse(r.body) as { kpbx_request: Record<string, unknown> }).kpbx_request;
}

let fx: Fixture | undefined;
let driver: Driver | undefined;
afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

async function setup(handler: (r: Recorded, res: Parameters<Fixture['handler']>[1]) => void, extra: Partial<DriverConfig> = {}) {
  fx = await startFixture(handler);
  const config: DriverConfig = {
    device: 'Front PBX',
    kind: 'kalliope',
    url: fx.url,
    username: 'admin',
    password: 'pa$$ word',
    extension: '200',
    timeoutMs: 2000,
    // These fixtures play a 3.x PBX: pinned, so no anonymous 4.x check comes first (detection has its own tests).
    family: 'kalliope-3',
    ...extra,
  };
  driver = createKalliopeDriver(config);
  return { fx, driver };
}

const FIRMWARE = '<firmware><primary>3.9.5-2700</primary><secondary>3.10.1-2900</secondary><running>secondary</running></firmware>';

describe('Kalliope driver: transport', () => {
  it('sends Basic admin:md5(password) and reads model/firmware from /system/firmware', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, kresp(r, FIRMWARE)));
    const p = await driver.probe();
    expect(p).toMatchObject({ kind: 'kalliope', model: 'KalliopePBX', firmware: '3.10.1-2900' });
    expect(p.capabilities).toEqual(expect.arrayContaining(['dial', 'contacts', 'contactsWrite', 'voicemail', 'presence', 'callHistory']));
    const req = fx.requests[0]!;
    expect(req.path).toBe('/rest/system/firmware');
    expect(req.headers.authorization).toBe('Basic ' + Buffer.from(`admin:${md5('pa$$ word')}`).toString('base64'));
    expect(req.query.get('request_id')).toMatch(/^[a-z]{8,}$/); // letters only: dropping digits leaves it whole
  });

  it.each(['', '/rest', '/rest/'])('appends /rest to the root URL once (url suffix "%s")', async (suffix) => {
    fx = await startFixture((r, res) => reply(res, 200, kresp(r, FIRMWARE)));
    driver = createKalliopeDriver({ device: 'p', kind: 'kalliope', url: fx.url + suffix, username: 'admin', password: 'x', family: 'kalliope-3' });
    await driver.probe();
    expect(fx.requests[0]!.path).toBe('/rest/system/firmware');
  });

  it('puts request_id in the XML body of POST/PUT and accepts an answer without the echo', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, `<kpbx_response><click2call><error_code><code>0</code><message>Success</message></error_code></click2call></kpbx_response>`));
    await driver.dial!({ number: '021234' });
    const tree = requestTree(fx.requests[0]!);
    expect(Object.keys(tree)[0]).toBe('request_id');
    expect(String(tree['request_id'])).toMatch(/^[a-z0-9]+$/);
  });

  it('accepts a shortened or empty request_id echo (the manual: xyz123 → xyz), refuses any other id', () => {
    expect(requestIdMatches('fdabcxyz', 'fdabcxyz')).toBe(true);
    expect(requestIdMatches('fdabcxyz', 'fda')).toBe(true);
    expect(requestIdMatches('fdabcxyz', '')).toBe(true);
    expect(requestIdMatches('fdabcxyz', 'fdabcxyzq')).toBe(false);
    expect(requestIdMatches('fdabcxyz', 'abc')).toBe(false);
    expect(requestIdMatches('fdabcxyz', 'someone-else')).toBe(false);
    for (let i = 0; i < 50; i++) expect(newRequestId()).toMatch(/^fd[a-z]{12}$/);
  });

  it('takes an echo cut to a prefix, on GET and POST', async () => {
    const { driver } = await setup((r, res) => reply(res, 200, `<kpbx_response><request_id>${ridOf(r).slice(0, 3)}</request_id>${r.path.endsWith('firmware') ? FIRMWARE : '<contacts/>'}</kpbx_response>`));
    await expect(driver.probe()).resolves.toMatchObject({ firmware: '3.10.1-2900' });
    await expect(driver.contacts!({ search: 'rossi' })).resolves.toEqual([]);
  });

  it('rejects an answer echoing another request_id (ProtocolError)', async () => {
    const { driver } = await setup((_r, res) => reply(res, 200, `<kpbx_response><request_id>someone-else</request_id>${FIRMWARE}</kpbx_response>`));
    const e = await driver.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toMatch(/request_id/);
  });

  it('pinned to 3.x, a 401 while /rest/salt/default answers is KalliopePBX 4.x → UnsupportedFirmwareError', async () => {
    const { fx, driver } = await setup((r, res) => {
      if (r.path === '/rest/salt/default') reply(res, 200, '{"salt":"abcdef0123"}', 'application/json');
      else reply(res, 401, 'Unauthorized', 'text/plain');
    });
    const e = await driver.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedFirmwareError);
    expect((e as Error).message).toMatch(/KalliopePBX 4\.x found/);
    expect((e as Error).message).toMatch(/set to KalliopePBX 3\.x\. Set the firmware family to automatic or 4\.x/);
    expect(fx.requests.find((r) => r.path === '/rest/salt/default')!.headers.authorization).toBeUndefined();
  });

  it('a 401 without a salt endpoint is a wrong password → AuthError, no retry', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, r.path === '/rest/salt/default' ? 404 : 401, 'no', 'text/plain'));
    const e = await driver.contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).message).toMatch(/Front PBX/);
    expect((e as AuthError).endpoint).toBe('/rest/phonebook/contacts');
    // one authenticated attempt plus the unauthenticated 4.x check; nothing else
    expect(fx.requests.filter((r) => r.headers.authorization).length).toBe(1);
    expect(fx.requests.length).toBe(2);
  });

  it('403 → AuthError', async () => {
    const { driver } = await setup((_r, res) => reply(res, 403, 'Forbidden', 'text/plain'));
    await expect(driver.probe()).rejects.toBeInstanceOf(AuthError);
  });

  it('latches a rejected password: later calls rethrow the same AuthError without any request', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, r.path === '/rest/salt/default' ? 404 : 401, 'no', 'text/plain'));
    const first = await driver.contacts!().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    expect(fx.requests.length).toBe(2);
    const again = await driver.probe().catch((x: unknown) => x);
    const third = await driver.history!().catch((x: unknown) => x);
    expect(again).toBe(first);
    expect(third).toBe(first);
    // neither the credentials nor the 4.x probe were sent again
    expect(fx.requests.length).toBe(2);
  });

  it('latches a 403 too', async () => {
    const { fx, driver } = await setup((_r, res) => reply(res, 403, 'Forbidden', 'text/plain'));
    const first = await driver.probe().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    await expect(driver.contacts!()).rejects.toBe(first);
    expect(fx.requests.length).toBe(1);
  });

  it('pinned to 3.x, latches a detected 4.x firmware: no more Basic logins nor salt probes', async () => {
    const { fx, driver } = await setup((r, res) => {
      if (r.path === '/rest/salt/default') reply(res, 200, '{"salt":"abcdef0123"}', 'application/json');
      else reply(res, 401, 'Unauthorized', 'text/plain');
    });
    const first = await driver.probe().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(UnsupportedFirmwareError);
    await expect(driver.presence!()).rejects.toBe(first);
    await expect(driver.dial!({ number: '021234' })).rejects.toBe(first);
    expect(fx.requests.map((r) => r.path)).toEqual(['/rest/system/firmware', '/rest/salt/default']);
  });

  it('does not latch other failures: a 500 then a success', async () => {
    let n = 0;
    const { fx, driver } = await setup((r, res) => (n++ === 0 ? reply(res, 500, 'busy', 'text/plain') : reply(res, 200, kresp(r, FIRMWARE))));
    await expect(driver.probe()).rejects.toBeInstanceOf(ProtocolError);
    await expect(driver.probe()).resolves.toMatchObject({ firmware: '3.10.1-2900' });
    expect(fx.requests.length).toBe(2);
  });

  it('a new driver with the same settings tries again (the latch is per driver instance)', async () => {
    const { fx, driver: first } = await setup((r, res) => reply(res, r.path === '/rest/salt/default' ? 404 : 401, 'no', 'text/plain'));
    await expect(first.probe()).rejects.toBeInstanceOf(AuthError);
    const second = createKalliopeDriver({ device: 'Front PBX', kind: 'kalliope', url: fx.url, username: 'admin', password: 'right' });
    try {
      await expect(second.probe()).rejects.toBeInstanceOf(AuthError);
    } finally {
      await second.close();
    }
    expect(fx.requests.filter((r) => r.headers.authorization).length).toBe(2);
  });

  it('<request_not_allowed> license codes → LicenseError', async () => {
    const { driver } = await setup((r, res) =>
      reply(res, 200, kresp(r, '<request_not_allowed><error><code>2</code><message>License expired</message></error></request_not_allowed>')),
    );
    const e = await driver.contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LicenseError);
    expect((e as Error).message).toMatch(/expired/);
  });

  it('maps HTTP 500, non-XML, broken XML and a foreign root to ProtocolError', async () => {
    const bodies: [number, string, string][] = [
      [500, 'Internal Server Error', 'text/plain'],
      [200, '{"respo<<nse": garbage', 'application/json'],
      [200, '<kpbx_response><firmware></kpbx_response>', 'application/xml'],
      [200, '<html><body>router login</body></html>', 'text/html'],
      [200, '', 'application/xml'],
    ];
    let i = 0;
    const { driver } = await setup((_r, res) => {
      const [s, b, ct] = bodies[i++]!;
      reply(res, s, b, ct);
    });
    for (let k = 0; k < bodies.length; k++) {
      const e = await driver.probe().catch((x: unknown) => x);
      expect(e, `case ${k}`).toBeInstanceOf(ProtocolError);
      expect((e as Error).message).toContain('/rest/system/firmware');
    }
  });

  it('a missing element in a valid answer is a ProtocolError naming the endpoint', async () => {
    const { driver } = await setup((r, res) => reply(res, 200, kresp(r, '<something_else/>')));
    const e = await driver.presence!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toMatch(/users/);
  });
});

describe('Kalliope driver: phonebook', () => {
  const CONTACTS = `<contacts>
    <contact><id>1</id><first_name>Mario</first_name><last_name>Rossi</last_name><organization>ACME &amp; Co</organization><type>system</type><phone>+39 02 1234567</phone><mail>m@acme.it</mail></contact>
    <contact><id>2</id><first_name>Niccolò</first_name><last_name>Bàrberi</last_name><phone>0298765</phone></contact>
  </contacts>`;

  it('lists contacts as domain contacts', async () => {
    const { driver } = await setup((r, res) => reply(res, 200, kresp(r, CONTACTS)));
    const list = await driver.contacts!();
    expect(list).toEqual([
      { id: '1', name: 'Mario Rossi', firstName: 'Mario', lastName: 'Rossi', company: 'ACME & Co', email: 'm@acme.it', numbers: [{ type: 'work', number: '+39 02 1234567' }] },
      { id: '2', name: 'Niccolò Bàrberi', firstName: 'Niccolò', lastName: 'Bàrberi', numbers: [{ type: 'work', number: '0298765' }] },
    ]);
  });

  it('an empty <contacts/> is an empty list', async () => {
    const { driver } = await setup((r, res) => reply(res, 200, kresp(r, '<contacts/>')));
    expect(await driver.contacts!()).toEqual([]);
  });

  it('searches text through POST /phonebook/search with a wildcard and filters every word locally (accents folded)', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, kresp(r, CONTACTS)));
    const found = await driver.contacts!({ search: 'niccolo barberi' });
    expect(found.map((c) => c.id)).toEqual(['2']);
    const req = fx.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/rest/phonebook/search');
    expect(requestTree(req)['filter']).toEqual({ any: '%niccolo%' });
  });

  it('falls back to a local, accent-folded search when the PBX search finds nothing', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, kresp(r, r.path === '/rest/phonebook/search' ? '<contacts/>' : CONTACTS)));
    expect((await driver.contacts!({ search: 'Barberi' })).map((c) => c.id)).toEqual(['2']);
    expect(fx.requests.map((r) => r.path)).toEqual(['/rest/phonebook/search', '/rest/phonebook/contacts']);
    expect(await driver.contacts!({ search: 'nobody' })).toEqual([]);
  });

  it('searches numbers locally by digits, whatever the formatting', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, kresp(r, CONTACTS)));
    expect((await driver.contacts!({ search: '02 123-4567' })).map((c) => c.id)).toEqual(['1']);
    expect(fx.requests[0]!.path).toBe('/rest/phonebook/contacts');
  });

  it('adds a contact with escaped values, then finds its id', async () => {
    const evil = `Ann <b>&"'</first_name>]]>`;
    let stored: Record<string, unknown> | undefined;
    const { fx, driver } = await setup((r, res) => {
      if (r.method === 'POST' && r.path === '/rest/phonebook/contacts') {
        stored = requestTree(r)['contact'] as Record<string, unknown>;
        reply(res, 200, kresp(r, '<contact><error><code>0</code><message>Success</message></error></contact>'));
      } else if (r.path === '/rest/phonebook/search') {
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const s = stored!;
        reply(res, 200, kresp(r, `<contacts><contact><id>41</id><first_name>${esc(String(s['first_name']))}</first_name><last_name>${esc(String(s['last_name']))}</last_name><phone>${esc(String(s['phone']))}</phone></contact><contact><id>42</id><first_name>${esc(String(s['first_name']))}</first_name><last_name>${esc(String(s['last_name']))}</last_name><phone>${esc(String(s['phone']))}</phone></contact></contacts>`));
      } else reply(res, 404, 'no', 'text/plain');
    });
    const c = await driver.saveContact!({ firstName: evil, lastName: 'O\'Hara & Sons', company: 'X<Y>', numbers: [{ type: 'work', number: '0211' }] });
    expect(stored).toEqual({ first_name: evil, last_name: "O'Hara & Sons", organization: 'X<Y>', phone: '0211' });
    expect(c.id).toBe('42'); // the newest of identical matches
    expect(c.firstName).toBe(evil);
    expect(fx.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /rest/phonebook/contacts', 'POST /rest/phonebook/search']);
  });

  it('updates with PUT (id in the body) and reads the contact back', async () => {
    const { fx, driver } = await setup((r, res) => {
      if (r.method === 'PUT') reply(res, 200, kresp(r, '<contact><error><code>0</code><message>Success</message></error></contact>'));
      else reply(res, 200, kresp(r, '<contacts><contact><id>7</id><first_name>Eva</first_name><last_name>Neri</last_name><phone>300</phone></contact></contacts>'));
    });
    const c = await driver.saveContact!({ id: '7', name: 'Eva Neri', numbers: [{ type: 'mobile', number: '300' }] });
    expect(c).toMatchObject({ id: '7', name: 'Eva Neri' });
    expect(requestTree(fx.requests[0]!)['contact']).toMatchObject({ id: '7', first_name: 'Eva', last_name: 'Neri', phone: '300' });
    expect(fx.requests[1]!.path).toBe('/rest/phonebook/contacts/7');
  });

  it('refuses a contact without a number or name before sending anything', async () => {
    const { fx, driver } = await setup((_r, res) => reply(res, 500, 'x', 'text/plain'));
    await expect(driver.saveContact!({ name: 'X', numbers: [] })).rejects.toThrow(/phone number/);
    await expect(driver.saveContact!({ numbers: [{ type: 'work', number: '1' }] })).rejects.toThrow(/name/);
    await expect(driver.deleteContact!('../../system/restart')).rejects.toThrow(/not a KalliopePBX contact id/);
    expect(fx.requests).toHaveLength(0);
  });

  it('maps the delete error codes to DeviceRejectedError with the code', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, kresp(r, '<contact><error><code>15</code><message>Contact not found</message></error></contact>')));
    const e = await driver.deleteContact!('99').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('15');
    expect((e as Error).message).toMatch(/not found/);
    expect(fx.requests[0]!.method).toBe('DELETE');
    expect(fx.requests[0]!.path).toBe('/rest/phonebook/contacts/99');
  });
});

describe('Kalliope driver: calls, presence, voicemail, groups, history', () => {
  it('click2call defaults to the reception extension, normalises the number, sends the mode', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, kresp(r, '<click2call><error_code><code>0</code><message>Success</message></error_code></click2call>')));
    await driver.dial!({ number: 'tel:+39 (02) 123-456' });
    await driver.dial!({ number: '201', extension: '202', mode: 'exten' });
    expect(requestTree(fx.requests[0]!)['click2call']).toEqual({ exten: '200', number_to_call: '+3902123456', type: 'auto' });
    expect(requestTree(fx.requests[1]!)['click2call']).toEqual({ exten: '202', number_to_call: '201', type: 'exten' });
  });

  it('click2call errors and bad input', async () => {
    const { fx, driver } = await setup((r, res) => reply(res, 200, kresp(r, '<click2call><error_code><code>10</code><message>Error</message></error_code></click2call>')));
    const e = await driver.dial!({ number: '201' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('10');
    await expect(driver.dial!({ number: 'call me maybe' })).rejects.toThrow(/not a number/);
    expect(fx.requests).toHaveLength(1);
  });

  it('click2call without any extension fails before sending', async () => {
    const { fx, driver } = await setup((_r, res) => reply(res, 500, 'x', 'text/plain'), { extension: undefined });
    await expect(driver.dial!({ number: '201' })).rejects.toThrow(/reception extension/);
    expect(fx.requests).toHaveLength(0);
  });

  it('presence merges users brief and registrations: online / offline / unknown only, never a call state', async () => {
    const { driver } = await setup((r, res) => {
      if (r.path === '/rest/users/brief/') {
        reply(res, 200, kresp(r, `<users>
          <user><exten>200</exten><enabled>true</enabled><first_name>Reception</first_name><last_name></last_name></user>
          <user><exten>201</exten><enabled>true</enabled><first_name>Ada</first_name><last_name>Lovelace</last_name></user>
          <user><exten>202</exten><enabled>true</enabled><first_name>Bob</first_name><last_name>B</last_name></user>
          <user><exten>203</exten><enabled>false</enabled><first_name>Off</first_name><last_name>Line</last_name></user>
          <user><exten>204</exten><enabled>true</enabled><first_name>No</first_name><last_name>Reg</last_name></user>
          <user><exten>205</exten><enabled>true</enabled><first_name>Ring</first_name><last_name>Ing</last_name></user>
        </users>`));
      } else {
        reply(res, 200, kresp(r, `<registrations>
          <registration><exten>200</exten><status>OK</status><rtt>12 ms</rtt></registration>
          <registration><exten>201</exten><status>UNREACHABLE</status></registration>
          <registration><exten>202</exten><status>UNKNOWN</status></registration>
          <registration><exten>205</exten><status>OK</status><state>RINGING</state><device_state>INUSE</device_state></registration>
          <registration><exten>206</exten><status>UNKNOWN</status><contact/><ip/><port/></registration>
          <registration><exten>207</exten><status>UNKNOWN</status><contact>sip:207@10.0.0.7</contact><ip>10.0.0.7</ip></registration>
          <registration><exten>208</exten><status>Lagged</status></registration>
        </registrations>`));
      }
    });
    expect(await driver.presence!()).toEqual([
      { extension: '200', name: 'Reception', state: 'online' },
      { extension: '201', name: 'Ada Lovelace', state: 'offline' },
      { extension: '202', name: 'Bob B', state: 'unknown' },
      { extension: '203', name: 'Off Line', state: 'offline' },
      { extension: '204', name: 'No Reg', state: 'offline' },
      { extension: '205', name: 'Ring Ing', state: 'online' },
      { extension: '206', name: '', state: 'offline' },
      { extension: '207', name: '', state: 'unknown' },
      { extension: '208', name: '', state: 'online' },
    ]);
  });

  it('voicemail: the reception box with counts, other enabled boxes with null counts, no secrets copied', async () => {
    const { fx, driver } = await setup((r, res) => {
      if (r.path === '/rest/users/configs/') {
        reply(res, 200, kresp(r, `<configs>
          <config><exten>200</exten><sip_secret>S1P-SECRET-200</sip_secret><vm_enabled>true</vm_enabled><vm_secret>4321</vm_secret></config>
          <config><exten>201</exten><sip_secret>S1P-SECRET-201</sip_secret><vm_enabled>true</vm_enabled><vm_secret>8765</vm_secret></config>
          <config><exten>202</exten><sip_secret>S1P-SECRET-202</sip_secret><vm_enabled>false</vm_enabled></config>
        </configs>`));
      } else reply(res, 200, kresp(r, '<voicemails><voicemail><urg_messages>1</urg_messages><new_messages>3</new_messages><old_messages>5</old_messages></voicemail></voicemails>'));
    });
    const boxes = await driver.voicemail!();
    expect(boxes).toEqual([
      { mailbox: '200', new: 3, old: 5, urgent: 1, enabled: true },
      { mailbox: '201', new: null, old: null, urgent: null, enabled: true },
    ]);
    expect(JSON.stringify(boxes)).not.toMatch(/S1P|4321|8765/);
    expect(fx.requests.find((r) => r.path.startsWith('/rest/voicemails/count/'))!.path).toBe('/rest/voicemails/count/200');
    // the enumeration is cached: a second poll only reads the count
    await driver.voicemail!();
    expect(fx.requests.filter((r) => r.path === '/rest/users/configs/')).toHaveLength(1);
  });

  it('voicemail still answers when the PBX will not list the configs', async () => {
    const { driver } = await setup((r, res) => {
      if (r.path === '/rest/users/configs/') reply(res, 404, 'nope', 'text/plain');
      else reply(res, 200, kresp(r, '<voicemails><voicemail><urg_messages>0</urg_messages><new_messages>2</new_messages><old_messages></old_messages></voicemail></voicemails>'));
    });
    expect(await driver.voicemail!()).toEqual([{ mailbox: '200', new: 2, old: null, urgent: 0, enabled: null }]);
  });

  it('voicemail: an empty <voicemails/> means the reception has no mailbox', async () => {
    const { driver } = await setup((r, res) => reply(res, 200, kresp(r, r.path === '/rest/users/configs/' ? '<configs/>' : '<voicemails/>')));
    expect(await driver.voicemail!()).toEqual([{ mailbox: '200', new: null, old: null, urgent: null, enabled: false }]);
  });

  it('callgroups: selection as extension, members of every priority once', async () => {
    const { driver } = await setup((r, res) =>
      reply(res, 200, kresp(r, `<callgroups><callgroup><id>incoming</id><name>Reception</name><selection>600</selection><enabled>true</enabled>
        <priorities><priority><id>1</id><members><member><exten>200</exten><display_name>R</display_name></member></members></priority>
        <priority><id>2</id><members><member><exten>201</exten></member><member><exten>200</exten></member></members></priority></priorities>
      </callgroup></callgroups>`)),
    );
    const drv = driver as Driver & { callGroups: NonNullable<Driver['callGroups']> };
    expect(await drv.callGroups()).toEqual([{ id: 'incoming', name: 'Reception', extension: '600', members: ['200', '201'] }]);
  });

  it('history asks for CSV with Accept: text/csv and reads it; the period goes in begin/end', async () => {
    const { fx, driver } = await setup((_r, res) =>
      reply(res, 200, 'unique_id,id,direction,caller_num,caller_name,called_num,called_name,called_callgroup,gateway_id,gateway_name,status,billsec,start,answer,end,duration\nU1,1,1,0211,,200,,,,,4,0,2024-05-02 09:00:00,,2024-05-02 09:00:20,20\nU1,2,1,0211,,201,,,,,8,15,2024-05-02 09:00:00,2024-05-02 09:00:04,2024-05-02 09:00:20,20\n', 'text/csv'),
    );
    const from = new Date(2024, 4, 1, 0, 0, 0).toISOString();
    const h = await driver.history!({ from, format: 'csv' });
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ id: 'U1', disposition: 'answered', to: '201' });
    const req = fx.requests[0]!;
    expect(req.headers.accept).toBe('text/csv');
    expect(requestTree(req)['cdr']).toEqual({ begin: '2024-05-01 00:00:00', start_flag: 'true' });
  });

  it('history in XML; an XML error answer in CSV mode is still read as an error', async () => {
    let n = 0;
    const { fx, driver } = await setup((r, res) => {
      if (n++ === 0) reply(res, 200, kresp(r, '<cdr><error_code><code>0</code><message>Success</message></error_code><calls><call><id>3</id><direction>2</direction><caller_num>200</caller_num><called_num>0399</called_num><status>2</status><billsec>0</billsec><start>2024-05-02 09:00:00</start></call></calls></cdr>'));
      else reply(res, 200, kresp(r, '<cdr><error_code><code>11</code><message>Invalid date time interval</message></error_code></cdr>'));
    });
    const h = await driver.history!();
    expect(h).toEqual([expect.objectContaining({ id: '3', direction: 'out', disposition: 'busy' })]);
    expect(requestTree(fx.requests[0]!)['cdr']).toBe('');
    const e = await driver.history!({ format: 'csv' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('11');
  });

  it('history sends md5(privacy password) first in <cdr> when configured, and nothing when not', async () => {
    const ok = (r: Recorded, res: Parameters<Fixture['handler']>[1]): void =>
      reply(res, 200, kresp(r, '<cdr><error_code><code>0</code><message>Success</message></error_code><calls/></cdr>'));
    const { fx, driver } = await setup(ok, { privacyPassword: 'Priv acy&1' });
    await driver.history!({ from: '2024-05-01T00:00:00' });
    const cdr = requestTree(fx.requests[0]!)['cdr'] as Record<string, unknown>;
    expect(cdr).toEqual({ privacy_password: md5('Priv acy&1'), begin: '2024-05-01 00:00:00', start_flag: 'true' });
    expect(Object.keys(cdr)[0]).toBe('privacy_password');
    expect(fx.requests[0]!.body).not.toContain('Priv acy&1');
    await driver.close();
    await fx.close();
    const plain = await setup(ok, { privacyPassword: '' });
    await plain.driver.history!();
    expect(requestTree(plain.fx.requests[0]!)['cdr']).toBe('');
  });

  it('history: a wrong privacy password (CDR code 3) is an AuthError', async () => {
    const { driver } = await setup((r, res) => reply(res, 200, kresp(r, '<cdr><error_code><code>3</code><message>Authentication error</message></error_code></cdr>')), { privacyPassword: 'nope' });
    const e = await driver.history!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/privacy password/);
    expect((e as Error).message).not.toContain('nope');
  });

  it('history: unreadable CSV is a ProtocolError', async () => {
    const { driver } = await setup((_r, res) => reply(res, 200, 'a,b\n"broken', 'text/csv'));
    await expect(driver.history!({ format: 'csv' })).rejects.toBeInstanceOf(ProtocolError);
  });
});

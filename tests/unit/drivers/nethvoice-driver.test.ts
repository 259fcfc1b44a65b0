import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { AuthError, DeviceRejectedError, ProtocolError, UnsupportedOperationError } from '../../../main/core/driver/errors';
import type { DriverConfig } from '../../../main/core/driver/types';
import { createNethVoiceDriver, type NethVoiceDriverApi } from '../../../main/drivers/nethvoice';
import { reply, startFixture, type Fixture, type Recorded } from './pbx-fixture-server';

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
const USER = 'admin';
const PASSWORD = 'Adm1n-Pw';
const SECRET = 'shared-s3cret';
const KEY = sha1(USER + sha1(PASSWORD) + SECRET);
const USER_PW = 'UserClearPw!';
const SIP = 'sipsecretABCDEF';

const USERS = [
  {
    id: '2',
    username: 'ada',
    password: USER_PW,
    default_extension: '201',
    displayname: 'Ada Lovelace',
    fname: 'Ada',
    lname: 'Lovelace',
    cell: '00393331234567',
    devices: [{ id: '1', mac: 'AA:BB:CC:DD:EE:01', extension: '91201', mainextension: '201', secret: SIP, web_password: '12345678', type: 'physical' }],
  },
  { id: '3', username: 'bob', password: USER_PW, default_extension: '202', displayname: 'Bob', devices: [{ mac: 'AA:BB:CC:DD:EE:02', type: 'mobile', secret: SIP }] },
];

let fx: Fixture | undefined;
let driver: NethVoiceDriverApi | undefined;
afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

type Route = (r: Recorded) => [number, string, string?] | undefined;

/** A minimal NethVoice: checks the headers like the Slim middleware, then routes. */
async function setup(route: Route, extra: Partial<DriverConfig> = {}) {
  fx = await startFixture((r, res) => {
    const sub = r.path.replace(/^\/freepbx\/rest/, '');
    if (sub === '/testauth') {
      const b = JSON.parse(r.body || 'null') as { username?: string; password?: string } | null;
      if (b?.username === USER && b.password === PASSWORD) reply(res, 200, JSON.stringify({ result: SECRET }), 'application/json');
      else reply(res, 401, '{"result":"not authorized"}', 'application/json');
      return;
    }
    if (r.headers['user'] !== USER || r.headers['secretkey'] !== KEY) {
      reply(res, 403, '{"error":"Forbidden"}', 'application/json');
      return;
    }
    const out = route({ ...r, path: sub });
    if (!out) reply(res, 404, '<html>Page Not Found</html>', 'text/html');
    else reply(res, out[0], out[1], out[2] ?? 'application/json;charset=utf-8');
  });
  driver = createNethVoiceDriver({
    device: 'NethVoice HQ',
    kind: 'nethvoice',
    url: fx.url,
    username: USER,
    password: PASSWORD,
    secret: SECRET,
    extension: '201',
    timeoutMs: 2000,
    ...extra,
  });
  return { fx, driver };
}

const defaultRoute: Route = (r) => {
  if (r.path === '/login') return [200, '{"success":true}'];
  if (r.path === '/users/false') return [200, JSON.stringify(USERS)];
  if (r.path === '/mainextensions') return [200, JSON.stringify([{ extension: '201', name: 'Ada Lovelace', voicemail: 'default' }, { extension: '299', name: 'Fax', voicemail: 'novm' }])];
  if (r.path === '/voicemails') return [200, JSON.stringify({ '201': { mailbox: '201', pwd: '4455', name: 'Ada' } })];
  return undefined;
};

describe('NethVoice driver: auth', () => {
  it('sends User and the lowercase Secretkey; probe checks /login', async () => {
    const { fx, driver } = await setup(defaultRoute);
    // this fixture has no /mainextensions/userlimits (404): a NethServer 7 server
    expect(await driver.probe()).toEqual({
      kind: 'nethvoice',
      model: 'NethVoice',
      firmware: 'unknown',
      capabilities: ['contacts', 'voicemail', 'presence', 'reboot'],
      family: 'nethvoice-legacy',
      generation: 'ns7',
    });
    expect(fx.requests.map((r) => r.path)).toEqual(['/freepbx/rest/login', '/freepbx/rest/mainextensions/userlimits']);
    expect(fx.requests[0]!.headers['secretkey']).toBe(KEY);
    expect(fx.requests[0]!.headers['user']).toBe(USER);
  });

  it.each(['', '/freepbx/rest', '/freepbx/rest/'])('appends /freepbx/rest to the root URL once (suffix "%s")', async (suffix) => {
    const f = await setup(defaultRoute);
    await f.driver.close();
    driver = createNethVoiceDriver({ device: 'x', kind: 'nethvoice', url: f.fx.url + suffix, username: USER, password: PASSWORD, secret: SECRET });
    await driver.probe();
    expect(f.fx.requests.slice(-2).map((r) => r.path)).toEqual(['/freepbx/rest/login', '/freepbx/rest/mainextensions/userlimits']);
  });

  it('discovers the secret through POST /testauth once and caches it', async () => {
    const { fx, driver } = await setup(defaultRoute, { secret: undefined });
    await driver.probe();
    await driver.contacts!();
    await driver.presence!();
    const testauth = fx.requests.filter((r) => r.path === '/freepbx/rest/testauth');
    expect(testauth).toHaveLength(1);
    expect(JSON.parse(testauth[0]!.body)).toEqual({ username: USER, password: PASSWORD });
    expect(testauth[0]!.headers['secretkey']).toBeUndefined();
    expect(fx.requests.filter((r) => r.path !== '/freepbx/rest/testauth').every((r) => r.headers['secretkey'] === KEY)).toBe(true);
  });

  it('a wrong password at /testauth → AuthError, nothing else is sent', async () => {
    const { fx, driver } = await setup(defaultRoute, { secret: undefined, password: 'wrong' });
    const e = await driver.contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/NethVoice HQ/);
    expect((e as Error).message).toMatch(/testauth/);
    expect((e as Error).message).not.toContain('wrong');
    expect(fx.requests).toHaveLength(1);
  });

  it('403 → AuthError, never retried', async () => {
    const { fx, driver } = await setup(defaultRoute, { secret: 'not-the-secret' });
    const e = await driver.presence!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).endpoint).toBe('/freepbx/rest/users/false');
    expect(fx.requests).toHaveLength(1);
  });

  it('a 403 with a discovered secret is latched: no new /testauth, no further request from this driver', async () => {
    let reject = false;
    const { fx, driver } = await setup((r) => (reject ? [403, '{"error":"Forbidden"}'] : defaultRoute(r)), { secret: undefined });
    await driver.probe();
    reject = true;
    const first = await driver.probe().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    const n = fx.requests.length;
    reject = false;
    await expect(driver.probe()).rejects.toBe(first);
    await expect(driver.contacts!()).rejects.toBe(first);
    expect(fx.requests.length).toBe(n);
    expect(fx.requests.filter((r) => r.path.endsWith('/testauth'))).toHaveLength(1);
  });

  it('a wrong password at /testauth is latched: the credentials are POSTed once', async () => {
    const { fx, driver } = await setup(defaultRoute, { secret: undefined, password: 'wrong' });
    const first = await driver.contacts!().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    await expect(driver.probe()).rejects.toBe(first);
    await expect(driver.presence!()).rejects.toBe(first);
    await expect(driver.voicemail!()).rejects.toBe(first);
    expect(fx.requests.map((r) => r.path)).toEqual(['/freepbx/rest/testauth']);
  });

  it('concurrent calls share one /testauth and its rejection', async () => {
    const { fx, driver } = await setup(defaultRoute, { secret: undefined, password: 'wrong' });
    const out = await Promise.all([driver.probe(), driver.contacts!(), driver.presence!()].map((p) => p.catch((x: unknown) => x)));
    for (const e of out) expect(e).toBeInstanceOf(AuthError);
    await expect(driver.probe()).rejects.toBe(out[0]);
    expect(fx.requests).toHaveLength(1);
  });

  it('a 403 with a configured secret is latched as well', async () => {
    const { fx, driver } = await setup(defaultRoute, { secret: 'not-the-secret' });
    const first = await driver.presence!().catch((x: unknown) => x);
    await expect(driver.presence!()).rejects.toBe(first);
    expect(fx.requests).toHaveLength(1);
  });

  it('other failures are not latched: a 500 then a success', async () => {
    let n = 0;
    const { fx, driver } = await setup((r) => (n++ === 0 ? [500, '{"status":"oops"}'] : defaultRoute(r)));
    await expect(driver.probe()).rejects.toBeInstanceOf(ProtocolError);
    await driver.probe();
    // the failed /login, then /login and the release check
    expect(fx.requests).toHaveLength(3);
  });
});

describe('NethVoice driver: tolerant reading', () => {
  it('parses JSON sent as text/plain', async () => {
    const { driver } = await setup((r) => (r.path === '/voicemails' ? [200, '{"201":{"mailbox":"201","pwd":"1"}}', 'text/plain'] : undefined));
    expect(await driver.voicemail!()).toEqual([{ mailbox: '201', new: null, old: null, urgent: null, enabled: true }]);
  });

  it('an empty /voicemails ([]) lists the reception box as disabled', async () => {
    const { driver } = await setup((r) => (r.path === '/voicemails' ? [200, '[]'] : undefined));
    expect(await driver.voicemail!()).toEqual([{ mailbox: '201', new: null, old: null, urgent: null, enabled: false }]);
  });

  it('a bare integer where a list is expected is a ProtocolError naming the endpoint', async () => {
    const { driver } = await setup((r) => (r.path === '/users/false' ? [200, '3'] : undefined));
    const e = await driver.presence!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toContain('/freepbx/rest/users/false');
  });

  it('non-JSON 200 and 5xx are ProtocolErrors; a 404 is DeviceRejectedError', async () => {
    let n = 0;
    const { driver } = await setup((r) => {
      if (r.path !== '/login') return undefined;
      n++;
      if (n === 1) return [200, '<html>login page</html>', 'text/html'];
      if (n === 2) return [500, 'Internal Server Error', 'text/plain'];
      return [502, '', 'text/plain'];
    });
    await expect(driver.probe()).rejects.toBeInstanceOf(ProtocolError);
    await expect(driver.probe()).rejects.toBeInstanceOf(ProtocolError);
    await expect(driver.probe()).rejects.toBeInstanceOf(ProtocolError);
    const e = await driver.voicemail!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('404');
  });

  it('results never contain passwords, SIP secrets or PINs', async () => {
    const { driver } = await setup(defaultRoute);
    const all = JSON.stringify([await driver.contacts!(), await driver.presence!(), await driver.voicemail!()]);
    for (const s of [USER_PW, SIP, '12345678', '4455']) expect(all).not.toContain(s);
  });

  it('contacts: users plus user-less extensions, searchable', async () => {
    const { driver } = await setup(defaultRoute);
    const list = await driver.contacts!();
    expect(list.map((c) => c.id)).toEqual(['user:ada', 'user:bob', 'ext:299']);
    expect((await driver.contacts!({ search: 'lovelace' })).map((c) => c.id)).toEqual(['user:ada']);
    expect((await driver.contacts!({ search: '+39 333' })).map((c) => c.id)).toEqual(['user:ada']);
  });
});

describe('NethVoice driver: voicemail state and reboot', () => {
  it('sends exactly {"extension":"<string>","state":"yes"|"no"} and accepts an empty 201', async () => {
    const { fx, driver } = await setup((r) => {
      if (r.path === '/voicemails' && r.method === 'POST') return [201, '', 'text/plain'];
      // the read-back after each write
      if (r.path === '/voicemails/201') return [200, '{"mailbox":"201","pwd":"1234","name":"Ada"}'];
      if (r.path === '/voicemails/202') return [200, 'null'];
      return undefined;
    });
    await driver.setVoicemail('201', true);
    await driver.setVoicemail('202', false);
    const posts = fx.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.body)).toEqual(['{"extension":"201","state":"yes"}', '{"extension":"202","state":"no"}']);
    expect(posts[0]!.headers['content-type']).toBe('application/json');
  });

  it('refuses bad input without sending anything', async () => {
    const { fx, driver } = await setup(defaultRoute);
    await expect(driver.setVoicemail(201 as unknown as string, true)).rejects.toThrow(TypeError);
    await expect(driver.setVoicemail('201', undefined as unknown as boolean)).rejects.toThrow(/without state/);
    expect(fx.requests).toHaveLength(0);
  });

  it('the server refusal text is reported as DeviceRejectedError', async () => {
    const { driver } = await setup((r) => (r.method === 'POST' ? [400, '{"status":"Extension 999 doesn\'t exist"}'] : undefined));
    const e = await driver.setVoicemail('999', true).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as Error).message).toContain("Extension 999 doesn't exist");
  });

  it('reboot() reboots the reception extension\'s desk phones now', async () => {
    const { fx, driver } = await setup((r) => (r.path === '/phones/reboot' ? [200, '{"AA-BB-CC-DD-EE-01":{"code":204}}'] : defaultRoute(r)));
    await driver.reboot!();
    const post = fx.requests.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/freepbx/rest/phones/reboot');
    expect(JSON.parse(post.body)).toEqual({ 'AA-BB-CC-DD-EE-01': {} });
  });

  it('reboot failures and impossible reboots', async () => {
    const first = await setup((r) => (r.path === '/phones/reboot' ? [200, '{"AA-BB-CC-DD-EE-01":{"title":"Malformed MAC address","code":400}}'] : defaultRoute(r)));
    const e = await first.driver.rebootPhones(['aa:bb:cc:dd:ee:01']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as Error).message).toMatch(/Malformed MAC/);
    await expect(first.driver.rebootPhones(['not-a-mac'])).rejects.toThrow(RangeError);
    await first.driver.close();
    const noExt = createNethVoiceDriver({ device: 'x', kind: 'nethvoice', url: fx!.url, username: USER, password: PASSWORD, secret: SECRET, extension: '202' });
    driver = noExt;
    await expect(noExt.reboot!()).rejects.toBeInstanceOf(UnsupportedOperationError); // 202 only has a mobile app
  });

  it('a reboot answer that does not list the MAC is "sent, not confirmed": empty body, [], {}, another MAC, a non-2xx code', async () => {
    for (const body of ['', '[]', '{}', '{"AA-BB-CC-DD-EE-99":{"code":204}}', '{"aa-bb-cc-dd-ee-01":{"code":"100"}}']) {
      const { driver: d, fx: f } = await setup((r) => (r.path === '/phones/reboot' ? [200, body] : defaultRoute(r)));
      await expect(d.reboot!(), body).resolves.toBeUndefined();
      expect(d.lastReboot, body).toEqual({ confirmed: false, confirmedMacs: [], unconfirmedMacs: ['AA-BB-CC-DD-EE-01'] });
      await d.close();
      await f.close();
    }
    const { driver: ok } = await setup((r) => (r.path === '/phones/reboot' ? [200, '{"aa-bb-cc-dd-ee-01":{"code":"204"}}'] : defaultRoute(r)));
    expect(await ok.rebootReport()).toEqual({ confirmed: true, confirmedMacs: ['AA-BB-CC-DD-EE-01'], unconfirmedMacs: [] });
  });
});

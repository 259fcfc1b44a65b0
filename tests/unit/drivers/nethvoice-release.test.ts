/**
 * NethVoice on NethServer 8 (issue 11): the tolerant readers of userlimits, /users/sync and one
 * mailbox, and the client telling an application 403 (`{"status"}`) from the authentication
 * middleware's (`{"error":"Forbidden: …"}`), against a scripted fixture.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, DeviceRejectedError } from '../../../main/core/driver/errors';
import { createNethVoiceDriver, parseMailboxEntry, parseSyncFlag, parseUserLimits, type NethVoiceDriverApi } from '../../../main/drivers/nethvoice';
import { reply, startFixture, type Fixture, type Recorded } from './pbx-fixture-server';

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
const KEY = sha1('admin' + sha1('pw') + 's');

let fx: Fixture | undefined;
let driver: NethVoiceDriverApi | undefined;
afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

async function setup(route: (r: Recorded) => [number, string] | undefined): Promise<{ fx: Fixture; driver: NethVoiceDriverApi }> {
  fx = await startFixture((r, res) => {
    if (r.headers['secretkey'] !== KEY) return reply(res, 403, '{"error":"Forbidden: wrong secret key"}', 'application/json');
    const out = route({ ...r, path: r.path.replace(/^\/freepbx\/rest/, '') });
    if (!out) return reply(res, 404, '', 'application/json');
    reply(res, out[0], out[1], 'application/json;charset=utf-8');
  });
  driver = createNethVoiceDriver({ device: 'NV', kind: 'nethvoice', url: fx.url, username: 'admin', password: 'pw', secret: 's', timeoutMs: 2000 });
  return { fx, driver };
}

describe('readers', () => {
  it('parseUserLimits: community numbers (also as strings), enterprise false fields, a bare false', () => {
    expect(parseUserLimits({ configured: 5, limit: 8, configurable: 3 })).toEqual({ edition: 'community', configured: 5, limit: 8, configurable: 3 });
    expect(parseUserLimits({ configured: '9', limit: '8', configurable: '-1' })).toEqual({ edition: 'community', configured: 9, limit: 8, configurable: -1 });
    expect(parseUserLimits({ configured: 5, limit: 8 })).toEqual({ edition: 'community', configured: 5, limit: 8, configurable: 3 });
    expect(parseUserLimits({ configured: 40, limit: false, configurable: false })).toEqual({ edition: 'enterprise', configured: 40, limit: null, configurable: null });
    expect(parseUserLimits(false)).toEqual({ edition: 'enterprise', configured: null, limit: null, configurable: null });
    expect(() => parseUserLimits([])).toThrow(/not an object/);
    expect(() => parseUserLimits({ configured: 1 })).toThrow(/no "limit"/);
  });

  it('parseSyncFlag: booleans and their string forms; a user list (NS7 catches the path) is refused', () => {
    expect(parseSyncFlag(true)).toBe(true);
    expect(parseSyncFlag('false')).toBe(false);
    expect(parseSyncFlag(0)).toBe(false);
    expect(() => parseSyncFlag([{ username: 'a', password: 'x' }])).toThrow(/not true or false/);
  });

  it('parseMailboxEntry: null, false or [] is no mailbox; the PIN is not copied', () => {
    expect(parseMailboxEntry('201', null)).toBeNull();
    expect(parseMailboxEntry('201', [])).toBeNull();
    expect(parseMailboxEntry('201', { mailbox: '201', pwd: '4455', name: 'Ada' })).toEqual({ mailbox: '201', name: 'Ada' });
    expect(JSON.stringify(parseMailboxEntry('201', { pwd: '4455' }))).not.toContain('4455');
  });
});

describe('client: which 403 is which', () => {
  it('a 403 with {"status"} is the route refusing: shown verbatim, not latched', async () => {
    const { fx, driver } = await setup((r) => {
      if (r.path === '/mainextensions' && r.method === 'POST') return [403, '{"status":"ERROR: community version is limited to 8 users"}'];
      if (r.path === '/login') return [200, '{"success":true}'];
      return undefined;
    });
    const e = await driver.createMainExtension('ada', '209').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as Error).message).toBe('NV: NethVoice refused /freepbx/rest/mainextensions (HTTP 403): "ERROR: community version is limited to 8 users". This is the server\'s own rule, not a problem with the credentials.');
    await expect(driver.probe()).resolves.toMatchObject({ kind: 'nethvoice' });
    expect(JSON.parse(fx.requests[0]!.body)).toEqual({ username: 'ada', extension: '209' });
  });

  it('a 403 from the authentication middleware is still an AuthError, latched', async () => {
    fx = await startFixture((_r, res) => reply(res, 403, '{"error":"Forbidden: wrong secret key"}', 'application/json'));
    driver = createNethVoiceDriver({ device: 'NV', kind: 'nethvoice', url: fx.url, username: 'admin', password: 'pw', secret: 'wrong' });
    const e = await driver.createMainExtension('ada', '209').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    await expect(driver.probe()).rejects.toBe(e);
    expect(fx.requests).toHaveLength(1);
  });

  it('empty 200 and 201 bodies are success, never parsed', async () => {
    for (const status of [200, 201]) {
      const { driver: d } = await setup((r) => (r.method === 'POST' ? [status, ''] : undefined));
      await expect(d.createMainExtension('ada', '209')).resolves.toBeUndefined();
      await d.close();
      await fx!.close();
      driver = undefined;
      fx = undefined;
    }
  });

  it('bad input is refused before anything is sent', async () => {
    const { fx, driver } = await setup(() => undefined);
    await expect(driver.createMainExtension('', '209')).rejects.toThrow(RangeError);
    await expect(driver.createMainExtension('ada', '20a')).rejects.toThrow(RangeError);
    await expect(driver.mailbox('../x')).rejects.toThrow(RangeError);
    expect(fx.requests).toHaveLength(0);
  });
});

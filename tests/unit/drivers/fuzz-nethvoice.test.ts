/**
 * NethVoice readers under attack (fast-check, RUNS cases each): JSON by content (tryParseJson),
 * users, main extensions and voicemail lists (arrays, objects keyed by id, `[]` for `{}`, PHP
 * `null`), the directory and presence built from them, and the NS7/NS8 readers (user limits,
 * sync flag, one mailbox). Each returns a value or throws ShapeError, never anything else, and no
 * clear-text password or PIN ever survives into what they return.
 *
 * Also the voicemail request (field notes: any other or missing `state` DELETES the mailbox): for
 * any extension and any "enabled" value, the builder either throws before anything is sent or
 * produces a body with a string extension and a state of exactly "yes" or "no"; and through the
 * driver against a recording server, no POST /voicemails ever leaves without that state.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryParseJson } from '../../../main/drivers/common/http';
import { createNethVoiceDriver, type NethVoiceDriverApi } from '../../../main/drivers/nethvoice';
import { parseExtensions, parseUsers, parseVoicemails, toContacts, toPresence, toVoicemailBoxes } from '../../../main/drivers/nethvoice/parsers';
import { parseMailboxEntry, parseSyncFlag, parseUserLimits } from '../../../main/drivers/nethvoice/release';
import { voicemailStateBody, voicemailStateJson } from '../../../main/drivers/nethvoice/voicemail';
import { damaged, FUZZ_TIMEOUT, fuzz, jsonText, noThrow, reportCounts, valueOrTyped } from './fuzz-kit';
import { reply, startFixture, type Fixture } from './pbx-fixture-server';

reportCounts('fuzz-nethvoice');

const PASSWORD_MARK = 'CLEAR-pw-';
const PIN_MARK = '990011';
const KEYS = [
  'username', 'fname', 'lname', 'displayname', 'name', 'default_extension', 'extension', 'email', 'company', 'cell', 'mobile', 'work', 'home', 'fax',
  'devices', 'id', 'mac', 'vendor', 'manufacturer', 'model', 'type', 'mainextension', 'registered', 'online', 'status', 'device_state', 'state',
  'voicemail', 'description', 'mailbox', 'configured', 'limit', 'configurable', 'password', 'pwd', 'secret', 'web_password', 'result',
];
/** JSON texts in which secret fields hold marked values, so a leak is visible in the output. */
const body = damaged(
  fc.oneof(
    { weight: 5, arbitrary: jsonText(KEYS, 4) },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('201', 201, '301', null, 'none')).map(([u, ext]) => JSON.stringify({ 1: { username: u || 'u', password: `${PASSWORD_MARK}${u}`, default_extension: ext, devices: [{ mac: 'AA', secret: `${PASSWORD_MARK}sip`, registered: ext !== null }] } })) },
    { weight: 1, arbitrary: fc.constantFrom('[]', 'null', '{}', '8', '"x"', '', 'false', '{"configured":"3","limit":8}', `{"201":{"mailbox":"201","pwd":"${PIN_MARK}"}}`) },
  ),
);

describe('NethVoice JSON readers', () => {
  it('users, extensions, mailboxes, directory and presence: a value or a ShapeError, never a password or PIN', () => {
    fuzz('nethvoice lists', [body], (text) => {
      const data = noThrow(() => tryParseJson(text));
      const users = valueOrTyped(() => parseUsers(data));
      const exts = valueOrTyped(() => parseExtensions(data));
      const boxes = valueOrTyped(() => parseVoicemails(data));
      const contacts = noThrow(() => toContacts(users.ok ? users.value : [], exts.ok ? exts.value : []));
      const presence = noThrow(() => toPresence(users.ok ? users.value : []));
      const vm = noThrow(() => toVoicemailBoxes(boxes.ok ? boxes.value : [], '201'));
      const out = JSON.stringify([users, exts, boxes, contacts, presence, vm].map((r) => ('ok' in r && r.ok ? r.value : r)));
      expect(out).not.toContain(PASSWORD_MARK);
      expect(out).not.toContain(PIN_MARK);
      for (const p of presence) expect(['available', 'busy', 'ringing', 'online', 'offline', 'unknown']).toContain(p.state);
    });
  }, FUZZ_TIMEOUT);

  it('NS7/NS8 readers: user limits, sync flag, one mailbox', () => {
    fuzz('nethvoice release readers', [body], (text) => {
      const data = noThrow(() => tryParseJson(text));
      const limits = valueOrTyped(() => parseUserLimits(data));
      if (limits.ok) expect(['community', 'enterprise']).toContain(limits.value.edition);
      const sync = valueOrTyped(() => parseSyncFlag(data));
      if (sync.ok) expect(typeof sync.value).toBe('boolean');
      const box = valueOrTyped(() => parseMailboxEntry('201', data));
      if (box.ok) expect(JSON.stringify(box.value)).not.toContain(PIN_MARK);
    });
  }, FUZZ_TIMEOUT);
});

/** Anything a caller, a renderer or a decoded message could hand the builder. */
const anyExtension = fc.oneof(fc.stringMatching(/^\s?[0-9]{1,15}\s?$/), fc.string({ maxLength: 18 }), fc.integer(), fc.constantFrom(undefined, null, true, '201', ' 202 ', '', '0201', '1e3', '201\n', '２０１'), fc.object({ maxDepth: 1 }));
const anyEnabled = fc.oneof(fc.boolean(), fc.constantFrom(undefined, null, 0, 1, 'yes', 'no', 'true', 'false', '', 'on'), fc.string({ maxLength: 4 }), fc.object({ maxDepth: 1 }));

describe('NethVoice voicemail request: never without state', () => {
  it('the builder throws before sending, or the JSON carries a string extension and state "yes"/"no"', () => {
    fuzz('voicemailStateJson', [anyExtension, anyEnabled], (ext, enabled) => {
      let json: string;
      try {
        json = voicemailStateJson(ext, enabled);
      } catch (e) {
        expect(e instanceof TypeError || e instanceof RangeError).toBe(true);
        return;
      }
      const sent = JSON.parse(json) as Record<string, unknown>;
      expect(Object.keys(sent).sort()).toEqual(['extension', 'state']);
      expect(sent['extension']).toMatch(/^[0-9]{1,15}$/);
      expect(sent['state']).toBe(enabled === true ? 'yes' : 'no');
      expect(typeof enabled).toBe('boolean');
      expect(voicemailStateBody(ext, enabled)).toEqual(sent);
    });
  }, FUZZ_TIMEOUT);

  describe('through the driver', () => {
    const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
    let fx: Fixture;
    let driver: NethVoiceDriverApi;
    const mailboxes = new Set<string>();
    beforeAll(async () => {
      fx = await startFixture((r, res) => {
        const sub = r.path.replace(/^\/freepbx\/rest/, '');
        if (r.headers['secretkey'] !== sha1('admin' + sha1('pw') + 'sec')) return reply(res, 403, '{}', 'application/json');
        if (r.method === 'POST' && sub === '/voicemails') {
          const b = JSON.parse(r.body) as { extension: string; state?: string };
          // the server's rule: only "yes" keeps a mailbox
          if (b.state === 'yes') mailboxes.add(b.extension);
          else mailboxes.delete(b.extension);
          return reply(res, 200, '{"status":true}', 'application/json');
        }
        const m = /^\/voicemails\/(\d+)$/.exec(sub);
        if (m) return reply(res, 200, mailboxes.has(m[1] ?? '') ? JSON.stringify({ mailbox: m[1] }) : 'null', 'application/json');
        reply(res, 404, '', 'text/plain');
      });
      driver = createNethVoiceDriver({ device: 'NV', kind: 'nethvoice', url: fx.url, username: 'admin', password: 'pw', secret: 'sec', timeoutMs: 3000 });
    });
    afterAll(async () => {
      await driver?.close();
      await fx?.close();
    });

    it('no POST /voicemails is ever sent without state "yes" or "no"', async () => {
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(anyExtension, anyEnabled, async (ext, enabled) => {
          cases++;
          const before = fx.requests.length;
          // deliberately untyped input: what a decoded message could carry
          await (driver.setVoicemail as (e: unknown, en: unknown) => Promise<void>)(ext, enabled).catch(() => undefined);
          for (const r of fx.requests.slice(before).filter((q) => q.method === 'POST')) {
            const b = JSON.parse(r.body) as Record<string, unknown>;
            expect(typeof b['extension']).toBe('string');
            expect(['yes', 'no']).toContain(b['state']);
          }
        }),
        { numRuns: 300 },
      );
      expect(cases).toBe(300);
      expect(fx.requests.some((r) => r.method === 'POST')).toBe(true);
    }, FUZZ_TIMEOUT);
  });
});

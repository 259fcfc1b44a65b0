/**
 * Grandstream phone readers under attack (fast-check, RUNS cases each): the JSON envelope, the
 * line / phone status / accounts / contacts / groups / values bodies, the SHA-256 family's
 * config_get and login refusals, the login realm, Set-Cookie, and the XML phonebook. Each returns
 * a value or throws our typed error (ShapeError and its family subclasses), never anything else,
 * and what it returns has the domain's shape (a hostile word such as "constructor" must not become
 * a state).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRealm, parseSetCookie } from '../../../main/drivers/grandstream-phone/auth';
import {
  lineState,
  operationAccepted,
  parseAccounts,
  parseContacts,
  parseDeviceValues,
  parseEnvelope,
  parseGroups,
  parseLines,
  parsePhoneStatus,
  valuesIncomplete,
} from '../../../main/drivers/grandstream-phone/parsers';
import { parsePhonebookXml } from '../../../main/drivers/grandstream-phone/phonebook';
import { readRefusal } from '../../../main/drivers/grandstream-phone/sha256-auth';
import { parseConfigs } from '../../../main/drivers/grandstream-phone/sha256-driver';
import { damaged, FUZZ_TIMEOUT, fuzz, jsonText, jsonValue, noThrow, noisyString, reportCounts, valueOrTyped, xmlDocument } from './fuzz-kit';

reportCounts('fuzz-grandstream-phone');

const ENVELOPE_KEYS = ['response', 'res', 'result', 'status', 'body', 'msg', 'data', 'code', 'error_code', 'message', 'reason', 'lockTime', 'retry_after'];
const LINE_KEYS = ['line', 'id', 'line_id', 'state', 'status', 'line_state', 'remotenumber', 'number', 'remotename', 'name', 'acct', 'account'];
const CONTACT_KEYS = ['contactID', 'contactid', 'contactName', 'firstname', 'lastname', 'work', 'home', 'mobile', 'fax', 'newphone1', 'email', 'groupID', 'groupName', 'id', 'name'];
const ACCOUNT_KEYS = ['sip_id', 'sip_server', 'reg', 'registered', 'id', 'name', 'account'];
const VALUE_KEYS = ['68', 'vendor_name', 'vendor_fullname', 'hw_rev', 'phone_model', 'prog_version', 'mac', 'model', 'firmware'];
const STATUS_KEYS = ['status', 'state', 'phone_status', 'misc', 'clicktodial', 'available', 'busy'];
const CONFIG_KEYS = ['configs', 'body', 'pvalue', 'alias', 'name', 'key', 'value', 'P1', '1588'];

const LINE_STATES = new Set(['idle', 'ringing', 'calling', 'connected', 'held', 'failed', 'other']);
const PHONE_STATES = new Set(['available', 'ringing', 'busy', 'unauthorized', 'offline', 'other']);
const NUMBER_TYPES = new Set(['work', 'home', 'mobile', 'fax', 'other']);

/** Envelope-shaped texts, bare JSON, plain words, and damaged versions of each. */
const envelopeText = damaged(
  fc.oneof(
    { weight: 4, arbitrary: jsonText([...ENVELOPE_KEYS, ...LINE_KEYS, ...CONTACT_KEYS]) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('success', 'error', 'fail', 'unauthorized', 'OK', '', 'weird'), jsonText([...LINE_KEYS, ...CONTACT_KEYS], 2)).map(([r, b]) => `{"response":"${r}","body":${b}}`) },
    { weight: 1, arbitrary: fc.constantFrom('unauthorized', 'session expired', '\uFEFF{"response":"success"}', '', '   ', 'null', '[]', '{}', '<html>403</html>', '"need login"') },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  ),
);

describe('Grandstream phone JSON readers', () => {
  it('regressions found by fuzzing: an inherited member name is not a state', () => {
    // before the fix, lineState('constructor') returned Object.prototype.constructor (a function)
    for (const w of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(lineState(w)).toBe('other');
      expect(parsePhoneStatus({ status: w }, {}).state).toBe('other');
    }
    expect(parseLines([{ line: 1, state: 'constructor' }])[0]?.state).toBe('other');
  });

  it('parseEnvelope: any text gives an envelope or a PhoneParseError', () => {
    fuzz('parseEnvelope', [envelopeText], (text) => {
      const r = valueOrTyped(() => parseEnvelope(text));
      if (r.ok) expect(['success', 'error', 'unauthorized', 'bare']).toContain(r.value.kind);
    });
  }, FUZZ_TIMEOUT);

  it('parseLines: lines with a known state and whole line numbers, or a typed error', () => {
    fuzz('parseLines', [jsonValue(LINE_KEYS)], (body) => {
      const r = valueOrTyped(() => parseLines(body));
      if (!r.ok) return;
      for (const l of r.value) {
        expect(LINE_STATES.has(l.state)).toBe(true);
        expect(Number.isSafeInteger(l.line)).toBe(true);
        expect(typeof l.remoteNumber).toBe('string');
      }
    });
  }, FUZZ_TIMEOUT);

  it('lineState: any word maps onto the state type', () => {
    fuzz('lineState', [fc.oneof(fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '4', 'on hold'), fc.string({ maxLength: 12 }))], (w) => {
      expect(LINE_STATES.has(noThrow(() => lineState(w)))).toBe(true);
    });
  }, FUZZ_TIMEOUT);

  it('parsePhoneStatus: a known state, or "other" with a short printable word', () => {
    const word = fc.oneof(fc.constantFrom('constructor', '__proto__', 'toString', 'available', 'in call', 'busy'), fc.string({ maxLength: 50 }));
    const body = fc.oneof(jsonValue(STATUS_KEYS, 2), word, word.map((w) => ({ status: w })));
    fuzz('parsePhoneStatus', [body, jsonValue(STATUS_KEYS, 2)], (b, raw) => {
      const r = valueOrTyped(() => parsePhoneStatus(b, raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}));
      if (!r.ok) return;
      expect(PHONE_STATES.has(r.value.state)).toBe(true);
      if (r.value.reported !== undefined) expect(r.value.reported.length).toBeLessThanOrEqual(40);
    });
  }, FUZZ_TIMEOUT);

  it('parseAccounts: accounts or a typed error', () => {
    fuzz('parseAccounts', [jsonValue(ACCOUNT_KEYS)], (body) => {
      const r = valueOrTyped(() => parseAccounts(body));
      if (r.ok) for (const a of r.value) expect(typeof a.registered).toBe('boolean');
    });
  }, FUZZ_TIMEOUT);

  it('parseContacts / parseGroups: contacts with ids and typed numbers, or a typed error', () => {
    fuzz('parseContacts', [jsonValue(CONTACT_KEYS)], (body) => {
      const r = valueOrTyped(() => parseContacts(body));
      if (!r.ok) return;
      for (const c of r.value) {
        expect(c.id).not.toBe('');
        for (const n of c.numbers) expect(NUMBER_TYPES.has(n.type)).toBe(true);
      }
    });
    fuzz('parseGroups', [jsonValue(CONTACT_KEYS)], (body) => {
      const r = valueOrTyped(() => parseGroups(body));
      if (r.ok) for (const g of r.value) expect(typeof g.name).toBe('string');
    });
  }, FUZZ_TIMEOUT);

  it('parseDeviceValues / valuesIncomplete / operationAccepted', () => {
    fuzz('parseDeviceValues', [jsonValue(VALUE_KEYS, 2)], (body) => {
      const r = valueOrTyped(() => parseDeviceValues(body));
      if (r.ok) expect(typeof r.value.firmware).toBe('string');
      expect(typeof noThrow(() => valuesIncomplete(body))).toBe('boolean');
      expect(typeof noThrow(() => operationAccepted(body))).toBe('boolean');
    });
  }, FUZZ_TIMEOUT);

  it('SHA-256 family: config_get bodies and dologin refusals', () => {
    fuzz('parseConfigs', [jsonValue(CONFIG_KEYS)], (body) => {
      const r = valueOrTyped(() => parseConfigs(body));
      if (r.ok) for (const v of Object.values(r.value)) expect(typeof v).toBe('string');
    });
    fuzz('readRefusal', [envelopeText], (text) => {
      const env = valueOrTyped(() => parseEnvelope(text));
      const out = noThrow(() => readRefusal(env.ok ? env.value : undefined, '/cgi-bin/dologin'));
      if (out && !out.ok && out.reason === 'locked' && out.retryAfterMs !== undefined) expect(out.retryAfterMs).toBeGreaterThan(0);
    });
  }, FUZZ_TIMEOUT);

  it('parseRealm and parseSetCookie never throw', () => {
    fuzz('parseRealm', [envelopeText], (text) => {
      const realm = noThrow(() => parseRealm(text));
      if (realm !== undefined) expect(realm).toMatch(/^[A-Za-z0-9._~+/=-]{1,128}$/);
    });
    fuzz('parseSetCookie', [noisyString('=;, \t"', 60)], (header) => {
      const jar = noThrow(() => parseSetCookie(header));
      for (const k of Object.keys(jar)) expect(k).not.toBe('');
    });
  }, FUZZ_TIMEOUT);
});

const PB_TAGS = ['Contact', 'FirstName', 'LastName', 'Phone', 'phonenumber', 'accountindex', 'Mail', 'Group', 'Groups', 'pbgroup', 'id', 'name', 'Company', 'number'];

describe('Grandstream XML phonebook', () => {
  it('parsePhonebookXml: a phonebook or a PhoneParseError for any document', () => {
    const doc = damaged(fc.oneof({ weight: 5, arbitrary: xmlDocument('AddressBook', PB_TAGS, ['type', 'id']) }, { weight: 1, arbitrary: xmlDocument('addressbook', PB_TAGS, ['type']) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }));
    fuzz('parsePhonebookXml', [doc], (xml) => {
      const r = valueOrTyped(() => parsePhonebookXml(xml));
      if (!r.ok) return;
      for (const c of r.value.contacts) {
        expect(typeof c.id).toBe('string');
        expect(typeof c.name).toBe('string');
        for (const n of c.numbers) expect(NUMBER_TYPES.has(n.type)).toBe(true);
      }
      for (const g of r.value.groups) expect(typeof g.id).toBe('string');
    });
  }, FUZZ_TIMEOUT);
});

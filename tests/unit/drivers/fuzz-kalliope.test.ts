/**
 * KalliopePBX readers under attack (fast-check, RUNS cases each): `<kpbx_response>` XML through
 * parseXml and every root reader (phonebook, registrations, users brief, call groups, firmware,
 * voicemail counts, CDR), CDR as CSV (sniffed delimiter, quotes, damaged rows) on to the history,
 * and the 4.x readers (salt, firmware version, refusal text). Each returns a value or throws our
 * typed error, never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCdrCsvReport, parseCdrXml, parseCsv, toHistory } from '../../../main/drivers/kalliope/cdr';
import {
  parseCallGroups,
  parseContacts,
  parseFirmware,
  parseRegistrations,
  parseUsersBrief,
  parseVoicemailCount,
  runningVersion,
  toContact,
  toPresence,
} from '../../../main/drivers/kalliope/parsers';
import { classifyRefusal, generationOf, parseFirmwareVersion, parseSalt, refusalText } from '../../../main/drivers/kalliope/signed';
import { CDR_FIELDS_V11 } from '../../../main/drivers/kalliope/types';
import { isRecord, parseXml } from '../../../main/drivers/kalliope/xml';
import { damaged, FUZZ_TIMEOUT, fuzz, jsonText, noThrow, noisyString, reportCounts, valueOrTyped, xmlDocument } from './fuzz-kit';

reportCounts('fuzz-kalliope');

const TAGS = [
  'request_id', 'contacts', 'contact', 'id', 'first_name', 'last_name', 'organization', 'phone', 'mail', 'speed_dial', 'type',
  'registrations', 'registration', 'exten', 'status', 'ip', 'users', 'user', 'enabled', 'callgroups', 'callgroup', 'name', 'selection',
  'priorities', 'priority', 'members', 'member', 'firmware', 'primary', 'secondary', 'running', 'voicemails', 'voicemail', 'urg_messages',
  'new_messages', 'old_messages', 'cdr', 'calls', 'call', 'error', 'code', 'message', 'request_not_allowed', ...CDR_FIELDS_V11,
];
const PRESENCE = new Set(['online', 'offline', 'unknown', 'available', 'busy', 'ringing']);
const DISPOSITIONS = new Set(['answered', 'missed', 'busy', 'failed', 'unknown']);

const kpbxDoc = damaged(fc.oneof({ weight: 6, arbitrary: xmlDocument('kpbx_response', TAGS, [], 4) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }));

describe('KalliopePBX XML', () => {
  it('parseXml never throws; every root reader gives a value or a ShapeError', () => {
    fuzz('parseXml+root readers', [kpbxDoc], (xml) => {
      const parsed = noThrow(() => parseXml(xml));
      if (!parsed.ok) {
        expect(typeof parsed.reason).toBe('string');
        return;
      }
      const r = parsed.value['kpbx_response'];
      const root = isRecord(r) ? r : {};
      const contacts = valueOrTyped(() => parseContacts(root));
      if (contacts.ok) for (const c of contacts.value) expect(typeof noThrow(() => toContact(c)).name).toBe('string');
      const regs = valueOrTyped(() => parseRegistrations(root));
      const brief = valueOrTyped(() => parseUsersBrief(root));
      const presence = noThrow(() => toPresence(brief.ok ? brief.value : [], regs.ok ? regs.value : []));
      for (const p of presence) expect(PRESENCE.has(p.state)).toBe(true);
      const groups = valueOrTyped(() => parseCallGroups(root));
      if (groups.ok) for (const g of groups.value) expect(Array.isArray(g.members)).toBe(true);
      const fw = valueOrTyped(() => parseFirmware(root));
      if (fw.ok) expect(typeof noThrow(() => runningVersion(fw.value))).toBe('string');
      const vm = valueOrTyped(() => parseVoicemailCount(root));
      if (vm.ok && vm.value) for (const n of [vm.value.new, vm.value.old, vm.value.urgent]) expect(n === null || Number.isSafeInteger(n)).toBe(true);
      const cdr = valueOrTyped(() => parseCdrXml(root));
      if (cdr.ok) for (const h of noThrow(() => toHistory(cdr.value))) expect(DISPOSITIONS.has(h.disposition)).toBe(true);
    });
  }, FUZZ_TIMEOUT);
});

const CDR_HEADER = [...CDR_FIELDS_V11];
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', '1', '2', '4', '8', '201', '"+39 02 1234"', '2024-05-01 08:00:00', '0000-00-00 00:00:00', '35', 'Giulia', 'x"y', 'a,b', 'a;b', 'l1\nl2') },
  { weight: 2, arbitrary: noisyString(',;\t"\r\n', 12) },
);
const quoteCell = (c: string, delim: string): string => (/[",;\t\r\n]/.test(c) || c.includes(delim) ? `"${c.replace(/"/g, '""')}"` : c);
const csvText = damaged(
  fc
    .tuple(fc.constantFrom(',', ';', '\t'), fc.boolean(), fc.array(fc.array(cell, { minLength: 14, maxLength: 17 }), { maxLength: 5 }), fc.constantFrom('\r\n', '\n'), fc.boolean())
    .map(([d, header, rows, eol, rawCells]) => {
      const lines = rows.map((row) => row.map((c) => (rawCells ? c : quoteCell(c, d))).join(d));
      return [...(header ? [CDR_HEADER.join(d)] : []), ...lines].join(eol);
    }),
);

describe('KalliopePBX CSV CDR', () => {
  it('parseCsv and parseCdrCsvReport give rows (damaged ones counted as skipped) or a ShapeError', () => {
    fuzz('parseCdrCsv', [fc.oneof({ weight: 5, arbitrary: csvText }, { weight: 1, arbitrary: noisyString(',;\t"\r\n', 60) })], (csv) => {
      const rows = valueOrTyped(() => parseCsv(csv));
      if (rows.ok) for (const row of rows.value) expect(Array.isArray(row)).toBe(true);
      const report = valueOrTyped(() => parseCdrCsvReport(csv));
      if (!report.ok) return;
      for (const n of report.value.skipped) expect(n).toBeGreaterThan(0);
      const history = noThrow(() => toHistory(report.value.rows));
      for (const h of history) {
        expect(DISPOSITIONS.has(h.disposition)).toBe(true);
        expect(Number.isNaN(Date.parse(h.start))).toBe(false);
      }
    });
  }, FUZZ_TIMEOUT);
});

describe('KalliopePBX 4.x readers', () => {
  const body = fc.oneof(
    jsonText(['salt', 'data', 'version', 'firmwareVersion', 'firmware', 'running', 'current', 'result', 'message', 'error', 'status', 'detail']),
    xmlDocument('response', ['salt', 'version', 'firmwareVersion', 'data', 'message']),
    noisyString('{}[]":<>/.0123456789', 40),
  );
  it('parseSalt, parseFirmwareVersion, refusalText and classifyRefusal never throw', () => {
    fuzz('kalliope-4x readers', [body, fc.option(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()), fc.string({ maxLength: 20 })))], (text, date) => {
      const salt = noThrow(() => parseSalt(text));
      if (salt !== undefined) expect(salt).toMatch(/^[\x21-\x7e]{1,512}$/);
      const version = noThrow(() => parseFirmwareVersion(text));
      if (version !== undefined) expect(version.length).toBeLessThanOrEqual(64);
      noThrow(() => generationOf(version));
      expect(noThrow(() => refusalText(text)).length).toBeLessThanOrEqual(200);
      expect(['clock', 'nonce', 'credentials']).toContain(noThrow(() => classifyRefusal(text, date ?? undefined, Date.now())).why);
    });
  }, FUZZ_TIMEOUT);
});

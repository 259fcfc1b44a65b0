/**
 * Grandstream camera readers under attack (fast-check, RUNS cases each): `key=value` bodies and
 * the readers built on them (sections, groups, numbered keys, systeminfo, motion, alarm I/O), the
 * status lines of set/add/remove, the GSC36xx `<Configuration>` XML and the JPEG check. Each
 * returns a value or throws CameraParseError (a ShapeError), never anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGscXml, xmlField } from '../../../main/drivers/grandstream-camera/gsc-auth';
import {
  indexList,
  isJpeg,
  kvAll,
  kvChannels,
  kvGroups,
  kvRecord,
  parseAlarmIo,
  parseKeyValues,
  parseStatusLine,
  parseSystemInfo,
  readMotionStatus,
} from '../../../main/drivers/grandstream-camera/parsers';
import { damaged, FUZZ_TIMEOUT, fuzz, noThrow, noisyString, reportCounts, valueOrTyped, xmlDocument } from './fuzz-kit';

reportCounts('fuzz-grandstream-camera');

const KEYS = ['channel', 'productmode', 'productmodel', 'firmwareversion', 'mac', 'md_alarm_statu', 'md_alarm_status', 'md_regn_index', 'alarmin_status', 'alarmin_status1', 'alarmin_type', 'alarmout_status', 'alarmout_type_2', 'md_regn_count', '__proto__', 'constructor', 'toString', 'a.b[0]'];
const VALUES = ['0', '1', '2', '', 'Normal Open', 'normally close', 'open', 'GXV3610_HD', '1.0.4.10', '000B82ABCDEF', '65', 'x=y', ' 7 '];

const pair = fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: noisyString('=[]._- ', 8) }), fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: noisyString('=\r\n ', 10) }));
const kvLine = fc.oneof(
  { weight: 6, arbitrary: pair.map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'Successful', 'Successful, need reboot', 'No Privilege', 'md_regn_index invalid', 'user missing', '<html>', '\u0000\u0001', 'OK') },
  { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
);
const kvBody = damaged(fc.tuple(fc.array(kvLine, { maxLength: 12 }), fc.constantFrom('\r\n', '\n', '\r'), fc.boolean()).map(([lines, eol, bom]) => `${bom ? '\uFEFF' : ''}${lines.join(eol)}`));

describe('camera key=value bodies', () => {
  it('parseKeyValues and every reader on its pairs', () => {
    fuzz('parseKeyValues', [kvBody, fc.nat({ max: 3 })], (text, ch) => {
      const r = valueOrTyped(() => parseKeyValues(text));
      if (!r.ok) return;
      const pairs = r.value;
      for (const p of pairs) expect(p.key).toMatch(/^[A-Za-z0-9_.[\]-]+$/);
      noThrow(() => kvRecord(pairs));
      noThrow(() => kvRecord(pairs, ch));
      for (const c of noThrow(() => kvChannels(pairs))) expect(Number.isInteger(c)).toBe(true);
      noThrow(() => kvGroups(pairs, 'md_regn_index'));
      noThrow(() => kvAll(pairs, 'alarmin_status'));
      const idx = valueOrTyped(() => indexList(pairs, 'md_regn_index', 'md_regn_count'));
      if (idx.ok) expect(idx.value.length).toBeLessThanOrEqual(Math.max(65, pairs.length));
      const info = valueOrTyped(() => parseSystemInfo(pairs));
      if (info.ok) expect(typeof info.value.model).toBe('string');
      expect(['flag', 'absent', 'unreadable']).toContain(noThrow(() => readMotionStatus(pairs)).kind);
      const io = noThrow(() => parseAlarmIo(pairs));
      for (const s of [...io.alarmInputStates, ...io.alarmOutputStates]) expect([true, false, null]).toContain(s);
    });
  }, FUZZ_TIMEOUT);

  it('parseStatusLine never throws and names a parameter only for invalid/missing', () => {
    fuzz('parseStatusLine', [fc.oneof(kvBody, noisyString(' ,\r\nSuccessfulneedrebootinvalidmissingNo Privilege', 40))], (text) => {
      const st = noThrow(() => parseStatusLine(text));
      if (st && (st.kind === 'invalid' || st.kind === 'missing')) expect(st.param).not.toBe('');
    });
  }, FUZZ_TIMEOUT);
});

describe('GSC36xx XML and snapshots', () => {
  it('regressions found by fuzzing: reserved names, nesting past the parser limit and DTDs read as "not that XML"', () => {
    // before the fix these escaped as plain Errors from fast-xml-parser
    expect(parseGscXml('<Configuration><__proto__>1</__proto__><ResCode>0</ResCode></Configuration>')).toBeUndefined();
    expect(parseGscXml(`<Configuration>${'<a>'.repeat(200)}1${'</a>'.repeat(200)}</Configuration>`)).toBeUndefined();
    expect(parseGscXml('<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><Configuration><ResCode>&x;</ResCode></Configuration>')).toBeUndefined();
    expect(parseGscXml('<Configuration><ResCode>0</ResCode><P1>x</P1></Configuration>')).toEqual({ ResCode: '0', P1: 'x' });
  });

  it('parseGscXml answers a record or undefined, never throws', () => {
    const doc = damaged(fc.oneof({ weight: 5, arbitrary: xmlDocument('Configuration', ['ResCode', 'RetMsg', 'ChallengeCode', 'P12904', 'P1', 'Item']) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }));
    fuzz('parseGscXml', [doc], (xml) => {
      const x = noThrow(() => parseGscXml(xml));
      if (x === undefined) return;
      for (const v of Object.values(x)) expect(typeof v).toBe('string');
      const code = noThrow(() => xmlField(x, 'rescode'));
      if (code !== undefined) expect(typeof code).toBe('string');
    });
  }, FUZZ_TIMEOUT);

  it('isJpeg never throws on any bytes', () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 30 }).map((b) => Uint8Array.from([0xff, 0xd8, ...b, 0xff, 0xd9, 0x0d, 0x0a])));
    fuzz('isJpeg', [bytes], (b) => {
      expect(typeof noThrow(() => isJpeg(b))).toBe('boolean');
    });
  }, FUZZ_TIMEOUT);
});

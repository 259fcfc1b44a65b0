import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_FILE, OfficeConfigError, loadOfficeFile, parseOffice, startOffice } from '../../sim/office';
import { generatePhonebook } from '../../sim/office-data';
import { kalliopePhonebook } from '../../sim/office-devices';

const dir = mkdtempSync(join(tmpdir(), 'office-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(value: unknown): string[] {
  try {
    parseOffice(value);
  } catch (e) {
    if (e instanceof OfficeConfigError) return e.issues;
    throw e;
  }
  throw new Error('expected an OfficeConfigError');
}

const phone = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ kind: 'grandstream-phone', id: 'p', name: 'P', password: 'x', ...over });
const nv = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'nethvoice',
  id: 'nv',
  name: 'NV',
  password: 'x',
  secret: 's',
  users: [{ username: 'a', name: 'A', extension: '201' }],
  ...over,
});

describe('the default office file', () => {
  const office = loadOfficeFile(DEFAULT_OFFICE_FILE);

  it('has a reception phone on 200, five colleague phones (one SHA-256, one passcode), three cameras (one GSC36xx), a Kalliope and a NethVoice', () => {
    const phones = office.devices.filter((d) => d.kind === 'grandstream-phone');
    expect(phones.map((p) => p.kind === 'grandstream-phone' && [p.extension, p.family ?? 'legacy'])).toEqual([
      ['200', 'legacy'],
      ['201', 'legacy'],
      ['202', 'legacy'],
      ['203', 'legacy'],
      ['204', 'sha256'],
      ['205', 'passcode'],
    ]);
    const cams = office.devices.filter((d) => d.kind === 'grandstream-camera');
    expect(cams.map((c) => c.kind === 'grandstream-camera' && [c.model, c.ptz === true, c.family ?? 'gxv'])).toEqual([
      ['GXV3610_HD', false, 'gxv'],
      ['GXV3504', true, 'gxv'],
      ['GSC3610', false, 'gsc36xx'],
    ]);
    const k = office.devices.find((d) => d.kind === 'kalliope');
    if (k?.kind !== 'kalliope') throw new Error('no kalliope');
    expect(k.extensions.map((e) => e.extension)).toEqual(Array.from({ length: 25 }, (_, i) => String(200 + i)));
    expect(k.receptionExtension).toBe('200');
    expect(k.phonebook?.generate).toBe(300);
    expect(k.phonebook?.contacts.length).toBeGreaterThan(0);
    const n = office.devices.find((d) => d.kind === 'nethvoice');
    if (n?.kind !== 'nethvoice') throw new Error('no nethvoice');
    expect(n.users).toHaveLength(15);
    expect(n.users.some((u) => u.voicemail)).toBe(true);
    expect(n.users.some((u) => !u.voicemail)).toBe(true);
  });

  it('uses accented names', () => {
    const text = readFileSync(DEFAULT_OFFICE_FILE, 'utf8');
    expect(text).toContain('Niccolò Bàrberi');
    expect(text).toContain('Zoë Müller');
  });
});

describe('phonebook generation', () => {
  it('is deterministic per seed and gives unique numbers', () => {
    const a = generatePhonebook(300, 42);
    expect(a).toHaveLength(300);
    expect(generatePhonebook(300, 42)).toEqual(a);
    expect(generatePhonebook(300, 43)).not.toEqual(a);
    const numbers = a.flatMap((c) => [c.work, c.mobile, c.home, c.fax].filter((x): x is string => x !== undefined));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(a.every((c) => c.firstName.length > 0 && (c.work !== undefined || c.mobile !== undefined))).toBe(true);
    expect(a.some((c) => /[àèéìòùäöüëç]/i.test(`${c.firstName}${c.lastName}`))).toBe(true);
  });
});

describe('Kalliope phonebook from the office file', () => {
  it('puts the literal contacts first, one entry per number, then exactly `generate` entries', () => {
    const book = kalliopePhonebook({
      generate: 10,
      seed: 7,
      contacts: [{ firstName: 'Jürgen', lastName: 'Schäfer', company: 'Schäfer AG', work: '+41 44 380 22 10', mobile: '+41 79 412 55 90' }],
    });
    expect(book).toHaveLength(12);
    expect(book[0]).toMatchObject({ firstName: 'Jürgen', lastName: 'Schäfer', organization: 'Schäfer AG', phone: '+41 44 380 22 10' });
    expect(book[1]).toMatchObject({ firstName: 'Jürgen', phone: '+41 79 412 55 90' });
    expect(kalliopePhonebook({ generate: 10, seed: 7, contacts: [] })).toEqual(book.slice(2));
    expect(kalliopePhonebook(undefined)).toEqual([]);
  });
});

describe('office validation', () => {
  it('names unknown keys and wrong types with their path', () => {
    const issues = issuesOf({ name: 'x', devices: [phone({ pasword: 'y' }), nv({ secret: 5 })] });
    expect(issues).toContain('devices[0].pasword: Unrecognized key: "pasword"');
    expect(issues.some((i) => i.startsWith('devices[1].secret:'))).toBe(true);
  });

  it('names an unknown device kind', () => {
    const issues = issuesOf({ name: 'x', devices: [{ kind: 'fax-machine', id: 'f', name: 'F' }] });
    expect(issues[0]).toMatch(/^devices\[0\]\.kind: /);
  });

  it('rejects duplicate ids, overlapping PBX extensions and phones on unknown extensions', () => {
    const issues = issuesOf({
      name: 'x',
      devices: [
        phone({ extension: '999' }),
        phone({ id: 'p' }),
        nv(),
        nv({ id: 'nv2', users: [{ username: 'b', name: 'B', extension: '201' }] }),
      ],
    });
    expect(issues).toContain('devices[1].id: duplicate device id "p" (also devices[0])');
    expect(issues).toContain('devices[3].users[0].extension: extension 201 is already used by PBX "nv"');
    expect(issues).toContain('devices[0].extension: extension 999 does not exist on any PBX of this office');
  });

  it('rejects two phones on the same extension and a numeric extension', () => {
    const dup = issuesOf({ name: 'x', devices: [nv(), phone({ extension: '201' }), phone({ id: 'q', extension: '201' })] });
    expect(dup).toContain('devices[2].extension: extension 201 is already the account of phone "p"');
    const num = issuesOf({ name: 'x', devices: [phone({ extension: 201 })] });
    expect(num.some((i) => i.startsWith('devices[0].extension:'))).toBe(true);
  });

  it('rejects a Kalliope whose reception extension is not one of its extensions', () => {
    const issues = issuesOf({
      name: 'x',
      devices: [{ kind: 'kalliope', id: 'k', name: 'K', password: 'p', receptionExtension: '250', extensions: [{ extension: '200', name: 'R' }] }],
    });
    expect(issues).toContain("devices[0].receptionExtension: 250 is not one of this PBX's extensions");
  });

  it('rejects an empty office and a missing name', () => {
    const issues = issuesOf({ devices: [] });
    expect(issues.some((i) => i.startsWith('name:'))).toBe(true);
    expect(issues.some((i) => i.startsWith('devices:'))).toBe(true);
  });

  it('reports unreadable and non-JSON files clearly', async () => {
    expect(() => loadOfficeFile(join(dir, 'missing.json'))).toThrow(/cannot read office file/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "name": ');
    expect(() => loadOfficeFile(bad)).toThrow(/is not valid JSON/);
    await expect(startOffice({ officeFile: bad })).rejects.toBeInstanceOf(OfficeConfigError);
  });
});

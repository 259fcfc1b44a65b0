import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceConfig } from '../../../shared/domain';
import { deviceConfigInputSchema, deviceSecretsInputSchema, devicesMethods } from '../../../shared/ipc/features/devices';
import type { DeviceEntity } from '../../../shared/office';
import { filterDevices } from '../../../renderer/src/features/devices/filter';
import {
  ageSeconds,
  configFromForm,
  emptyForm,
  FAMILIES,
  FIELDS,
  formatAge,
  formatFingerprint,
  formFromConfig,
  issuesToFields,
  KINDS,
  secretsFromForm,
  updateFromForm,
  validate,
  type DeviceFormValues,
} from '../../../renderer/src/features/devices/form-model';
import { en, it as itStrings } from '../../../renderer/src/features/devices/strings';

const FP = 'ab'.repeat(32);

const textOf = (parts: string[]) => fc.array(fc.constantFrom(...parts), { maxLength: 4 }).map((a) => a.join(''));
const formArb: fc.Arbitrary<DeviceFormValues> = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: fc.oneof(fc.constantFrom('', '   ', 'Reception', ' Zoë ', 'x'.repeat(80), 'x'.repeat(81)), textOf(['a', ' ', 'é'])),
  url: fc.constantFrom(
    '',
    'https://192.168.1.20',
    ' http://10.0.0.5:8080/ ',
    'ftp://host',
    'http://admin:pw@host',
    'http://user@host',
    'not a url',
    'https://',
    'http://' + 'h'.repeat(300),
    'HTTPS://PBX.EXAMPLE',
  ),
  username: fc.constantFrom('', 'admin', ' admin ', 'u'.repeat(64), 'u'.repeat(65)),
  password: fc.constantFrom('', 'secret', ' ', 'p'.repeat(256), 'p'.repeat(257)),
  secret: fc.constantFrom('', 'abc', 's'.repeat(257)),
  privacyPassword: fc.constantFrom('', 'abc', 's'.repeat(257)),
  extension: fc.constantFrom('', '200', ' 201 ', '*8', '#1', '20a', '1234567890123456', '+39'),
  mailboxes: fc.constantFrom('', '200', '200, 201', '200 201;202', '200,x', ' , ', Array.from({ length: 201 }, (_, i) => String(i)).join(',')),
  tlsFingerprint: fc.constantFrom('', FP, FP.toUpperCase().match(/../g)!.join(':'), 'ab:cd', 'zz'.repeat(32), ` ${FP} `),
  loginSeparator: fc.constantFrom('' as const, ':' as const, '.' as const),
  family: fc.constantFrom('' as const, 'gs-legacy' as const, 'gs-sha256' as const, 'gs-passcode' as const, 'gxv-basic' as const, 'gsc-challenge' as const, 'kalliope-4' as const, 'nethvoice-ns8' as const),
  tenantDomain: fc.constantFrom('', 'default', ' acme.it ', 'bad domain', 't'.repeat(65), '..'),
}).map((v) => ({ ...v, family: (FAMILIES[v.kind] as readonly string[]).includes(v.family) ? v.family : '' }));

describe('devices: the form mirrors the contract schema', () => {
  it('accepts exactly what devices.add accepts (config and secrets)', () => {
    fc.assert(
      fc.property(formArb, (v) => {
        const client = Object.keys(validate(v, true)).length === 0;
        const server = deviceConfigInputSchema.safeParse(configFromForm(v)).success && deviceSecretsInputSchema.safeParse(secretsFromForm(v)).success;
        expect(client).toBe(server);
      }),
      { numRuns: 2000 },
    );
  });

  it('sends only the fields of the chosen kind, trimmed', () => {
    const v: DeviceFormValues = { ...emptyForm('grandstream-camera'), name: ' Door ', url: ' https://10.0.0.9 ', password: 'pw', extension: '200', mailboxes: '200', secret: 's', privacyPassword: 'p', loginSeparator: '.' };
    expect(configFromForm(v)).toEqual({ kind: 'grandstream-camera', name: 'Door', url: 'https://10.0.0.9', username: 'admin' });
    expect(secretsFromForm(v)).toEqual({ password: 'pw' });
    const n: DeviceFormValues = { ...emptyForm('nethvoice'), name: 'NV', url: 'https://nv', password: 'pw', secret: 'shh', extension: '301', mailboxes: '301, 302' };
    expect(configFromForm(n)).toEqual({ kind: 'nethvoice', name: 'NV', url: 'https://nv', username: 'admin', extension: '301', mailboxes: ['301', '302'] });
    expect(secretsFromForm(n)).toEqual({ password: 'pw', secret: 'shh' });
    expect(FIELDS.kalliope).toContain('privacyPassword');
    expect(FIELDS.nethvoice).toContain('secret');
  });

  it('edits without re-typing secrets: empty password keeps the stored one', () => {
    const stored: DeviceConfig = { id: 'k1', kind: 'kalliope', name: 'PBX', url: 'https://pbx', username: 'admin', extension: '200', mailboxes: ['200', '201'], tlsFingerprint: FP };
    const v = formFromConfig(stored);
    expect(v.password).toBe('');
    expect(v.tlsFingerprint).toBe(formatFingerprint(FP));
    expect(validate(v, false)).toEqual({});
    expect(validate(v, true)).toEqual({ password: { code: 'required' } });
    const upd = updateFromForm('k1', v);
    expect(upd).toEqual({ id: 'k1', config: { kind: 'kalliope', name: 'PBX', url: 'https://pbx', username: 'admin', extension: '200', mailboxes: ['200', '201'], tlsFingerprint: FP } });
    expect(devicesMethods['devices.update'].input.safeParse(upd).success).toBe(true);
    const withPw = updateFromForm('k1', { ...v, password: 'new', privacyPassword: 'pp' });
    expect(withPw.secrets).toEqual({ password: 'new', privacyPassword: 'pp' });
  });

  it('maps the server’s issues onto fields, the rest apart', () => {
    const r = issuesToFields(['config.url: must be an http:// address', 'secrets.password: is required', 'config.mailboxes.3: must be an extension number', 'config.mailboxes.4: must be an extension number', 'id: bad', '(input): odd']);
    expect(r.fields).toEqual({ url: 'must be an http:// address', password: 'is required', mailboxes: 'must be an extension number; must be an extension number' });
    expect(r.other).toEqual(['id: bad', '(input): odd']);
    const parsed = devicesMethods['devices.add'].input.safeParse({ config: { kind: 'kalliope', name: '', url: 'x' }, secrets: { password: '' } });
    expect(parsed.success).toBe(false);
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(Object.keys(issuesToFields(issues).fields).sort()).toEqual(['name', 'password', 'url']);
  });

  it('shows fingerprints in colon pairs and accepts them back', () => {
    expect(formatFingerprint(FP)).toBe('AB:'.repeat(31) + 'AB');
    expect(deviceConfigInputSchema.shape.tlsFingerprint.parse(formatFingerprint(FP))).toBe(FP);
  });
});

describe('devices: last seen and the filter', () => {
  it('says how long ago, never negative', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(ageSeconds(undefined, now)).toBeNull();
    expect(ageSeconds('garbage', now)).toBeNull();
    expect(ageSeconds('2026-01-01T09:59:48Z', now)).toBe(12);
    expect(ageSeconds('2026-01-01T10:00:05Z', now)).toBe(0);
    expect(formatAge(12, 'en')).toBe('12 seconds ago');
    expect(formatAge(0, 'en')).toBe('now');
    expect(formatAge(180, 'en')).toBe('3 minutes ago');
    expect(formatAge(7200, 'it')).toBe('2 ore fa');
    expect(formatAge(3 * 86_400, 'en')).toBe('3 days ago');
  });

  it('filters by name, kind, address and model, ignoring case and accents', () => {
    const d = (id: string, name: string, kind: DeviceEntity['kind'], model?: string): DeviceEntity => ({ type: 'device', id, name, kind, health: 'online', ...(model ? { model } : {}) });
    const list = [d('a', 'Zoë Müller', 'grandstream-phone', 'GXV3350'), d('b', 'Parcheggio (PTZ)', 'grandstream-camera'), d('c', 'KalliopePBX', 'kalliope')];
    const urls = new Map([['b', 'http://10.0.0.7']]);
    expect(filterDevices(list, urls, '').map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(filterDevices(list, urls, 'zoe muller').map((x) => x.id)).toEqual(['a']);
    expect(filterDevices(list, urls, 'CAMERA').map((x) => x.id)).toEqual(['b']);
    expect(filterDevices(list, urls, '10.0.0.7').map((x) => x.id)).toEqual(['b']);
    expect(filterDevices(list, urls, 'gxv3350').map((x) => x.id)).toEqual(['a']);
    expect(filterDevices(list, urls, 'nothing')).toEqual([]);
  });
});

describe('devices: strings', () => {
  it('has every English string in Italian with the same placeholders, and a label and help for every field', () => {
    const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(itStrings).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en)) expect(ph(itStrings[k as keyof typeof en]), k).toEqual(ph(v));
    const keys = new Set(Object.keys(en));
    for (const kind of KINDS) {
      expect(keys.has(`kind.${kind}`)).toBe(true);
      for (const f of FIELDS[kind]) {
        expect(keys.has(`label.${kind}.${f}`) || keys.has(`label.${f}`), `${kind}.${f} label`).toBe(true);
        expect(keys.has(`help.${kind}.${f}`) || keys.has(`help.${f}`), `${kind}.${f} help`).toBe(true);
      }
      for (const fam of FAMILIES[kind]) expect(keys.has(`family.${fam}`)).toBe(true);
    }
  });
});

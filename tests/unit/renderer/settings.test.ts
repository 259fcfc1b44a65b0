import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dialRouteSchema } from '../../../shared/ipc/features/calls';
import { desktopSettingsSchema, numberingSchema, pushListenerSchema, settingsMethods } from '../../../shared/ipc/features/settings';
import {
  issuesByPath,
  numberingForm,
  numberingFromForm,
  pushFromForm,
  routeForm,
  routeFromForm,
  validateHotkey,
  validateNumbering,
  validatePush,
  validateRoute,
  withDesktopUpdate,
  type NumberingForm,
  type PublicSettings,
  type RouteForm,
} from '../../../renderer/src/features/settings/settings-model';
import { en, it as itStrings } from '../../../renderer/src/features/settings/strings';

const digitsish = fc.constantFrom('', '0', '00', '39', '039', '1234', '12345', ' 41 ', 'a1', '+39', '000');

describe('settings: client checks mirror the contract schemas', () => {
  it('numbering', () => {
    const arb: fc.Arbitrary<NumberingForm> = fc.record({
      countryCode: digitsish,
      internationalPrefix: digitsish,
      trunkPrefix: digitsish,
      outsideLinePrefix: digitsish,
      internalMaxDigits: fc.constantFrom('', '0', '1', '4', '8', '9', 'x', '2.5'),
    });
    fc.assert(
      fc.property(arb, (f) => {
        const client = Object.keys(validateNumbering(f)).length === 0;
        expect(client).toBe(numberingSchema.safeParse(numberingFromForm(f)).success);
      }),
      { numRuns: 1500 },
    );
  });

  it('alarm push listener', () => {
    const arb = fc.record({ enabled: fc.boolean(), host: fc.constantFrom('', ' ', '127.0.0.1', '192.168.1.50', 'h'.repeat(101)), port: fc.constantFrom('0', '8080', '65535', '65536', '-1', 'x', '1.5') });
    fc.assert(
      fc.property(arb, (f) => {
        const client = Object.keys(validatePush(f)).length === 0;
        expect(client).toBe(pushListenerSchema.safeParse(pushFromForm(f)).success);
      }),
    );
  });

  it('an empty port is refused before saving (the schema would read it as 0)', () => {
    expect(validatePush({ enabled: true, host: '127.0.0.1', port: '' }).port).toEqual({ code: 'range', min: 0, max: 65535 });
  });

  it('hotkeys', () => {
    for (const s of ['', 'CommandOrControl+Alt+D', 'F12', 'Ctrl+Alt+À', 'Ctrl Alt', 'x'.repeat(61), ' Alt+A ']) {
      const client = validateHotkey(s) === undefined;
      expect(client, s).toBe(desktopSettingsSchema.shape.hotkeys.shape.dial.safeParse(s).success);
    }
  });

  it('call route', () => {
    const arb: fc.Arbitrary<RouteForm> = fc.record({
      kind: fc.constantFrom('auto' as const, 'phone' as const, 'pbx' as const),
      phoneId: fc.constantFrom('', 'phone-reception'),
      account: fc.constantFrom('', '1', '16', '0', '17', 'x', ' 2 '),
      pbxId: fc.constantFrom('', 'kalliope'),
      extension: fc.constantFrom('', '200', '*9', '20x', ' 201 '),
    });
    fc.assert(
      fc.property(arb, (f) => {
        const client = Object.keys(validateRoute(f)).length === 0;
        const route = routeFromForm(f);
        const server = route === null ? true : dialRouteSchema.safeParse(route).success;
        expect(client).toBe(server);
      }),
    );
    expect(routeFromForm({ kind: 'phone', phoneId: 'p', account: '2', pbxId: '', extension: '' })).toEqual({ kind: 'phone', deviceId: 'p', account: 2 });
    expect(routeForm({ kind: 'pbx', deviceId: 'k', extension: '200' })).toMatchObject({ kind: 'pbx', pbxId: 'k', extension: '200' });
    expect(routeForm(undefined).kind).toBe('auto');
    expect(settingsMethods['settings.update'].input.safeParse({ dialRoute: null }).success).toBe(true);
  });

  it('round-trips numbering through the form', () => {
    const n = { countryCode: '39', internationalPrefix: '00', trunkPrefix: '', outsideLinePrefix: '0', internalMaxDigits: 4 };
    expect(numberingFromForm(numberingForm(n))).toEqual(n);
    expect(numberingFromForm(numberingForm({ countryCode: '49', internationalPrefix: '00', trunkPrefix: '0' }))).toEqual({ countryCode: '49', internationalPrefix: '00', trunkPrefix: '0' });
  });
});

describe('settings: optimistic desktop changes and server issues', () => {
  const base: PublicSettings = {
    desktop: {
      hotkeys: { dial: 'A', answer: 'B', hangup: 'C' },
      notifications: { incoming: true, missed: true, voicemail: true, device: true, motion: true },
      doNotDisturb: false,
      startAtLogin: false,
      closeToTray: true,
      theme: 'system',
      language: 'en',
    },
    numbering: { countryCode: '39', internationalPrefix: '00', trunkPrefix: '' },
    pushListener: { enabled: false, host: '127.0.0.1', port: 0 },
    pushStatus: { running: false },
  };
  it('merges nested hotkeys and notifications like the hub does', () => {
    const next = withDesktopUpdate(base, { notifications: { motion: false }, theme: 'dark', hotkeys: { hangup: '' } });
    expect(next.desktop.notifications).toEqual({ ...base.desktop.notifications, motion: false });
    expect(next.desktop.hotkeys).toEqual({ dial: 'A', answer: 'B', hangup: '' });
    expect(next.desktop.theme).toBe('dark');
    expect(next.desktop.language).toBe('en');
    expect(base.desktop.theme).toBe('system');
    expect(withDesktopUpdate(base, undefined)).toBe(base);
  });
  it('groups issues by section and field', () => {
    const r = issuesByPath(['numbering.countryCode: must be a country calling code', 'desktop.hotkeys.dial: must be a key combination', 'pushListener.port: Too big', 'dialRoute.deviceId: Required', 'weird']);
    expect(r.fields).toEqual({
      'numbering.countryCode': 'must be a country calling code',
      'desktop.hotkeys.dial': 'must be a key combination',
      'pushListener.port': 'Too big',
      'dialRoute.deviceId': 'Required',
    });
    expect(r.other).toEqual(['weird']);
  });
  it('has every English string in Italian with the same placeholders', () => {
    const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(itStrings).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en)) expect(ph(itStrings[k as keyof typeof en]), k).toEqual(ph(v));
  });
});

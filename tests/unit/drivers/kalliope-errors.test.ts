import { describe, expect, it } from 'vitest';
import { AuthError, DeviceRejectedError, LicenseError } from '../../../main/core/driver/errors';
import { errorForCode, LICENSE_CODES, licenseError, OPERATION_CODES, type KalliopeOperation } from '../../../main/drivers/kalliope/errors';

const base = { device: 'pbx-1', endpoint: '/rest/phonebook/contacts' };

describe('Kalliope error tables', () => {
  it('license codes 1, 2, 3 are LicenseErrors that say what happened and what to do', () => {
    expect(Object.keys(LICENSE_CODES).map(Number)).toEqual([1, 2, 3]);
    const e = licenseError('pbx-1', '/rest/system/firmware', 2, 'License expired');
    expect(e).toBeInstanceOf(LicenseError);
    expect(e.kind).toBe('license');
    expect(e.message).toContain('pbx-1');
    expect(e.message).toContain('/rest/system/firmware');
    expect(e.message).toMatch(/expired/);
    expect(e.message).toMatch(/Renew/);
    expect(licenseError('pbx-1', '/rest/x', 1, '').message).toMatch(/not been activated/);
    expect(licenseError('pbx-1', '/rest/x', 3, '').message).toMatch(/disabled/);
    expect(licenseError('pbx-1', '/rest/x', null, '')).toBeInstanceOf(LicenseError);
  });

  it.each<[KalliopeOperation, number, RegExp]>([
    ['contact-write', 10, /invalid/],
    ['contact-write', 11, /owner/],
    ['contact-write', 12, /required field/],
    ['contact-write', 13, /not saved/],
    ['contact-write', 15, /not found/],
    ['contact-delete', 14, /id is invalid/],
    ['contact-delete', 15, /not found/],
    ['contact-delete', 17, /private contact/],
    ['contact-delete', 18, /not deleted/],
    ['contact-search', 19, /filter/],
    ['cdr', 11, /before its beginning/],
    ['cdr', 12, /internal error/],
    ['click2call', 10, /could not be started/],
    ['click2call', 11, /extension is missing/],
    ['click2call', 12, /number to call is missing/],
  ])('%s code %i → DeviceRejectedError carrying the code', (op, code, what) => {
    const e = errorForCode({ ...base, op, code, deviceMessage: 'device text' });
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe(String(code));
    expect(e.message).toMatch(what);
    expect(e.message).toContain('pbx-1');
    expect(e.message).toContain('/rest/phonebook/contacts');
    expect(e.message).toContain('"device text"');
  });

  it('the CDR privacy-password code 3 is an AuthError', () => {
    const e = errorForCode({ ...base, op: 'cdr', code: 3, deviceMessage: 'Authentication error' });
    expect(e).toBeInstanceOf(AuthError);
    expect(e.message).toMatch(/privacy password/);
  });

  it('codes are read per family: 12 means different things to the phonebook and the CDR', () => {
    expect(errorForCode({ ...base, op: 'contact-write', code: 12, deviceMessage: '' }).message).toMatch(/required field/);
    expect(errorForCode({ ...base, op: 'cdr', code: 12, deviceMessage: '' }).message).toMatch(/internal error/);
  });

  it('an unknown code is still a DeviceRejectedError with the code and the device text', () => {
    const e = errorForCode({ ...base, op: 'users', code: 99, deviceMessage: 'Strange' });
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('99');
    expect(e.message).toContain('Strange');
  });

  it('every table entry has a what and a hint', () => {
    for (const table of Object.values(OPERATION_CODES)) {
      for (const info of Object.values(table)) {
        expect(info.what.length).toBeGreaterThan(5);
        expect(info.hint.length).toBeGreaterThan(5);
      }
    }
  });
});

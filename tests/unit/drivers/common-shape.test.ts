import { describe, expect, it } from 'vitest';
import { AuthError, ProtocolError } from '../../../main/core/driver/errors';
import { isRecord, readShape, ShapeError, unreadableAnswer } from '../../../main/drivers/common/shape';
import { CameraParseError } from '../../../main/drivers/grandstream-camera/parsers';
import { PhoneParseError } from '../../../main/drivers/grandstream-phone/parsers';
import { ShapeError as KalliopeShapeError } from '../../../main/drivers/kalliope/parsers';
import { ShapeError as NethVoiceShapeError } from '../../../main/drivers/nethvoice/parsers';

describe('common/shape', () => {
  it('isRecord accepts plain objects only', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord('x')).toBe(false);
    expect(isRecord(3)).toBe(false);
    expect(isRecord(undefined)).toBe(false);
  });

  it('the family parse errors are ShapeErrors that keep their own names', () => {
    const phone = new PhoneParseError('p');
    const camera = new CameraParseError('c');
    expect(phone).toBeInstanceOf(ShapeError);
    expect(camera).toBeInstanceOf(ShapeError);
    expect(phone.name).toBe('PhoneParseError');
    expect(camera.name).toBe('CameraParseError');
    expect(new ShapeError('s').name).toBe('ShapeError');
    expect(KalliopeShapeError).toBe(ShapeError);
    expect(NethVoiceShapeError).toBe(ShapeError);
  });

  it('readShape returns the parser result unchanged', () => {
    expect(readShape('Desk', '/x', () => ({ ok: 1 }))).toEqual({ ok: 1 });
  });

  it('readShape turns a ShapeError (or subclass) into a ProtocolError naming device and endpoint, with the cause', () => {
    const cause = new PhoneParseError('unknown phone status "zzz"');
    const e = (() => {
      try {
        readShape('Desk phone', '/cgi-bin/api-get_phone_status', () => {
          throw cause;
        });
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(ProtocolError);
    const p = e as ProtocolError;
    expect(p.device).toBe('Desk phone');
    expect(p.endpoint).toBe('/cgi-bin/api-get_phone_status');
    expect(p.message).toBe(
      'Desk phone: the answer of /cgi-bin/api-get_phone_status could not be read: unknown phone status "zzz". The firmware may differ from the documented API; the last good state is kept.',
    );
    expect(p.cause).toBe(cause);
  });

  it('readShape uses the given error factory for a ShapeError', () => {
    const custom = new ProtocolError({ device: 'PBX', endpoint: '/rest/x', message: 'custom' });
    expect(() =>
      readShape(
        'PBX',
        '/rest/x',
        () => {
          throw new ShapeError('<x> is missing');
        },
        (err) => {
          expect(err.message).toBe('<x> is missing');
          return custom;
        },
      ),
    ).toThrow(custom);
  });

  it('readShape lets every other error through untouched', () => {
    const auth = new AuthError({ device: 'D', message: 'no' });
    expect(() =>
      readShape('D', '/e', () => {
        throw auth;
      }),
    ).toThrow(auth);
    expect(() =>
      readShape('D', '/e', () => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });

  it('unreadableAnswer without a cause carries none', () => {
    const e = unreadableAnswer('Cam', '/goform/systeminfo', 'the answer holds no name=value pair');
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.cause).toBeUndefined();
    expect(e.endpoint).toBe('/goform/systeminfo');
    expect(e.message).toMatch(/^Cam: the answer of \/goform\/systeminfo could not be read: the answer holds no name=value pair\./);
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { authHeaders, secretKey } from '../../../main/drivers/nethvoice/auth';
import { voicemailStateBody, voicemailStateJson } from '../../../main/drivers/nethvoice/voicemail';

describe('NethVoice Secretkey', () => {
  it('matches the seed example: admin / admin / 1234', () => {
    expect(secretKey('admin', 'admin', '1234')).toBe('51b3bfeb54d746a8c8989e71dd8be757787d1adc');
  });
  it('is sha1(user + sha1(password) + secret) in lowercase hex', () => {
    const k = secretKey('Admin', 'Pässwörd!', 'S3cr3t');
    expect(k).toMatch(/^[0-9a-f]{40}$/);
    expect(k).not.toBe(secretKey('admin', 'Pässwörd!', 'S3cr3t'));
    expect(k).not.toBe(secretKey('Admin', 'Pässwörd!', 's3cr3t'));
  });
  it('builds the User and Secretkey headers', () => {
    expect(authHeaders('admin', 'admin', '1234')).toEqual({ User: 'admin', Secretkey: '51b3bfeb54d746a8c8989e71dd8be757787d1adc' });
  });
});

describe('NethVoice voicemail guard', () => {
  it('always carries an explicit state and a string extension', () => {
    expect(voicemailStateBody('201', true)).toEqual({ extension: '201', state: 'yes' });
    expect(voicemailStateBody(' 202 ', false)).toEqual({ extension: '202', state: 'no' });
    expect(voicemailStateJson('201', true)).toBe('{"extension":"201","state":"yes"}');
    expect(voicemailStateJson('201', false)).toBe('{"extension":"201","state":"no"}');
  });

  it('refuses a numeric extension (NethVoice would answer "doesn\'t exist")', () => {
    expect(() => voicemailStateJson(201, true)).toThrow(TypeError);
  });

  it.each([undefined, null, 'yes', 'no', 1, 0, '', {}])('refuses a missing or non-boolean state (%o): it would delete the mailbox', (state) => {
    expect(() => voicemailStateJson('201', state)).toThrow(/without state|true \(enable\)/);
  });

  it.each(['', 'abc', '20 1', '201;rm', '1234567890123456', '../201'])('refuses an extension that is not digits (%o)', (ext) => {
    expect(() => voicemailStateJson(ext, true)).toThrow(RangeError);
  });

  it('is the only place in the driver that writes to /voicemails', () => {
    const dir = new URL('../../../main/drivers/nethvoice/', import.meta.url);
    for (const file of ['driver.ts', 'client.ts', 'parsers.ts', 'index.ts']) {
      const src = readFileSync(new URL(file, dir), 'utf8');
      const posts = src.match(/method: 'POST', path: 'voicemails'[^}]*/g) ?? [];
      for (const p of posts) expect(p).toContain('json,');
      if (posts.length > 0) {
        expect(src).toContain('const json = voicemailStateJson(extension, enabled);');
        expect(posts).toHaveLength(1);
      }
    }
  });
});

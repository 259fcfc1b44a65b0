import { describe, expect, it } from 'vitest';
import { AuthError } from '../../main/core/driver/errors';
import { describeFailure } from '../../main/cli/exit-codes';
import { couldBeWordPart, redact } from '../../main/cli/redact';
import { userValues } from '../../main/cli/run';

// The two messages of the issue, as the drivers write them.
const KALLIOPE_401 =
  'kalliope 10.0.0.9: KalliopePBX rejected the admin credentials at /rest/user (HTTP 401). Check the administrator password in the device settings (type the plain web password; Frontdesk hashes it).';
const PHONE_403 = 'grandstream-phone 10.0.0.5: the phone forbids /cgi-bin/api-get_line_status (HTTP 403). The account "admin" may lack the privilege: use the admin account.';

describe('redact: the user name and ordinary words stay', () => {
  it('keeps "administrator" and the account name when user and password are both admin', () => {
    expect(redact(KALLIOPE_401, ['admin'], ['admin'])).toBe(KALLIOPE_401);
    expect(redact(PHONE_403, ['admin'], ['admin'])).toBe(PHONE_403);
  });

  it('never cuts a short or letters-only secret out of a longer word', () => {
    expect(redact('Check the administrator password', ['admin'])).toBe('Check the administrator password');
    expect(redact('the privacy password was refused', ['priv', 'pass'])).toBe('the privacy password was refused');
    expect(redact('port 18080 and 2024-05-01', ['808', '24'])).toBe('port 18080 and 2024-05-01');
    expect(redact('reception desk', ['recept'])).toBe('reception desk');
  });

  it('replaces a short secret that stands as a whole token, also when it is an ordinary word', () => {
    // decision: a whole word equal to the secret may be the secret itself, so it goes
    expect(redact('login as admin with admin failed', ['admin'])).toBe('login as *** with *** failed');
    expect(redact('privacy: privacy refused', ['privacy'])).toBe('***: *** refused');
    expect(redact('pin 1234 rejected', ['1234'])).toBe('pin *** rejected');
    expect(redact('"Pr1v&cy" refused', ['Pr1v&cy'])).toBe('"***" refused');
  });

  it('replaces a long secret with digits or symbols anywhere, even glued to other text', () => {
    expect(couldBeWordPart('Recept!2024')).toBe(false);
    expect(redact('login xRecept!2024y failed', ['Recept!2024'])).toBe('login x***y failed');
    expect(redact('pw%3DHunter2222', ['Hunter2222'])).toBe('pw%3D***');
  });

  it('treats a letters-only secret as a possible word part whatever its length', () => {
    expect(couldBeWordPart('administrator')).toBe(true);
    expect(couldBeWordPart('admin')).toBe(true);
    expect(couldBeWordPart('a1b2c3')).toBe(true);
    expect(redact('administrators and administrator', ['administrator'])).toBe('administrators and ***');
  });

  it('keeps a user name that contains the password, but redacts a password that contains the user name', () => {
    expect(redact('account "admin2024!x" refused', ['admin2024!'], ['admin2024!x'])).toBe('account "admin2024!x" refused');
    expect(redact('account "admin" refused with admin2024!', ['admin2024!'], ['admin'])).toBe('account "admin" refused with ***');
  });

  it('redacts the URL-encoded form of a secret', () => {
    expect(redact('/login?user=admin&p=Pa%2655word!', ['Pa&55word!'], ['admin'])).toBe('/login?user=admin&p=***');
    expect(redact('GET /x?q=Pa%2655word!Z', ['Pa&55word!'])).toBe('GET /x?q=***Z');
  });
});

describe('redact: secrets by field name', () => {
  it('hides the value of secret-named fields whatever it is, even an unknown one', () => {
    expect(redact('/cgi-bin/login?Username=admin&Secret=9f8e7d&x=1', [])).toBe('/cgi-bin/login?Username=admin&Secret=***&x=1');
    expect(redact('/login?password=admin', ['admin'], ['admin'])).toBe('/login?password=***');
    expect(redact('{"user":"admin","password":"a\\"b","secretkey":"k"}', [])).toBe('{"user":"admin","password":"***","secretkey":"***"}');
    expect(redact('<privacy_password>abc</privacy_password><user>admin</user>', [])).toBe('<privacy_password>***</privacy_password><user>admin</user>');
  });

  it('leaves prose about passwords alone', () => {
    const prose = 'Check the administrator password: the password was refused. Secret rotation needed.';
    expect(redact(prose, [])).toBe(prose);
    expect(redact('bypass=1&compass=2', [])).toBe('bypass=1&compass=2');
  });

  it('ignores empty secrets and redacts the longest first', () => {
    expect(redact('abcdef abc', ['abc', 'abcdef', ''])).toBe('*** ***');
    expect(redact('nothing here', [], [])).toBe('nothing here');
    expect(redact('a.b*c a-b', ['a.b*c'])).toBe('*** a-b');
  });
});

describe('describeFailure keeps the user name', () => {
  it('prints the two messages of the issue intact with user admin and password admin', () => {
    const k = describeFailure(new AuthError({ device: 'kalliope 10.0.0.9', endpoint: '/rest/user', message: KALLIOPE_401 }), ['admin'], ['admin']);
    expect(k.json.error.message).toContain('Check the administrator password');
    const p = describeFailure(new AuthError({ device: 'phone', endpoint: '/cgi-bin/api-login?Secret=abc', message: PHONE_403 }), ['admin'], ['admin']);
    expect(p.json.error.message).toContain('The account "admin" may lack the privilege');
    expect(p.json.error.endpoint).toBe('/cgi-bin/api-login?Secret=***');
  });
});

describe('userValues', () => {
  it('reads --user in both forms and ignores a missing value', () => {
    expect(userValues(['probe', '--user', 'admin', '--password', 'x'])).toEqual(['admin']);
    expect(userValues(['--user=gmiadmin'])).toEqual(['gmiadmin']);
    expect(userValues(['--user'])).toEqual([]);
    expect(userValues(['--user='])).toEqual([]);
  });
});

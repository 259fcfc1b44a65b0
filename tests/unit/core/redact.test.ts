/**
 * Log redaction (main/core/redact.ts): the credential headers of every device family, session
 * cookies and parameters, and secret JSON fields never survive into a log line; names and ordinary
 * words do. Examples, then properties over random credential values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basicAuth } from '../../../main/drivers/common/http';
import { authHeaders } from '../../../main/drivers/nethvoice/auth';
import { xAuthenticate } from '../../../main/drivers/kalliope/signed';
import { redactHeaders, redactingLog, redactText, REDACTED } from '../../../main/core/redact';

describe('redactHeaders', () => {
  it('replaces credential headers and cookie values, keeps everything else', () => {
    const h = redactHeaders({
      Authorization: basicAuth('admin', 'Kpbx!Milano24'),
      User: 'admin',
      Secretkey: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
      'X-authenticate': 'RestApiUsernameToken Username="u", Domain="default", Digest="abc=", Nonce="00ff00ff", Created="2024-05-01T08:00:00Z"',
      Cookie: 'session-identity=9f8e7d; sid=123abc',
      'set-cookie': ['session=deadbeef; Path=/; HttpOnly', 'uname=admin; Path=/'],
      'content-length': 12,
      accept: 'application/json',
    });
    expect(h).toEqual({
      Authorization: REDACTED,
      User: 'admin',
      Secretkey: REDACTED,
      'X-authenticate': REDACTED,
      Cookie: `session-identity=${REDACTED}; sid=${REDACTED}`,
      'set-cookie': [`session=${REDACTED}; Path=/; HttpOnly`, `uname=${REDACTED}; Path=/`],
      'content-length': '12',
      accept: 'application/json',
    });
  });
});

describe('redactText', () => {
  it.each([
    ['GET /rest/users Authorization: Basic YWRtaW46NWY0ZGNjM2I1YWE3NjVkNjFkODMyN2RlYjg4MmNmOTk=', 'GET /rest/users Authorization: ***'],
    ['headers {"authorization":"Basic abc","accept":"*/*"}', 'headers {"authorization":"***","accept":"*/*"}'],
    ['Secretkey: 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567 User: admin', 'Secretkey: *** User: admin'],
    ['X-authenticate: RestApiUsernameToken Username="frontdesk", Domain="default", Digest="q83v==", Nonce="1a2b3c4d", Created="2024-05-01T08:00:00Z"', 'X-authenticate: ***'],
    ['Cookie: session-identity=4f1c0a; sid=77aa', `Cookie: session-identity=${REDACTED}; sid=${REDACTED}`],
    ['set-cookie: session=0123abcd; Path=/; HttpOnly', `set-cookie: session=${REDACTED}; Path=/; HttpOnly`],
    ['/cgi-bin/api-get_line_status?sid=0123456789abcdef&line=1', `/cgi-bin/api-get_line_status?sid=${REDACTED}&line=1`],
    ['/goform/login?cmd=login&user=admin&authcode=5f4dcc3b5aa765d61d8327deb882cf99', `/goform/login?cmd=login&user=admin&authcode=${REDACTED}`],
    ['body {"response":"success","body":{"sid":"a1b2c3","role":"x"}}', `body {"response":"success","body":{"sid":"${REDACTED}","role":"x"}}`],
    ['{"username":"ada","password":"UserClearPw!","pwd":"1234"}', `{"username":"ada","password":"${REDACTED}","pwd":"${REDACTED}"}`],
  ])('%s', (line, want) => {
    expect(redactText(line)).toBe(want);
  });

  it('leaves ordinary messages alone', () => {
    for (const line of [
      'hub: Reception (lines): Reception (http://10.0.0.5) cannot be reached (ECONNREFUSED). Check the address.',
      'The authorization was refused; the session ended. Check the password in the device settings.',
      'contacts: the index could not be saved (EACCES)',
    ]) {
      expect(redactText(line)).toBe(line);
    }
  });

  it('no credential value of any family survives, whatever it is (property)', () => {
    const value = fc.string({ minLength: 6, maxLength: 30 }).filter((s) => /^[\x21-\x7e]+$/.test(s) && !/["'\\;,&=]/.test(s) && !/^(path|domain)$/i.test(s));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /^[a-z]+$/.test(s)), value, value, (user, password, secret) => {
        const basic = basicAuth(user, password);
        const nv = authHeaders(user, password, secret);
        const x = xAuthenticate({ username: user, domain: 'default', digestPassword: 'd'.repeat(64), nonce: 'ab12cd34', created: '2024-05-01T08:00:00Z' });
        const lines = [
          `request headers: Authorization: ${basic}`,
          `headers ${JSON.stringify({ ...nv, Accept: 'application/json' })}`,
          `X-authenticate: ${x}`,
          `Cookie: sid=${secret}; session-identity=${password}`,
          `GET /cgi-bin/api-get_phone_status?sid=${secret}`,
          `answer {"body":{"sid":"${secret}"},"password":"${password}"}`,
        ];
        for (const l of lines) {
          const out = redactText(l);
          expect(out).not.toContain(basic.slice(6));
          expect(out).not.toContain(nv['Secretkey'] ?? '∅');
          expect(out).not.toContain(x.slice(x.indexOf('Digest=')));
          if (l.includes(secret)) expect(out).not.toContain(`=${secret}`);
          expect(out).not.toContain(`"password":"${password}"`);
          expect(out).not.toContain(`"sid":"${secret}"`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('redactingLog passes redacted lines on', () => {
    const seen: string[] = [];
    redactingLog((m) => seen.push(m))('Authorization: Basic Zm9vOmJhcg==');
    expect(seen).toEqual(['Authorization: ***']);
  });
});

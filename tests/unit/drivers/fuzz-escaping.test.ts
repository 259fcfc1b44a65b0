/**
 * Everything built from user input and sent to a device is escaped and round-trips (fast-check,
 * RUNS cases each): KalliopePBX `<kpbx_request>` XML bodies, query strings and path segments of
 * the HTTP client, form bodies of the SHA-256 phones, the KalliopePBX 4.x X-authenticate header,
 * HTTP Basic credentials, and CSV cells of the contacts export including formula-injection cells
 * (=, +, -, @): the receiving side reads back exactly what the user typed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basicAuth, HttpClient } from '../../../main/drivers/common/http';
import { deviceConfigInputSchema } from '../../../shared/ipc/features/devices';
import { parseCli } from '../../../main/cli/args';
import { formBody } from '../../../main/drivers/grandstream-phone/sha256-auth';
import { headerSafe, xAuthenticate } from '../../../main/drivers/kalliope/signed';
import { buildRequest, parseXml, text } from '../../../main/drivers/kalliope/xml';
import { csvCell, readCsv, unguard } from '../../../renderer/src/features/contacts/formats/csv';
import { FUZZ_TIMEOUT, fuzz, noisyString, reportCounts } from './fuzz-kit';

reportCounts('fuzz-escaping');

/** No lone surrogate (URLs and UTF-8 bodies cannot carry one; they become U+FFFD). */
function wellFormed(s: string): boolean {
  return !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

/** User text, heavy on the characters each format must escape; well-formed Unicode. */
const userText = fc.oneof(
  { weight: 3, arbitrary: noisyString('<>&"\'=;:,/?#%+@ \t\r\n]]>![CDATA[&amp;\\', 30) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('&amp;', '&lt;b&gt;', '&#65;', '&nbsp;', ']]>', '<![CDATA[x]]>', '</first_name><admin>1</admin>', '=HYPERLINK("http://x")', '+39 02 1234', '-1', '@SUM(A1)') },
).filter(wellFormed);

// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

describe('KalliopePBX XML request bodies', () => {
  it('a contact built from any text parses back to that text (trimmed, XML-forbidden characters dropped), and injects no element', () => {
    fuzz('kpbx_request', [userText, userText, userText], (first, last, phone) => {
      const xml = buildRequest('fdabc', { contact: { first_name: first, last_name: last, phone, organization: '', mail: 'a@b.c' } });
      const parsed = parseXml(xml);
      if (!parsed.ok) throw new Error(`the request body does not parse: ${parsed.reason}\n${xml}`);
      const req = parsed.value['kpbx_request'] as Record<string, unknown>;
      expect(Object.keys(req).sort()).toEqual(['contact', 'request_id']);
      const c = req['contact'] as Record<string, unknown>;
      expect(Object.keys(c).every((k) => ['first_name', 'last_name', 'phone', 'organization', 'mail'].includes(k))).toBe(true);
      const want = (s: string): string => s.replace(XML_FORBIDDEN, '').trim();
      expect(text(c['first_name'])).toBe(want(first));
      expect(text(c['last_name'])).toBe(want(last));
      expect(text(c['phone'])).toBe(want(phone));
    });
  }, FUZZ_TIMEOUT);
});

describe('query strings, path segments and form bodies', () => {
  const client = new HttpClient({ device: 'D', baseUrl: 'http://127.0.0.1:9/cgi-bin/' });

  it('query parameters round-trip through the URL the client requests', () => {
    fuzz('query string', [userText, userText, userText], (a, b, c) => {
      const u = client.url('api-save-edit_contact', { firstname: a, lastname: b, work: c, sid: 'S' });
      expect(u.pathname).toBe('/cgi-bin/api-save-edit_contact');
      expect(u.searchParams.get('firstname')).toBe(a);
      expect(u.searchParams.get('lastname')).toBe(b);
      expect(u.searchParams.get('work')).toBe(c);
      // nothing the user typed adds or overrides a parameter
      expect([...u.searchParams.keys()].sort()).toEqual(['firstname', 'lastname', 'sid', 'work']);
      expect(u.searchParams.get('sid')).toBe('S');
    });
  }, FUZZ_TIMEOUT);

  it('an encoded path segment stays one segment of the endpoint (dot segments are refused by the contract, see devices schema)', () => {
    fuzz('path segment', [userText.filter((s) => s !== '.' && s !== '..')], (id) => {
      const u = client.url(`phonebook/contacts/${encodeURIComponent(id)}`);
      const segments = u.pathname.split('/');
      expect(segments.slice(0, 4)).toEqual(['', 'cgi-bin', 'phonebook', 'contacts']);
      expect(segments.length).toBe(5);
      expect(decodeURIComponent(segments[4] ?? '')).toBe(id);
      expect(u.search).toBe('');
    });
    // "." and ".." are the only values that would not stay one segment: the one user-typed segment
    // (the KalliopePBX 4.x tenant domain of /rest/salt/<domain>) refuses them in the contract and the CLI
    for (const dots of ['.', '..', '...']) {
      const config = { kind: 'kalliope', name: 'PBX', url: 'https://pbx', username: 'admin', tenantDomain: dots };
      expect(deviceConfigInputSchema.safeParse(config).success).toBe(false);
      expect(() => parseCli(['probe', '--kind', 'kalliope', '--url', 'https://pbx', '--user', 'u', '--password', 'p', '--tenant-domain', dots])).toThrow(/tenant-domain/);
    }
    expect(deviceConfigInputSchema.safeParse({ kind: 'kalliope', name: 'PBX', url: 'https://pbx', username: 'admin', tenantDomain: 'acme.it' }).success).toBe(true);
  }, FUZZ_TIMEOUT);

  it('form bodies (SHA-256 phones) round-trip and never add a field', () => {
    fuzz('form body', [userText, userText], (user, value) => {
      const body = formBody({ username: user, password: value });
      const back = new URLSearchParams(body);
      expect([...back.keys()]).toEqual(['username', 'password']);
      expect(back.get('username')).toBe(user);
      expect(back.get('password')).toBe(value);
    });
  }, FUZZ_TIMEOUT);
});

describe('credentials in headers', () => {
  it('X-authenticate carries only header-safe names, each read back from its quotes', () => {
    fuzz('X-authenticate', [userText, userText], (user, domain) => {
      if (!headerSafe(user) || !headerSafe(domain)) return;
      const h = xAuthenticate({ username: user, domain, digestPassword: 'd'.repeat(64), nonce: 'a1b2c3d4', created: '2024-05-01T08:00:00Z' });
      // eslint-disable-next-line no-control-regex
      expect(h).not.toMatch(/[\r\n\u0000]/);
      const m = /^RestApiUsernameToken Username="([^"]*)", Domain="([^"]*)", Digest="([^"]*)", Nonce="([^"]*)", Created="([^"]*)"$/.exec(h);
      expect(m?.[1]).toBe(user);
      expect(m?.[2]).toBe(domain);
    });
  }, FUZZ_TIMEOUT);

  it('Basic credentials decode to user:password', () => {
    fuzz('Basic auth', [userText.filter((s) => !s.includes(':')), userText], (user, pw) => {
      const h = basicAuth(user, pw);
      expect(h).toMatch(/^Basic [A-Za-z0-9+/]*=*$/);
      const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
      expect(decoded.slice(0, decoded.indexOf(':'))).toBe(user);
      expect(decoded.slice(decoded.indexOf(':') + 1)).toBe(pw);
    });
  }, FUZZ_TIMEOUT);
});

describe('CSV export cells', () => {
  const cellText = fc.oneof({ weight: 2, arbitrary: userText }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "'=", "''+"), userText).map(([p, s]) => p + s) });

  it('a cell starting with = + - @ (or tab/CR) never reaches a spreadsheet as a formula, and every cell reads back as written', () => {
    fuzz('csv cell', [fc.array(cellText, { minLength: 1, maxLength: 4 }), fc.constantFrom(',', ';', '\t')], (cells, delim) => {
      const line = cells.map((c) => csvCell(c, delim)).join(delim);
      for (const c of cells) {
        const out = csvCell(c, delim);
        const unquoted = out.startsWith('"') ? out.slice(1) : out;
        expect(unquoted).not.toMatch(/^[=+\-@\t\r]/);
      }
      const { records, unclosedAt } = readCsv(`${line}\r\n`, delim);
      expect(unclosedAt).toBeUndefined();
      expect(records).toHaveLength(1);
      const read = records[0]?.cells ?? [];
      expect(read).toHaveLength(cells.length);
      read.forEach((got, i) => expect(unguard(got)).toBe(cells[i]));
    });
  }, FUZZ_TIMEOUT);
});

import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, parseCli, periodInstant, secretValues, validateUrl, type CliArgs } from '../../main/cli/args';
import { UsageError } from '../../main/cli/usage-error';

const CONN = ['--kind', 'grandstream-phone', '--url', 'http://192.168.1.20', '--user', 'admin', '--password', 'pw!secret'];

function ok(argv: string[], env: Record<string, string> = {}): CliArgs {
  const r = parseCli(argv, env);
  if (r.help) throw new Error('unexpected help');
  return r.args;
}

function usage(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseCli(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCli: valid commands', () => {
  it('parses the connection flags', () => {
    const a = ok(['probe', ...CONN, '--secret', 's3', '--line-states', 'words', '--timeout', '1500']);
    expect(a.command).toEqual({ name: 'probe' });
    expect(a.connection).toEqual({
      kind: 'grandstream-phone',
      url: 'http://192.168.1.20',
      user: 'admin',
      password: 'pw!secret',
      secret: 's3',
      lineStates: 'words',
      timeoutMs: 1500,
    });
  });

  it('accepts flags before the command and --flag=value', () => {
    const a = ok(['--kind=kalliope', '--url=https://pbx.example.com:8443', '--user=admin', '--password=-starts-with-dash', 'voicemail']);
    expect(a.command).toEqual({ name: 'voicemail' });
    expect(a.connection.kind).toBe('kalliope');
    expect(a.connection.password).toBe('-starts-with-dash');
  });

  it('parses every command with its own flags', () => {
    expect(ok(['contacts', ...CONN]).command).toEqual({ name: 'contacts' });
    expect(ok(['contacts', '--search', 'Rossi', ...CONN]).command).toEqual({ name: 'contacts', search: 'Rossi' });
    expect(ok(['dial', '+39 02 1234 5678', ...CONN]).command).toEqual({ name: 'dial', number: '+39 02 1234 5678' });
    expect(ok(['dial', '201', '--account', '1', '--exten', '200', ...CONN]).command).toEqual({ name: 'dial', number: '201', account: 1, exten: '200' });
    expect(ok(['voicemail', '--exten', '200', ...CONN]).command).toEqual({ name: 'voicemail', exten: '200' });
    expect(ok(['call', 'accept', '--line', '2', ...CONN]).command).toEqual({ name: 'call', action: 'accept', line: 2 });
    expect(ok(['call', 'hold', '--line', '1', ...CONN]).command).toEqual({ name: 'call', action: 'hold', line: 1 });
    expect(ok(['call', 'resume', '--line', '1', ...CONN]).command).toEqual({ name: 'call', action: 'resume', line: 1 });
    expect(ok(['snapshot', '--out', 'door.jpg', ...CONN]).command).toEqual({ name: 'snapshot', out: 'door.jpg' });
    expect(ok(['history', ...CONN]).command).toEqual({ name: 'history' });
    expect(ok(['history', '--from', '2024-05-01', '--to', '2024-05-02T18:00:00Z', ...CONN]).command).toEqual({
      name: 'history',
      from: '2024-05-01',
      to: '2024-05-02T18:00:00Z',
    });
    for (const name of ['probe', 'status', 'lines', 'accounts', 'voicemail', 'presence', 'motion']) {
      expect(ok([name, ...CONN]).command).toEqual({ name });
    }
    expect(ok(['reboot', '--yes', ...CONN]).command).toEqual({ name: 'reboot' });
    expect(ok(['reboot', '--exten', '301', '--yes', ...CONN]).command).toEqual({ name: 'reboot', exten: '301' });
  });

  it('reboot needs --yes, and --yes belongs to reboot only', () => {
    expect(usage(['reboot', ...CONN])).toBe('reboot restarts the device and cuts its calls: add --yes to confirm');
    expect(usage(['reboot', '--exten', '301', ...CONN])).toMatch(/add --yes to confirm/);
    expect(usage(['reboot', '--yes=1', ...CONN])).toMatch(/--yes/);
    expect(usage(['probe', '--yes', ...CONN])).toBe('flag --yes belongs to the reboot command, not probe');
  });

  it('knows exactly the documented commands', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(
      ['accounts', 'call', 'contacts', 'dial', 'history', 'lines', 'motion', 'presence', 'probe', 'reboot', 'snapshot', 'status', 'voicemail'].sort(),
    );
  });

  it('returns help for --help and -h, even without other flags', () => {
    expect(parseCli(['--help'])).toEqual({ help: true });
    expect(parseCli(['-h'])).toEqual({ help: true });
    expect(parseCli(['lines', '--help'])).toEqual({ help: true });
  });

  it('takes the password and secret from the environment when the flags are absent', () => {
    const argv = ['presence', '--kind', 'nethvoice', '--url', 'pbx.local', '--user', 'admin'];
    const a = ok(argv, { FRONTDESK_PASSWORD: 'envpw', FRONTDESK_SECRET: 'envsecret' });
    expect(a.connection.password).toBe('envpw');
    expect(a.connection.secret).toBe('envsecret');
    // the flag wins over the environment
    expect(ok([...argv, '--password', 'flagpw'], { FRONTDESK_PASSWORD: 'envpw' }).connection.password).toBe('flagpw');
  });

  it('takes the history privacy password from --privacy-password or FRONTDESK_PRIVACY_PASSWORD (history only)', () => {
    const k = ['--kind', 'kalliope', '--url', 'http://pbx', '--user', 'admin', '--password', 'x'];
    expect(ok(['history', ...k, '--privacy-password', 'pr1v']).connection.privacyPassword).toBe('pr1v');
    expect(ok(['history', ...k], { FRONTDESK_PRIVACY_PASSWORD: 'envpriv' }).connection.privacyPassword).toBe('envpriv');
    expect(ok(['history', ...k, '--privacy-password', 'flag'], { FRONTDESK_PRIVACY_PASSWORD: 'envpriv' }).connection.privacyPassword).toBe('flag');
    // absent, empty in the environment, or another command: not set
    expect('privacyPassword' in ok(['history', ...k]).connection).toBe(false);
    expect('privacyPassword' in ok(['history', ...k], { FRONTDESK_PRIVACY_PASSWORD: '' }).connection).toBe(false);
    expect('privacyPassword' in ok(['presence', ...k], { FRONTDESK_PRIVACY_PASSWORD: 'envpriv' }).connection).toBe(false);
  });

  it('leaves the secret out when it is not given (NethVoice discovers it)', () => {
    const a = ok(['presence', '--kind', 'nethvoice', '--url', 'http://pbx', '--user', 'admin', '--password', 'x']);
    expect(a.connection.secret).toBeUndefined();
    expect('secret' in a.connection).toBe(false);
  });
});

describe('parseCli: usage errors', () => {
  it('rejects a missing or unknown command', () => {
    expect(usage([...CONN])).toMatch(/missing command/);
    expect(usage(['restart', ...CONN])).toMatch(/unknown command "restart"/);
    expect(usage(['restart', ...CONN])).toMatch(/probe, status, lines/);
  });

  it('rejects unknown flags without echoing values', () => {
    const m = usage(['lines', ...CONN, '--pasword=hunter2']);
    expect(m).toMatch(/unknown flag --pasword/);
    expect(m).not.toContain('hunter2');
    expect(usage(['lines', ...CONN, '--verbose'])).toMatch(/unknown flag --verbose/);
  });

  it('rejects each missing connection flag', () => {
    const drop = (flag: string): string[] => {
      const i = CONN.indexOf(flag);
      return [...CONN.slice(0, i), ...CONN.slice(i + 2)];
    };
    expect(usage(['lines', ...drop('--url')])).toBe('missing required flag --url');
    expect(usage(['lines', ...drop('--kind')])).toBe('missing required flag --kind');
    expect(usage(['lines', ...drop('--user')])).toBe('missing required flag --user');
    expect(usage(['lines', ...drop('--password')])).toMatch(/^missing required flag --password/);
  });

  it('rejects a flag without its value', () => {
    expect(usage(['lines', ...CONN, '--timeout'])).toMatch(/--timeout/);
  });

  it('rejects a bad --kind', () => {
    const m = usage(['probe', '--kind', 'yealink', '--url', 'http://x', '--user', 'u', '--password', 'p']);
    expect(m).toMatch(/--kind must be one of grandstream-phone, grandstream-camera, kalliope, nethvoice/);
  });

  it('rejects a bad --line-states', () => {
    expect(usage(['lines', ...CONN, '--line-states', 'letters'])).toMatch(/--line-states must be numeric or words/);
  });

  it('rejects a bad --timeout', () => {
    expect(usage(['lines', ...CONN, '--timeout', 'soon'])).toMatch(/--timeout must be a whole number/);
    expect(usage(['lines', ...CONN, '--timeout', '0'])).toMatch(/--timeout must be between 1 and 600000/);
  });

  it('rejects call without --line, with a bad line or action', () => {
    expect(usage(['call', 'accept', ...CONN])).toMatch(/call needs --line/);
    expect(usage(['call', 'accept', '--line', 'two', ...CONN])).toMatch(/--line must be a whole number/);
    expect(usage(['call', 'accept', '--line', '0', ...CONN])).toMatch(/--line must be between 1 and 64/);
    expect(usage(['call', '--line', '1', ...CONN])).toMatch(/call needs an action/);
    expect(usage(['call', 'transfer', '--line', '1', ...CONN])).toMatch(/call action must be one of accept, reject, end, hold, resume, got "transfer"/);
  });

  it('rejects dial without a number or with a bad account', () => {
    expect(usage(['dial', ...CONN])).toMatch(/dial needs a number/);
    expect(usage(['dial', '  ', ...CONN])).toMatch(/non-empty number/);
    expect(usage(['dial', '201', '202', ...CONN])).toMatch(/one number/);
    expect(usage(['dial', '201', '--account', '-1', ...CONN])).toMatch(/--account/);
    // the account number as "accounts" prints it: 1-16 (issue 13 item 4)
    expect(usage(['dial', '201', '--account', '0', ...CONN])).toMatch(/--account must be between 1 and 16/);
    expect(usage(['dial', '201', '--account', '17', ...CONN])).toMatch(/--account must be between 1 and 16/);
    expect(ok(['dial', '201', '--account', '16', ...CONN]).command).toEqual({ name: 'dial', number: '201', account: 16 });
    expect(usage(['dial', '201', '--exten', 'two hundred', ...CONN])).toMatch(/--exten must be an extension/);
  });

  it('rejects snapshot without --out', () => {
    expect(usage(['snapshot', ...CONN])).toMatch(/snapshot needs --out/);
    expect(usage(['snapshot', '--out', '', ...CONN])).toMatch(/snapshot needs --out/);
  });

  it('rejects a flag used with the wrong command', () => {
    expect(usage(['lines', '--line', '1', ...CONN])).toBe('flag --line belongs to the call command, not lines');
    expect(usage(['probe', '--out', 'x.jpg', ...CONN])).toMatch(/--out belongs to the snapshot command/);
    expect(usage(['contacts', '--account', '1', ...CONN])).toMatch(/--account belongs to the dial command/);
    expect(usage(['contacts', '--exten', '200', ...CONN])).toBe('flag --exten belongs to the dial and voicemail and reboot commands, not contacts');
    expect(usage(['voicemail', '--exten', '2 0', ...CONN])).toMatch(/--exten must be an extension/);
  });

  it('rejects positional arguments a command does not take', () => {
    expect(usage(['lines', 'extra', ...CONN])).toMatch(/lines takes no arguments/);
  });

  it('rejects bad history dates and an inverted range', () => {
    expect(usage(['history', '--from', 'yesterday', ...CONN])).toMatch(/--from must be an ISO 8601 date/);
    expect(usage(['history', '--to', '2024-13-45', ...CONN])).toMatch(/--to must be an ISO 8601 date/);
    expect(usage(['history', '--from', '2024-05-02', '--to', '2024-05-01', ...CONN])).toMatch(/--from must not be later than --to/);
  });

  it('a date-only --to covers that whole local day; impossible dates are refused', () => {
    // Same day: from its midnight to its last second (was refused: "2024-05-01" compared as UTC midnight).
    expect(ok(['history', '--from', '2024-05-01T10:00', '--to', '2024-05-01', ...CONN]).command).toEqual({ name: 'history', from: '2024-05-01T10:00', to: '2024-05-01' });
    expect(ok(['history', '--from', '2024-05-01', '--to', '2024-05-01', ...CONN]).command).toMatchObject({ from: '2024-05-01', to: '2024-05-01' });
    expect(usage(['history', '--from', '2024-05-02T00:00', '--to', '2024-05-01', ...CONN])).toMatch(/--from must not be later than --to/);
    expect(usage(['history', '--to', '2024-02-30', ...CONN])).toMatch(/--to must be an ISO 8601 date/);
    expect(usage(['history', '--from', '2023-02-29', ...CONN])).toMatch(/--from must be an ISO 8601 date/);
    expect(periodInstant('2024-05-01', 'from')).toBe(new Date(2024, 4, 1).getTime());
    expect(periodInstant('2024-05-01', 'to')).toBe(new Date(2024, 4, 1, 23, 59, 59).getTime());
    expect(periodInstant('2024-05-01T08:00', 'to')).toBe(new Date(2024, 4, 1, 8, 0).getTime());
    expect(periodInstant('2024-02-30', 'from')).toBeNaN();
  });

  it('--privacy-password belongs to history, must not be empty, and is never echoed', () => {
    const k = ['--kind', 'kalliope', '--url', 'http://pbx', '--user', 'admin', '--password', 'x'];
    expect(usage(['probe', ...k, '--privacy-password', 'hush-42'])).toBe('flag --privacy-password belongs to the history command, not probe');
    expect(usage(['history', ...k, '--privacy-password', ''])).toBe('--privacy-password must not be empty');
    expect(usage(['history', ...k, '--privacy-password'])).not.toContain('hush');
    expect(secretValues(['history', '--privacy-password', 'hush-42'])).toEqual(['hush-42']);
    expect(secretValues(['history', '--privacy-password=hush-43'])).toEqual(['hush-43']);
    expect(secretValues([], { FRONTDESK_PRIVACY_PASSWORD: 'hush-44' })).toEqual(['hush-44']);
  });

  it('rejects a flag given twice', () => {
    expect(usage(['lines', ...CONN, '--user', 'other'])).toBe('flag --user is given more than once');
  });

  it('rejects an empty --user and --search', () => {
    expect(usage(['lines', '--kind', 'grandstream-phone', '--url', 'http://x', '--user', '', '--password', 'p'])).toMatch(/--user must not be empty/);
    expect(usage(['contacts', '--search', ' ', ...CONN])).toMatch(/--search must not be empty/);
  });
});

describe('validateUrl', () => {
  it('accepts device roots as users type them, with or without the API path', () => {
    expect(validateUrl('http://192.168.1.20')).toBe('http://192.168.1.20');
    expect(validateUrl('https://pbx.example.com:8443')).toBe('https://pbx.example.com:8443');
    expect(validateUrl('http://192.168.1.20/cgi-bin')).toBe('http://192.168.1.20/cgi-bin');
    expect(validateUrl('192.168.1.20')).toBe('192.168.1.20');
  });

  it('rejects other schemes, credentials in the URL and garbage, without echoing credentials', () => {
    expect(() => validateUrl('ftp://x')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => validateUrl('')).toThrow(/must not be empty/);
    expect(() => validateUrl('http://[::1')).toThrow(/not a valid URL/);
    expect(() => validateUrl('http://x/?a=1')).toThrow(/without a query/);
    let msg = '';
    try {
      validateUrl('http://admin:Sup3rSecret@192.168.1.20');
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/must not contain credentials/);
    expect(msg).not.toContain('Sup3rSecret');
  });
});

describe('secretValues', () => {
  it('finds --password and --secret values in every spelling, and the environment ones', () => {
    expect(secretValues(['x', '--password', 'a1', '--secret=b2', '--password=c3'], { FRONTDESK_SECRET: 'd4' }).sort()).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(secretValues(['--password'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Capability, Contact, DeviceKind, Line, PhoneStatus } from '../../shared/domain';
import { AuthError, DeviceRejectedError, UnreachableError } from '../../main/core/driver/errors';
import type { DialRequest, Driver, DriverConfig } from '../../main/core/driver/types';
import { isSupported, supportedCommands } from '../../main/cli/commands';
import { runCli } from '../../main/cli/run';

interface Recorder {
  out: string[];
  err: string[];
  files: Map<string, Uint8Array>;
  configs: DriverConfig[];
  closed: number;
  calls: unknown[][];
}

function fakeDriver(kind: DeviceKind, caps: Capability[], methods: Partial<Driver>, rec: Recorder): Driver {
  return {
    kind,
    capabilities: new Set(caps),
    probe: () => Promise.resolve({ kind, model: 'M1', firmware: '1.0', capabilities: caps }),
    close: () => {
      rec.closed++;
      return Promise.resolve();
    },
    ...methods,
  };
}

function harness(make: (rec: Recorder) => Driver | (() => never)) {
  const rec: Recorder = { out: [], err: [], files: new Map(), configs: [], closed: 0, calls: [] };
  const run = (argv: string[]): Promise<number> =>
    runCli(argv, {
      createDriver: (config) => {
        rec.configs.push(config);
        const d = make(rec);
        return typeof d === 'function' ? d() : d;
      },
      stdout: (t) => void rec.out.push(t),
      stderr: (t) => void rec.err.push(t),
      writeFile: (path, bytes) => {
        if (path.startsWith('/nonexistent/')) return Promise.reject(Object.assign(new Error('no such dir'), { code: 'ENOENT' }));
        rec.files.set(path, bytes);
        return Promise.resolve();
      },
      env: {},
    });
  return { rec, run };
}

const conn = (kind: DeviceKind, password = 'Pa55word!'): string[] => ['--kind', kind, '--url', 'http://10.1.2.3:8080', '--user', 'admin', '--password', password];

const LINES: Line[] = [
  { line: 1, state: 'ringing', remoteNumber: '201', remoteName: 'Niccolò', account: 0 },
  { line: 2, state: 'idle', remoteNumber: '', remoteName: '', account: 0 },
];

function phone(rec: Recorder): Driver {
  return fakeDriver(
    'grandstream-phone',
    ['dial', 'callControl', 'lines', 'contacts'],
    {
      status: () => Promise.resolve({ state: 'available', clickToDial: true }),
      lines: () => Promise.resolve(LINES),
      accounts: () => Promise.resolve([{ id: 1, sipId: '200', server: 'pbx', name: 'Reception', registered: true }]),
      contacts: (q) => {
        rec.calls.push(['contacts', q]);
        const c = { id: '7', name: 'Zoë Müller', numbers: [{ type: 'work', number: '202' }], pin: '1234', raw: { x: 1 } } as Contact;
        return Promise.resolve([c]);
      },
      dial: (req: DialRequest) => {
        rec.calls.push(['dial', req]);
        return Promise.resolve();
      },
      callControl: (action, line) => {
        rec.calls.push(['call', action, line]);
        return Promise.resolve();
      },
    },
    rec,
  );
}

describe('runCli', () => {
  it('prints one compact JSON document on stdout and exits 0', async () => {
    const { rec, run } = harness(phone);
    expect(await run(['lines', ...conn('grandstream-phone')])).toBe(0);
    expect(rec.out).toEqual([`${JSON.stringify(LINES)}\n`]);
    expect(rec.err).toEqual([]);
    expect(rec.closed).toBe(1);
  });

  it('passes the connection to the driver factory with a device label that has no credentials', async () => {
    const { rec, run } = harness(phone);
    await run(['probe', ...conn('grandstream-phone'), '--timeout', '2500', '--secret', 'topsecret']);
    expect(rec.configs).toEqual([
      { device: 'grandstream-phone 10.1.2.3:8080', kind: 'grandstream-phone', url: 'http://10.1.2.3:8080', username: 'admin', password: 'Pa55word!', secret: 'topsecret', timeoutMs: 2500 },
    ]);
    expect(JSON.parse(rec.out[0] ?? '')).toEqual({ kind: 'grandstream-phone', model: 'M1', firmware: '1.0', capabilities: ['dial', 'callControl', 'lines', 'contacts'] });
  });

  it('passes --exten of dial and voicemail as the reception extension', async () => {
    const { rec, run } = harness((r) =>
      fakeDriver('kalliope', ['voicemail', 'dial'], { voicemail: () => Promise.resolve([{ mailbox: '200', new: 2, old: 1, urgent: 0, enabled: true }]), dial: () => Promise.resolve() }, r),
    );
    expect(await run(['voicemail', '--exten', '200', ...conn('kalliope')])).toBe(0);
    expect(await run(['dial', '0226431', '--exten', '201', ...conn('kalliope')])).toBe(0);
    expect(await run(['voicemail', ...conn('kalliope')])).toBe(0);
    expect(rec.configs.map((c) => c.extension)).toEqual(['200', '201', undefined]);
    expect(JSON.parse(rec.out[0] ?? '')).toEqual([{ mailbox: '200', new: 2, old: 1, urgent: 0, enabled: true }]);
  });

  it('prints only the public contact fields', async () => {
    const { rec, run } = harness(phone);
    expect(await run(['contacts', '--search', 'Zoë', ...conn('grandstream-phone')])).toBe(0);
    expect(rec.calls).toEqual([['contacts', { search: 'Zoë' }]]);
    expect(JSON.parse(rec.out[0] ?? '')).toEqual([{ id: '7', name: 'Zoë Müller', numbers: [{ type: 'work', number: '202' }] }]);
  });

  it('status prints the phone\'s own word as "reported" only for state other (issue 13 item 2)', async () => {
    const words: PhoneStatus[] = [
      { state: 'other', clickToDial: null, reported: 'dnd' },
      { state: 'available', clickToDial: true, reported: 'ignored' },
    ];
    const { rec, run } = harness((r) => fakeDriver('grandstream-phone', [], { status: () => Promise.resolve(words[r.closed] ?? { state: 'other', clickToDial: null }) }, r));
    expect(await run(['status', ...conn('grandstream-phone')])).toBe(0);
    expect(await run(['status', ...conn('grandstream-phone')])).toBe(0);
    expect(rec.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { state: 'other', clickToDial: null, reported: 'dnd' },
      { state: 'available', clickToDial: true },
    ]);
  });

  it('runs dial and call and prints a small result object', async () => {
    const { rec, run } = harness(phone);
    expect(await run(['dial', '+39 02 555', '--account', '1', ...conn('grandstream-phone')])).toBe(0);
    expect(await run(['call', 'hold', '--line', '2', ...conn('grandstream-phone')])).toBe(0);
    expect(await run(['call', 'resume', '--line', '2', ...conn('grandstream-phone')])).toBe(0);
    expect(rec.calls).toEqual([
      ['dial', { number: '+39 02 555', account: 1 }],
      ['call', 'hold', 2],
      ['call', 'resume', 2],
    ]);
    expect(rec.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      { ok: true, number: '+39 02 555', account: 1 },
      { ok: true, action: 'hold', line: 2 },
      { ok: true, action: 'resume', line: 2 },
    ]);
    expect(rec.closed).toBe(3);
  });

  it('refuses a command the kind does not support, naming the kind and its commands, without touching the device', async () => {
    const { rec, run } = harness(phone);
    expect(await run(['snapshot', '--out', 'x.jpg', ...conn('grandstream-phone')])).toBe(2);
    expect(rec.out).toEqual([]);
    const err = JSON.parse(rec.err[0] ?? '') as { error: { kind: string; message: string } };
    expect(err.error.kind).toBe('usage');
    expect(err.error.message).toBe('"snapshot" is not supported by grandstream-phone devices; supported commands for grandstream-phone: probe, status, lines, accounts, contacts, dial, call');
    expect(rec.files.size).toBe(0);
    expect(rec.closed).toBe(1);
  });

  it('treats a method without its declared capability as unsupported', () => {
    const rec: Recorder = { out: [], err: [], files: new Map(), configs: [], closed: 0, calls: [] };
    const d = fakeDriver('kalliope', ['contacts'], { contacts: () => Promise.resolve([]), voicemail: () => Promise.resolve([]) }, rec);
    expect(isSupported(d, 'contacts')).toBe(true);
    expect(isSupported(d, 'voicemail')).toBe(false);
    expect(supportedCommands(d)).toEqual(['probe', 'contacts']);
  });

  it('maps a driver error to its exit code, one stderr line, nothing on stdout, and still closes', async () => {
    const { rec, run } = harness((r) =>
      fakeDriver(
        'grandstream-phone',
        ['lines'],
        { lines: () => Promise.reject(new AuthError({ device: 'd', endpoint: '/cgi-bin/api-login', message: 'd: password Pa55word! rejected' })) },
        r,
      ),
    );
    expect(await run(['lines', ...conn('grandstream-phone')])).toBe(3);
    expect(rec.out).toEqual([]);
    expect(rec.err).toHaveLength(1);
    expect(rec.err[0]).not.toContain('Pa55word!');
    expect(JSON.parse(rec.err[0] ?? '')).toEqual({ error: { kind: 'auth', message: 'd: password *** rejected', endpoint: '/cgi-bin/api-login' } });
    expect(rec.closed).toBe(1);
  });

  it('with user admin and password admin, prints "administrator" and the account name intact (issue 13 item 16)', async () => {
    const kalliope = 'k: KalliopePBX rejected the admin credentials at /rest/user (HTTP 401). Check the administrator password in the device settings.';
    const account = 'p: the phone forbids /cgi-bin/api-get_line_status (HTTP 403). The account "admin" may lack the privilege: use the admin account.';
    const k = harness((r) => fakeDriver('kalliope', [], { probe: () => Promise.reject(new AuthError({ device: 'k', endpoint: '/rest/user', message: kalliope })) }, r));
    expect(await k.run(['probe', ...conn('kalliope', 'admin')])).toBe(3);
    expect(JSON.parse(k.rec.err[0] ?? '')).toEqual({ error: { kind: 'auth', message: kalliope, endpoint: '/rest/user' } });
    const p = harness((r) =>
      fakeDriver('grandstream-phone', ['lines'], { lines: () => Promise.reject(new AuthError({ device: 'p', endpoint: '/cgi-bin/api-login?Username=admin&Secret=0a1b', message: account })) }, r),
    );
    expect(await p.run(['lines', '--kind', 'grandstream-phone', '--url', 'http://10.1.2.3', '--user=admin', '--password=admin'])).toBe(3);
    expect(JSON.parse(p.rec.err[0] ?? '')).toEqual({ error: { kind: 'auth', message: account, endpoint: '/cgi-bin/api-login?Username=admin&Secret=***' } });
  });

  it('still redacts a password that stands alone, and the user name only where it is not the password field', async () => {
    const { rec, run } = harness((r) =>
      fakeDriver('kalliope', [], { probe: () => Promise.reject(new AuthError({ device: 'k', endpoint: '/rest/login?password=pw12', message: 'k: login with pw12 refused for reception' })) }, r),
    );
    expect(await run(['probe', '--kind', 'kalliope', '--url', 'http://10.1.2.3', '--user', 'reception', '--password', 'pw12'])).toBe(3);
    expect(rec.err[0]).not.toContain('pw12');
    expect(JSON.parse(rec.err[0] ?? '')).toEqual({ error: { kind: 'auth', message: 'k: login with *** refused for reception', endpoint: '/rest/login?password=***' } });
  });

  it('passes --privacy-password to the driver for history and redacts it from errors', async () => {
    const ok = harness((r) => fakeDriver('kalliope', ['callHistory'], { history: () => Promise.resolve([]) }, r));
    expect(await ok.run(['history', ...conn('kalliope'), '--privacy-password', 'Pr1v&cy'])).toBe(0);
    expect(ok.rec.configs[0]?.privacyPassword).toBe('Pr1v&cy');
    expect(await ok.run(['history', ...conn('kalliope')])).toBe(0);
    expect('privacyPassword' in (ok.rec.configs[1] ?? {})).toBe(false);

    const bad = harness((r) =>
      fakeDriver('kalliope', ['callHistory'], { history: () => Promise.reject(new AuthError({ device: 'k', endpoint: '/rest/cdr', message: 'k: privacy Pr1v&cy refused' })) }, r),
    );
    expect(await bad.run(['history', ...conn('kalliope'), '--privacy-password', 'Pr1v&cy'])).toBe(3);
    expect(bad.rec.err[0]).not.toContain('Pr1v&cy');
    expect(JSON.parse(bad.rec.err[0] ?? '')).toMatchObject({ error: { kind: 'auth', message: 'k: privacy *** refused' } });
  });

  it('maps unreachable to 4 and a device rejection to 5', async () => {
    const unreachable = harness((r) => fakeDriver('kalliope', [], { probe: () => Promise.reject(new UnreachableError({ device: 'k', message: 'refused' })) }, r));
    expect(await unreachable.run(['probe', ...conn('kalliope')])).toBe(4);
    const rejected = harness((r) =>
      fakeDriver('kalliope', ['dial'], { dial: () => Promise.reject(new DeviceRejectedError({ device: 'k', endpoint: '/rest/click2call', message: 'busy', code: '5' })) }, r),
    );
    expect(await rejected.run(['dial', '201', '--exten', '200', ...conn('kalliope')])).toBe(5);
    expect(JSON.parse(rejected.rec.err[0] ?? '')).toEqual({ error: { kind: 'device-rejected', message: 'busy', endpoint: '/rest/click2call' } });
  });

  it('writes the snapshot to --out and reports its size, never the bytes', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const { rec, run } = harness((r) =>
      fakeDriver('grandstream-camera', ['snapshot'], { snapshot: () => Promise.resolve({ contentType: 'image/jpeg', bytes, takenAt: '2024-05-01T08:00:00Z' }) }, r),
    );
    expect(await run(['snapshot', '--out', 'door.jpg', ...conn('grandstream-camera')])).toBe(0);
    expect(rec.files.get('door.jpg')).toBe(bytes);
    expect(JSON.parse(rec.out[0] ?? '')).toEqual({ ok: true, out: 'door.jpg', bytes: 9, contentType: 'image/jpeg' });
    expect(await run(['snapshot', '--out', '/nonexistent/x.jpg', ...conn('grandstream-camera')])).toBe(2);
    expect(rec.err[0]).toMatch(/cannot write --out \/nonexistent\/x.jpg: ENOENT/);
  });

  it('prints usage errors as JSON with exit 2 and never echoes the password', async () => {
    const { rec, run } = harness(phone);
    expect(await run(['lines', '--kind', 'grandstream-phone', '--url', 'http://x', '--user', 'admin', '--password', 'Pa55word!', '--bogus=Pa55word!'])).toBe(2);
    expect(rec.err).toHaveLength(1);
    expect(rec.err[0]).not.toContain('Pa55word!');
    expect(JSON.parse(rec.err[0] ?? '')).toEqual({ error: { kind: 'usage', message: 'unknown flag --bogus' } });
    expect(rec.configs).toEqual([]);
  });

  it('turns a driver constructor refusing the config into a usage error', async () => {
    const { rec, run } = harness(() => () => {
      throw new Error('"x" is not a valid device URL.');
    });
    expect(await run(['probe', ...conn('nethvoice')])).toBe(2);
    expect(JSON.parse(rec.err[0] ?? '')).toEqual({ error: { kind: 'usage', message: '"x" is not a valid device URL.' } });
  });

  it('prints help on stdout with exit 0', async () => {
    const { rec, run } = harness(phone);
    expect(await run(['--help'])).toBe(0);
    expect(rec.out.join('')).toMatch(/^usage: frontdesk <command>/);
    expect(rec.err).toEqual([]);
  });
});

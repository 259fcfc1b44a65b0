/**
 * The real `frontdesk` CLI against the simulated office's Grandstream phones.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINE_STATES, type Line } from '../../shared/domain';
import { startOffice, type RunningOffice } from '../../sim/office';
import { conn, control, deviceOf, failJson, okJson, REPO_ROOT, secretsOf, simLines } from './cli-helpers';

let office: RunningOffice;
/** Tests that run several CLI processes one after the other (each starts Node and logs in). */
const SEQUENTIAL_MS = 90_000;

beforeAll(async () => {
  office = await startOffice();
});

afterAll(async () => {
  await office?.close();
});

function phone(id: string) {
  const d = deviceOf(office, id);
  return { d, args: conn(d), secrets: secretsOf(d) };
}

async function lines(id: string): Promise<Line[]> {
  const p = phone(id);
  return (await okJson(['lines', ...p.args], p.secrets)) as Line[];
}

describe('frontdesk CLI: grandstream-phone', () => {
  it('probe, status, lines, accounts and contacts print their JSON shapes', async () => {
    const p = phone('phone-reception');
    // One after the other: like many real phones, the simulated ones keep one session per account,
    // so parallel logins would keep ending each other's session.
    const probe = await okJson(['probe', ...p.args], p.secrets);
    const status = await okJson(['status', ...p.args], p.secrets);
    const lineList = await okJson(['lines', ...p.args, '--line-states', 'numeric'], p.secrets);
    const accounts = await okJson(['accounts', ...p.args], p.secrets);
    const contacts = await okJson(['contacts', ...p.args], p.secrets);
    const found = await okJson(['contacts', '--search', 'müller', ...p.args], p.secrets);

    expect(probe).toMatchObject({ kind: 'grandstream-phone', model: 'GXV3380' });
    const pr = probe as { firmware: unknown; capabilities: unknown };
    expect(typeof pr.firmware).toBe('string');
    expect(pr.capabilities).toEqual(expect.arrayContaining(['dial', 'callControl', 'lines', 'contacts']));

    const st = status as { state: unknown; clickToDial: unknown };
    expect(Object.keys(st).sort()).toEqual(['clickToDial', 'state']);
    expect(st.state).toBe('available');
    expect([true, false, null]).toContain(st.clickToDial);

    const ls = lineList as Line[];
    expect(ls.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    for (const l of ls) {
      expect(Object.keys(l).sort()).toEqual(['account', 'line', 'remoteName', 'remoteNumber', 'state']);
      expect(l.state).toBe('idle');
    }

    const acc = accounts as Record<string, unknown>[];
    expect(acc.length).toBeGreaterThan(0);
    for (const a of acc) {
      expect(Object.keys(a).sort()).toEqual(['id', 'name', 'registered', 'server', 'sipId']);
      expect(typeof a['id']).toBe('number');
      expect(typeof a['registered']).toBe('boolean');
    }

    const all = contacts as { name: string; numbers: { type: string; number: string }[] }[];
    expect(all.length).toBe(11);
    const zoe = all.find((c) => c.name === 'Zoë Müller');
    expect(zoe?.numbers).toEqual(expect.arrayContaining([{ type: 'work', number: '202' }]));
    const hits = found as { name: string }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(all.length);
    expect(hits.map((c) => c.name)).toContain('Zoë Müller');
  }, SEQUENTIAL_MS);

  it('answers a ringing call with call accept (lines shows it connected), holds, resumes and ends it', async () => {
    const p = phone('phone-niccolo');
    const { line } = (await control(office, 'POST', '/phones/phone-niccolo/ring', { number: '+39 02 8845 6021', name: 'Ettore Brambilla' })) as { line: number };
    expect(line).toBeGreaterThanOrEqual(1);
    expect((await simLines(office, 'phone-niccolo')).find((l) => l.line === line)?.state).toBe('ringing');

    expect(await okJson(['call', 'accept', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'accept', line });
    const connected = (await lines('phone-niccolo')).find((l) => l.line === line);
    expect(connected).toEqual({ line, state: 'connected', remoteNumber: '+39 02 8845 6021', remoteName: 'Ettore Brambilla', account: expect.any(Number) as unknown });

    expect(await okJson(['call', 'hold', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'hold', line });
    expect((await simLines(office, 'phone-niccolo')).find((l) => l.line === line)?.state).toBe('held');
    // holdcall toggles on the phone: a second hold leaves the call on hold
    expect(await okJson(['call', 'hold', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'hold', line });
    expect((await simLines(office, 'phone-niccolo')).find((l) => l.line === line)?.state).toBe('held');
    expect(await okJson(['call', 'resume', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'resume', line });
    expect((await simLines(office, 'phone-niccolo')).find((l) => l.line === line)?.state).toBe('connected');

    expect(await okJson(['call', 'end', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'end', line });
    expect((await simLines(office, 'phone-niccolo')).find((l) => l.line === line)?.state).toBe('idle');
  }, SEQUENTIAL_MS);

  it('phone-matteo numbers request lines from 0 and takes the line in arg: call accept and end still reach the caller on line 1', async () => {
    const p = phone('phone-matteo');
    const { line } = (await control(office, 'POST', '/phones/phone-matteo/ring', { number: '335 700 1234' })) as { line: number };
    expect(line).toBe(1);
    expect(await okJson(['call', 'accept', '--line', '1', ...p.args], p.secrets)).toEqual({ ok: true, action: 'accept', line: 1 });
    expect((await simLines(office, 'phone-matteo')).map((l) => l.state)).toEqual(['connected', 'idle', 'idle', 'idle']);
    expect(await okJson(['call', 'end', '--line', '1', ...p.args], p.secrets)).toEqual({ ok: true, action: 'end', line: 1 });
    expect((await simLines(office, 'phone-matteo')).every((l) => l.state === 'idle')).toBe(true);
  }, SEQUENTIAL_MS);

  it('a new CLI run refuses to act next to another call while the numbering is unknown (exit 5, nothing sent)', async () => {
    const p = phone('phone-matteo');
    const a = (await control(office, 'POST', '/phones/phone-matteo/ring', { number: '111' })) as { line: number };
    const b = (await control(office, 'POST', '/phones/phone-matteo/ring', { number: '222' })) as { line: number };
    try {
      const err = await failJson(['call', 'reject', '--line', String(a.line), ...p.args], p.secrets, 5);
      expect(err.error.kind).toBe('device-rejected');
      expect(err.error.message).toMatch(/Reject on line 1 was not sent: .*Use the phone itself this time/);
      expect((await simLines(office, 'phone-matteo')).slice(0, 2).map((l) => l.state)).toEqual(['ringing', 'ringing']);
    } finally {
      await control(office, 'POST', '/phones/phone-matteo/remote-hangup', { line: a.line });
      await control(office, 'POST', '/phones/phone-matteo/remote-hangup', { line: b.line });
    }
  });

  it('rejects a ringing call with call reject', async () => {
    const p = phone('phone-niccolo');
    const { line } = (await control(office, 'POST', '/phones/phone-niccolo/ring', { number: '031 274 1100' })) as { line: number };
    expect(await okJson(['call', 'reject', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'reject', line });
    expect((await simLines(office, 'phone-niccolo')).find((l) => l.line === line)?.state).toBe('idle');
  });

  it('dials a number, which lines then shows', async () => {
    const p = phone('phone-reception');
    // --account is the number "accounts" prints (1 = the first account)
    expect(await okJson(['dial', '+39 02 2643 1', '--account', '1', ...p.args], p.secrets)).toEqual({ ok: true, number: '+39 02 2643 1', account: 1 });
    const busy = (await lines('phone-reception')).find((l) => l.state !== 'idle');
    expect(busy?.remoteNumber.replace(/\s/g, '')).toBe('+390226431');
    expect(LINE_STATES).toContain(busy?.state);
    await control(office, 'POST', '/phones/phone-reception/remote-hangup', { line: busy?.line });
  });

  it('accepts a URL that already ends with /cgi-bin, and both --line-states styles', async () => {
    const d = deviceOf(office, 'phone-zoe');
    const s = secretsOf(d);
    const viaCgi = await okJson(['probe', ...conn(d, { url: `${d.url}/cgi-bin` })], s);
    const viaSlash = await okJson(['lines', ...conn(d, { url: `${d.url}/cgi-bin/` }), '--line-states', 'words'], s);
    expect(viaCgi).toMatchObject({ kind: 'grandstream-phone', model: 'GXV3350' });
    // this phone reports states as words; the driver normalises them
    expect((viaSlash as Line[]).map((l) => l.state)).toEqual(['idle', 'idle', 'idle', 'idle']);
  });

  it('exits 3 on a wrong password without printing either password', async () => {
    const d = deviceOf(office, 'phone-matteo');
    const err = await failJson(['lines', ...conn(d, { password: 'Wr0ng!pass' })], ['Wr0ng!pass', d.password], 3);
    expect(err.error.kind).toBe('auth');
    expect(err.error.endpoint).toMatch(/^\/cgi-bin\//);
  });

  it('exits 4 when the phone is offline, 5 on a malformed answer, 4 on a timeout', async () => {
    const p = phone('phone-zoe');
    try {
      await control(office, 'POST', '/devices/phone-zoe/fault', { kind: 'offline' });
      const offline = await failJson(['lines', ...p.args], p.secrets, 4);
      expect(offline.error.kind).toBe('unreachable');

      await control(office, 'POST', '/devices/phone-zoe/fault', { kind: 'malformed' });
      const malformed = await failJson(['lines', ...p.args], p.secrets, 5);
      expect(malformed.error.kind).toBe('protocol');
      expect(malformed.error.endpoint).toMatch(/^\/cgi-bin\//);

      await control(office, 'POST', '/devices/phone-zoe/fault', { kind: 'slow', ms: 3000 });
      const slow = await failJson(['probe', ...p.args, '--timeout', '300'], p.secrets, 4);
      expect(slow.error.kind).toBe('timeout');
    } finally {
      await control(office, 'DELETE', '/devices/phone-zoe/fault');
    }
  });

  it('exits 2 for usage errors, unsupported commands and numbers the phone cannot dial', async () => {
    const p = phone('phone-reception');
    const noUrl = p.args.filter((_, i) => i !== 2 && i !== 3);
    // the other usage errors are covered by tests/unit/cli-args.test.ts
    const [missing, unsupported, badNumber] = await Promise.all([
      failJson(['lines', ...noUrl], p.secrets, 2),
      failJson(['snapshot', '--out', 'never-written.jpg', ...p.args], p.secrets, 2),
      failJson(['dial', 'call-me-maybe', ...p.args], p.secrets, 2),
    ]);
    expect(missing.error).toEqual({ kind: 'usage', message: 'missing required flag --url' });
    expect(unsupported.error).toEqual({
      kind: 'usage',
      message: '"snapshot" is not supported by grandstream-phone devices; supported commands for grandstream-phone: probe, status, lines, accounts, contacts, dial, call, reboot',
    });
    expect(existsSync(join(REPO_ROOT, 'never-written.jpg'))).toBe(false);
    expect(badNumber.error.kind).toBe('usage');
    expect(badNumber.error.message).toMatch(/not a number that can be dialled/);
  });
});

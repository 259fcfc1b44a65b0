/**
 * The real `frontdesk` CLI against the simulated office's KalliopePBX.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOffice, type RunningOffice } from '../../sim/office';
import { conn, control, deviceOf, failJson, okJson, secretsOf, simLines } from './cli-helpers';
import { CONTACT_KEYS, HISTORY_KEYS, PRESENCE_STATES_FOR_TEST } from './cli-shapes';

let office: RunningOffice;

beforeAll(async () => {
  office = await startOffice();
});

afterAll(async () => {
  await office?.close();
});

interface ContactOut {
  name: string;
  company?: string;
  numbers: { type: string; number: string }[];
}
interface BoxOut {
  mailbox: string;
  new: number | null;
  old: number | null;
  urgent: number | null;
  enabled: boolean | null;
}

function pbx() {
  const d = deviceOf(office, 'kalliope');
  return { d, args: conn(d), secrets: secretsOf(d), reception: d.extension ?? '200' };
}

describe('frontdesk CLI: kalliope', () => {
  it('probe, contacts --search, voicemail, presence and history print their JSON shapes; a URL ending in /rest works', async () => {
    const k = pbx();
    const [probe, viaRest, byName, byNumber, vm, presence, history] = await Promise.all([
      okJson(['probe', ...k.args], k.secrets),
      okJson(['probe', ...conn(k.d, { url: `${k.d.url}/rest/` })], k.secrets),
      okJson(['contacts', '--search', 'conti', ...k.args], k.secrets),
      okJson(['contacts', '--search', '031 2741100', ...k.args], k.secrets),
      okJson(['voicemail', '--exten', k.reception, ...k.args], k.secrets),
      okJson(['presence', ...k.args], k.secrets),
      okJson(['history', ...k.args], k.secrets),
    ]);

    expect(probe).toEqual({
      kind: 'kalliope',
      model: 'KalliopePBX',
      firmware: expect.any(String) as unknown,
      capabilities: expect.arrayContaining(['dial', 'contacts', 'voicemail', 'presence', 'callHistory']) as unknown,
      family: 'kalliope-3',
      generation: '3.x',
    });
    expect(viaRest).toEqual(probe);

    const named = byName as ContactOut[];
    expect(named.length).toBeGreaterThan(0);
    for (const c of named) expect(Object.keys(c).every((key) => CONTACT_KEYS.includes(key))).toBe(true);
    const conti = named.find((c) => c.name.includes('Raffaella') && c.name.includes('Conti'));
    expect(conti?.company).toBe('Banca Popolare del Lario');
    expect((byNumber as ContactOut[]).some((c) => c.name.includes('Raffaella'))).toBe(true);

    const boxes = vm as BoxOut[];
    expect(boxes[0]?.mailbox).toBe(k.reception);
    expect(typeof boxes[0]?.new).toBe('number');
    for (const b of boxes) expect(Object.keys(b).sort()).toEqual(['enabled', 'mailbox', 'new', 'old', 'urgent']);

    const pres = presence as { extension: string; name: string; state: string }[];
    expect(pres.map((p) => p.extension)).toContain(k.reception);
    for (const p of pres) {
      expect(Object.keys(p).sort()).toEqual(['extension', 'name', 'state']);
      expect(PRESENCE_STATES_FOR_TEST).toContain(p.state);
    }

    const calls = history as Record<string, unknown>[];
    expect(calls.length).toBeGreaterThan(0);
    for (const h of calls) {
      expect(Object.keys(h).every((key) => HISTORY_KEYS.includes(key))).toBe(true);
      expect(Number.isNaN(Date.parse(String(h['start'])))).toBe(false);
    }
  });

  it('voicemail counts a message left through the control API', async () => {
    const k = pbx();
    const count = async (): Promise<number | null> => {
      const boxes = (await okJson(['voicemail', '--exten', k.reception, ...k.args], k.secrets)) as BoxOut[];
      return boxes.find((b) => b.mailbox === k.reception)?.new ?? null;
    };
    const before = await count();
    expect(before).not.toBeNull();
    await control(office, 'POST', `/voicemail/${k.reception}/leave`, { urgent: false });
    expect(await count()).toBe((before ?? 0) + 1);
  });

  it('history --from/--to returns only calls in the range', async () => {
    const k = pbx();
    const from = '2000-01-01T00:00:00Z';
    const to = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const [inRange, empty] = await Promise.all([
      okJson(['history', '--from', from, '--to', to, ...k.args], k.secrets),
      okJson(['history', '--from', '2001-01-01', '--to', '2001-01-02', ...k.args], k.secrets),
    ]);
    expect((inRange as unknown[]).length).toBeGreaterThan(0);
    for (const h of inRange as { start: string }[]) {
      const t = Date.parse(h.start);
      expect(t).toBeGreaterThanOrEqual(Date.parse(from));
      expect(t).toBeLessThanOrEqual(Date.parse(to));
    }
    expect(empty).toEqual([]);
  });

  it('history --privacy-password (or FRONTDESK_PRIVACY_PASSWORD) shows full outside numbers; a wrong one exits 3 without echoing it', async () => {
    const k = pbx();
    const privacy = k.d['privacyPassword'];
    expect(typeof privacy).toBe('string');
    const pw = String(privacy);
    const [masked, viaFlag, viaEnv, wrong] = await Promise.all([
      okJson(['history', ...k.args], k.secrets),
      okJson(['history', '--privacy-password', pw, ...k.args], k.secrets),
      okJson(['history', ...k.args], k.secrets, { FRONTDESK_PRIVACY_PASSWORD: pw }),
      failJson(['history', '--privacy-password', 'Wr0ng-Priv!', ...k.args], [...k.secrets, 'Wr0ng-Priv!'], 3),
    ]);
    const numbers = (h: unknown): string[] => (h as { from: string; to: string }[]).flatMap((x) => [x.from, x.to]);
    expect(numbers(masked).some((n) => /XXX$/.test(n))).toBe(true);
    expect(numbers(viaFlag).length).toBe(numbers(masked).length);
    expect(numbers(viaFlag).some((n) => n.includes('X'))).toBe(false);
    expect(viaEnv).toEqual(viaFlag);
    expect(wrong.error.kind).toBe('auth');
    expect(wrong.error.message).toMatch(/privacy password/);

    const misplaced = await failJson(['probe', '--privacy-password', 'Wr0ng-Priv!', ...k.args], [...k.secrets, 'Wr0ng-Priv!'], 2);
    expect(misplaced.error.message).toBe('flag --privacy-password belongs to the history command, not probe');
  });

  it('dial --exten rings that extension first (the reception phone), and needs an extension', async () => {
    const k = pbx();
    const number = '+39 02 2643 1';
    expect(await okJson(['dial', number, '--exten', k.reception, ...k.args], k.secrets)).toEqual({ ok: true, number, exten: k.reception });
    const ringing = (await simLines(office, 'phone-reception')).find((l) => l.state !== 'idle');
    expect(ringing?.state).toBe('ringing');
    await control(office, 'POST', '/phones/phone-reception/remote-hangup', { line: ringing?.line });
    expect((await simLines(office, 'phone-reception')).every((l) => l.state === 'idle')).toBe(true);

    const noExten = await failJson(['dial', number, ...k.args], k.secrets, 2);
    expect(noExten.error.kind).toBe('usage');
    expect(noExten.error.message).toMatch(/no extension to ring first/);
  });

  it('refuses phone commands, naming kalliope and its commands; exits 3 on a wrong password', async () => {
    const k = pbx();
    const [lines, auth] = await Promise.all([
      failJson(['lines', ...k.args], k.secrets, 2),
      failJson(['presence', ...conn(k.d, { password: 'Kpbx!Wrong' })], [...k.secrets, 'Kpbx!Wrong'], 3),
    ]);
    expect(lines.error).toEqual({
      kind: 'usage',
      message: '"lines" is not supported by kalliope devices; supported commands for kalliope: probe, contacts, dial, voicemail, presence, history',
    });
    expect(auth.error.kind).toBe('auth');
    expect(auth.error.endpoint).toMatch(/^\/rest\//);
  });

  it('exits 4 when the PBX is offline and 5 when it answers garbage', async () => {
    const k = pbx();
    try {
      await control(office, 'POST', '/devices/kalliope/fault', { kind: 'offline' });
      expect((await failJson(['presence', ...k.args], k.secrets, 4)).error.kind).toBe('unreachable');
      await control(office, 'POST', '/devices/kalliope/fault', { kind: 'malformed' });
      const malformed = await failJson(['contacts', ...k.args], k.secrets, 5);
      expect(malformed.error.kind).toBe('protocol');
      expect(malformed.error.endpoint).toMatch(/^\/rest\//);
    } finally {
      await control(office, 'DELETE', '/devices/kalliope/fault');
    }
  });
});

/**
 * The real `frontdesk` CLI against the simulated office's NethVoice PBX, with and without --secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callControl } from '../../sim/lib/control-client';
import { startOffice, type RunningOffice } from '../../sim/office';
import { conn, control, deviceOf, failJson, okJson, secretsOf } from './cli-helpers';
import { CONTACT_KEYS, PRESENCE_STATES_FOR_TEST } from './cli-shapes';

let office: RunningOffice;

beforeAll(async () => {
  office = await startOffice();
});

afterAll(async () => {
  await office?.close();
});

interface ContactOut {
  id: string;
  name: string;
  numbers: { type: string; number: string }[];
}

describe('frontdesk CLI: nethvoice', () => {
  it('probe, contacts, voicemail and presence work with --secret and without it (secret discovered through /testauth)', async () => {
    const nv = deviceOf(office, 'nethvoice');
    const secret = nv.secret ?? '';
    expect(secret).not.toBe('');
    const s = secretsOf(nv);
    const withSecret = [...conn(nv), '--secret', secret];
    const [probeA, probeB, contacts, search, vmA, vmB, presA, presB] = await Promise.all([
      okJson(['probe', ...withSecret], s),
      okJson(['probe', ...conn(nv, { url: `${nv.url}/freepbx/rest` })], s),
      okJson(['contacts', ...conn(nv)], s),
      okJson(['contacts', '--search', 'pichler', ...withSecret], s),
      okJson(['voicemail', ...withSecret], s),
      okJson(['voicemail', ...conn(nv)], s),
      okJson(['presence', ...withSecret], s),
      okJson(['presence', ...conn(nv)], s),
    ]);

    const probe = {
      kind: 'nethvoice',
      model: 'NethVoice',
      firmware: expect.any(String) as unknown,
      capabilities: expect.arrayContaining(['contacts', 'voicemail', 'presence']) as unknown,
      // the demo office's NethVoice is the NethServer 7 release
      family: 'nethvoice-legacy',
      generation: 'ns7',
    };
    expect(probeA).toEqual(probe);
    expect(probeB).toEqual(probeA);

    const all = contacts as ContactOut[];
    expect(all.length).toBeGreaterThanOrEqual(15);
    for (const c of all) {
      // never a user's password or a voicemail PIN: only the public contact fields
      expect(Object.keys(c).every((k) => CONTACT_KEYS.includes(k))).toBe(true);
    }
    expect(all.find((c) => c.name === 'Sebastian Pichler')?.numbers).toEqual(expect.arrayContaining([{ type: 'work', number: '301' }]));
    const hits = search as ContactOut[];
    expect(hits.map((c) => c.name).sort()).toEqual(['Elisabeth Pichler', 'Sebastian Pichler']);

    expect(vmB).toEqual(vmA);
    const boxes = vmA as { mailbox: string; new: unknown; old: unknown; urgent: unknown; enabled: unknown }[];
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) {
      expect(Object.keys(b).sort()).toEqual(['enabled', 'mailbox', 'new', 'old', 'urgent']);
      // NethVoice's API has no message counts: null, never a made-up 0
      expect([b.new, b.old, b.urgent]).toEqual([null, null, null]);
    }
    expect(boxes.find((b) => b.mailbox === '301')?.enabled).toBe(true);

    expect(presB).toEqual(presA);
    const pres = presA as { extension: string; name: string; state: string }[];
    expect(pres.map((p) => p.extension)).toEqual(expect.arrayContaining(['301', '315']));
    for (const p of pres) {
      expect(Object.keys(p).sort()).toEqual(['extension', 'name', 'state']);
      expect(PRESENCE_STATES_FOR_TEST).toContain(p.state);
    }
  });

  it('refuses phone commands, naming nethvoice and its commands', async () => {
    const nv = deviceOf(office, 'nethvoice');
    const dial = await failJson(['dial', '301', ...conn(nv)], secretsOf(nv), 2);
    expect(dial.error).toEqual({ kind: 'usage', message: '"dial" is not supported by nethvoice devices; supported commands for nethvoice: probe, contacts, voicemail, presence, reboot' });
  });

  it('reboot --exten reboots that extension\'s desk phone; a server answer that confirms nothing prints "sent, not confirmed"', async () => {
    const nv = deviceOf(office, 'nethvoice');
    const confirmed = await okJson(['reboot', '--exten', '301', '--yes', ...conn(nv)], secretsOf(nv));
    expect(confirmed).toEqual({ ok: true, confirmed: true, status: 'rebooting' });
    const st = (await callControl(office, 'GET', '/devices/nethvoice/state')) as { state: { rebooted: string[] } };
    expect(st.state.rebooted).toContain('00-0B-82-5A-30-01');

    const bare = await startOffice({
      office: {
        name: 'NethVoice bare reboot',
        devices: [
          {
            kind: 'nethvoice',
            id: 'nv-bare',
            name: 'NethVoice (bare reboot answer)',
            password: 'Nv!pw-2024',
            secret: 'c0ffee',
            rebootAnswer: 'bare',
            users: [{ username: 'desk', name: 'Front Desk', extension: '301', devices: [{ mac: '00:0B:82:5A:30:01' }] }],
          },
        ],
      },
    });
    try {
      const d = deviceOf(bare, 'nv-bare');
      const sent = await okJson(['reboot', '--exten', '301', '--yes', ...conn(d)], secretsOf(d));
      expect(sent).toEqual({ ok: true, confirmed: false, status: 'sent, not confirmed' });
      const none = await failJson(['reboot', '--yes', ...conn(d)], secretsOf(d), 2);
      expect(none.error.message).toMatch(/reception extension/);
    } finally {
      await bare.close();
    }
  });

  it('exits 3 for a wrong password (with and without --secret) and for a wrong secret', async () => {
    const nv = deviceOf(office, 'nethvoice');
    const bad = 'Not!ThePassword';
    const hidden = [...secretsOf(nv), bad, 'ffffffffffffffff'];
    const [noSecret, withSecret, wrongSecret] = await Promise.all([
      failJson(['presence', ...conn(nv, { password: bad })], hidden, 3),
      failJson(['presence', ...conn(nv, { password: bad }), '--secret', nv.secret ?? ''], hidden, 3),
      failJson(['presence', ...conn(nv), '--secret', 'ffffffffffffffff'], hidden, 3),
    ]);
    for (const e of [noSecret, withSecret, wrongSecret]) expect(e.error.kind).toBe('auth');
    expect(noSecret.error.endpoint).toBe('/freepbx/rest/testauth');
  });

  it('exits 4 when the PBX is offline and 5 when it answers garbage', async () => {
    const nv = deviceOf(office, 'nethvoice');
    const args = [...conn(nv), '--secret', nv.secret ?? ''];
    try {
      await control(office, 'POST', '/devices/nethvoice/fault', { kind: 'offline' });
      expect((await failJson(['contacts', ...args], secretsOf(nv), 4)).error.kind).toBe('unreachable');
      await control(office, 'POST', '/devices/nethvoice/fault', { kind: 'malformed' });
      const malformed = await failJson(['voicemail', ...args], secretsOf(nv), 5);
      expect(malformed.error.kind).toBe('protocol');
      expect(malformed.error.endpoint).toMatch(/^\/freepbx\/rest\//);
    } finally {
      await control(office, 'DELETE', '/devices/nethvoice/fault');
    }
  });
});

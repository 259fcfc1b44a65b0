import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  DeviceRejectedError,
  LicenseError,
  TimeoutError,
  UnsupportedFirmwareError,
} from '../../main/core/driver/errors';
import type { Driver, DriverConfig } from '../../main/core/driver/types';
import { createKalliopeDriver } from '../../main/drivers/kalliope';
import { KalliopeSim, type KalliopeSimOptions } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import type { OfficeLinks, PhoneControl } from '../../sim/lib/types';
import { NETWORK_FAULTS } from './driver-rig';

const OPTS: KalliopeSimOptions = {
  id: 'kpbx-int',
  name: 'Kalliope Integration',
  password: 'Adm1n&<pw>',
  receptionExtension: '200',
  extensions: [
    { extension: '200', name: 'Reception Desk' },
    { extension: '201', name: 'Niccolò Bàrberi', voicemail: true },
    { extension: '202', name: 'Zoë Müller' },
    { extension: '203', name: 'Off Line', registered: false },
    { extension: '204', name: 'Dis Abled', enabled: false },
  ],
  contacts: [
    { firstName: 'Mario', lastName: 'Rossi', organization: 'ACME & Figli', phone: '+39 02 1234 567', mail: 'mario@acme.it' },
    { firstName: 'Niccolò', lastName: 'Bàrberi', phone: '0298765' },
    { firstName: 'Private', lastName: 'Entry', phone: '111', owner: '201' },
  ],
};

interface SimState {
  requests: number;
  mailboxes: Record<string, { urgent: number; new: number; old: number }>;
  click2calls: { exten: string; number: string; type: string; outcome: string }[];
  contacts: number;
}

interface Served {
  sim: KalliopeSim;
  served: ServedDevice;
  paths: { path: string; auth: boolean }[];
}

async function serve(opts: Partial<KalliopeSimOptions> = {}): Promise<Served> {
  const sim = new KalliopeSim({ ...OPTS, ...opts });
  const paths: Served['paths'] = [];
  const handle = sim.handle.bind(sim);
  sim.handle = (ctx) => {
    paths.push({ path: ctx.path, auth: ctx.req.headers.authorization !== undefined });
    return handle(ctx);
  };
  return { sim, served: await serveDevice(sim), paths };
}

let main: Served;
const drivers: Driver[] = [];
const extraServers: Served[] = [];

function make(s: Served, extra: Partial<DriverConfig> = {}): Driver {
  const d = createKalliopeDriver({
    device: 'Kalliope Integration',
    kind: 'kalliope',
    url: s.served.url,
    username: 'admin',
    password: OPTS.password,
    extension: '200',
    timeoutMs: 2000,
    ...extra,
  });
  drivers.push(d);
  return d;
}
const state = (s: Served): SimState => s.sim.state() as SimState;

beforeAll(async () => {
  main = await serve();
});
afterEach(async () => {
  main.served.gate.set(null);
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await Promise.all(extraServers.splice(0).map((s) => s.served.close()));
});
afterAll(async () => {
  await main.served.close();
});

describe('Kalliope driver against the simulator', () => {
  it('probes the firmware over /rest with the md5 password, from a root URL or a /rest URL', async () => {
    for (const url of [main.served.url, `${main.served.url}/rest`, `${main.served.url}/rest/`]) {
      const p = await make(main, { url }).probe();
      expect(p).toMatchObject({ kind: 'kalliope', model: 'KalliopePBX', firmware: '3.9.5-2742' });
    }
  });

  it('phonebook: list, search (PBX search, accents folded), add with awkward characters, update, delete', async () => {
    const d = make(main);
    const all = await d.contacts!();
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(['Mario Rossi', 'Niccolò Bàrberi']));
    const mario = all.find((c) => c.lastName === 'Rossi')!;
    expect(mario).toMatchObject({ company: 'ACME & Figli', email: 'mario@acme.it', numbers: [{ type: 'work', number: '+39 02 1234 567' }] });

    expect((await d.contacts!({ search: 'rossi' })).map((c) => c.id)).toEqual([mario.id]);
    expect((await d.contacts!({ search: 'niccolo barberi' })).map((c) => c.name)).toEqual(['Niccolò Bàrberi']);
    expect((await d.contacts!({ search: '021234567' })).map((c) => c.id)).toEqual([mario.id]);

    const before = state(main).contacts;
    const evil = `Ann <b>&"'</first_name>]]><owner>201</owner>`;
    const created = await d.saveContact!({ firstName: evil, lastName: "O'Hara & Sons", company: '<Co>', numbers: [{ type: 'mobile', number: '+39 333 000 1111' }] });
    expect(created).toMatchObject({ firstName: evil, lastName: "O'Hara & Sons", company: '<Co>', numbers: [{ number: '+39 333 000 1111' }] });
    expect(state(main).contacts).toBe(before + 1);
    const again = (await d.contacts!()).find((c) => c.id === created.id)!;
    expect(again.firstName).toBe(evil);

    const updated = await d.saveContact!({ id: created.id, firstName: 'Ann', lastName: 'Hara', numbers: [{ type: 'work', number: '0555' }], email: 'ann@x.it' });
    expect(updated).toMatchObject({ id: created.id, name: 'Ann Hara', email: 'ann@x.it', numbers: [{ number: '0555' }] });
    expect(updated.company).toBeUndefined();

    await d.deleteContact!(created.id);
    expect(state(main).contacts).toBe(before);
    const e = await d.deleteContact!(created.id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('15');

    // the administrator cannot delete a private contact (code 17)
    const priv = (await d.contacts!()).find((c) => c.lastName === 'Entry')!;
    const e17 = await d.deleteContact!(priv.id).catch((x: unknown) => x);
    expect((e17 as DeviceRejectedError).code).toBe('17');
  });

  it('a contact without any name is refused before anything is sent', async () => {
    const d = make(main);
    const n = main.paths.length;
    const e = await d.saveContact!({ name: ' ', numbers: [{ type: 'work', number: '1' }] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RangeError);
    expect(main.paths.length).toBe(n);
  });

  it('voicemail: reception box counts follow the messages; other enabled boxes are listed; no secrets', async () => {
    const d = make(main);
    expect(main.sim.leaveVoicemail('200', false)).toBe(true);
    expect(main.sim.leaveVoicemail('200', true)).toBe(true);
    const m = state(main).mailboxes['200']!;
    const boxes = await d.voicemail!();
    expect(boxes[0]).toEqual({ mailbox: '200', new: m.new, old: m.old, urgent: m.urgent, enabled: true });
    expect(boxes[0]!.new).toBeGreaterThanOrEqual(2);
    expect(boxes.slice(1)).toEqual([{ mailbox: '201', new: null, old: null, urgent: null, enabled: true }]);

    const rawConfigs = await fetch(`${main.served.url}/rest/users/configs`, {
      headers: { Authorization: 'Basic ' + Buffer.from(`admin:${main.sim.apiPassword()}`).toString('base64') },
    }).then((r) => r.text());
    const secrets = [...rawConfigs.matchAll(/<(?:sip_secret|vm_secret|gui_secret_md5)>([^<]+)</g)].map((x) => x[1]!);
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    const json = JSON.stringify(boxes);
    for (const s of secrets) expect(json).not.toContain(s);
  });

  it('voicemail counts every configured mailbox, one request each, and lists the others without counts', async () => {
    const d = make(main, { mailboxes: ['201', '200', '201'] });
    expect(main.sim.leaveVoicemail('201', false)).toBe(true);
    const before = main.paths.filter((p) => p.path.includes('voicemails/count')).length;
    const boxes = await d.voicemail!();
    expect(main.paths.filter((p) => p.path.includes('voicemails/count')).length - before).toBe(2);
    expect(boxes.map((b) => b.mailbox)).toEqual(['201', '200']);
    expect(boxes[0]!.new).toBeGreaterThanOrEqual(1);
    expect(boxes.every((b) => b.new !== null)).toBe(true);
  });

  it('voicemail for a reception extension without a mailbox', async () => {
    const d = make(main, { extension: '202' });
    expect((await d.voicemail!())[0]).toEqual({ mailbox: '202', new: null, old: null, urgent: null, enabled: false });
  });

  it('presence from registrations and users brief (no office links): registered is "online", never "available"', async () => {
    const d = make(main);
    expect(await d.presence!()).toEqual([
      { extension: '200', name: 'Reception Desk', state: 'online' },
      { extension: '201', name: 'Niccolò Bàrberi', state: 'online' },
      { extension: '202', name: 'Zoë Müller', state: 'online' },
      { extension: '203', name: 'Off Line', state: 'offline' },
      { extension: '204', name: 'Dis Abled', state: 'offline' },
    ]);
  });

  it('an unregistered extension is offline whether the PBX lists it as UNKNOWN or leaves it out', async () => {
    for (const unregistered of ['unknown', 'omitted'] as const) {
      const s = await serve({ unregistered });
      extraServers.push(s);
      const pres = Object.fromEntries((await make(s).presence!()).map((p) => [p.extension, p.state]));
      expect(pres, unregistered).toEqual({ '200': 'online', '201': 'online', '202': 'online', '203': 'offline', '204': 'offline' });
    }
  });

  it('presence, click2call and history with office links: registered phones, ringing, answered', async () => {
    const s = await serve();
    extraServers.push(s);
    const busy: Record<string, 'idle' | 'ringing' | 'busy'> = { '200': 'idle', '201': 'busy', '202': 'ringing' };
    const rings: { number: string; onAnswer?: (line: number) => void }[] = [];
    const dialled: string[] = [];
    const phone: PhoneControl = {
      extension: '200',
      ring: (number, _name, o) => {
        rings.push({ number, onAnswer: o?.onAnswer });
        return 1;
      },
      remoteHangup: () => true,
      dialOut: (n) => {
        dialled.push(n);
        return 1;
      },
    };
    const links: OfficeLinks = {
      phoneByExtension: (ext) => (ext === '200' ? phone : undefined),
      extensionBusy: (ext) => busy[ext],
    };
    s.sim.setLinks(links);
    const d = make(s);
    const pres = Object.fromEntries((await d.presence!()).map((p) => [p.extension, p.state]));
    // registrations say registered or not, nothing about calls: busy and ringing phones are "online"
    expect(pres).toEqual({ '200': 'online', '201': 'online', '202': 'online', '203': 'offline', '204': 'offline' });

    await d.dial!({ number: '+39 02 555-0100' });
    expect(state(s).click2calls.at(-1)).toMatchObject({ exten: '200', number: '+39025550100', type: 'auto', outcome: 'ringing' });
    expect(rings).toHaveLength(1);
    rings[0]!.onAnswer?.(1);
    expect(dialled).toEqual(['+39025550100']);

    await d.dial!({ number: '201', mode: 'exten' });
    expect(state(s).click2calls.at(-1)).toMatchObject({ number: '201', type: 'exten' });

    // no phone for 202: the PBX answers code 10
    const e = await d.dial!({ number: '201', extension: '202' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('10');

    const from = new Date(Date.now() - 60_000).toISOString();
    for (const format of ['xml', 'csv'] as const) {
      const h = await d.history!({ from, format });
      // without the CDR privacy password the PBX masks the last three digits of external numbers
      const out = h.find((x) => x.to === '+39025550XXX')!;
      expect(out).toMatchObject({ direction: 'out', disposition: 'answered', from: '200' });
      const internal = h.find((x) => x.to === '201')!;
      expect(internal).toMatchObject({ direction: 'internal', disposition: 'missed' });
      expect(new Set(h.map((x) => x.id)).size).toBe(h.length);
    }
  });

  it('history: the seeded CDR reads the same as XML and CSV, without duplicates, answered/missed right', async () => {
    const d = make(main);
    const from = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    const xml = await d.history!({ from });
    const csv = await d.history!({ from, format: 'csv' });
    expect(xml.length).toBeGreaterThanOrEqual(12);
    expect(csv).toEqual(xml);
    expect(new Set(xml.map((x) => x.id)).size).toBe(xml.length);
    const counts = xml.reduce<Record<string, number>>((a, x) => ({ ...a, [x.disposition]: (a[x.disposition] ?? 0) + 1 }), {});
    expect(counts).toMatchObject({ answered: 6, missed: 3, busy: 1, failed: 2 });
    for (const x of xml.filter((e) => e.disposition === 'answered')) expect(x.billSec).toBeGreaterThan(0);
    for (const x of xml.filter((e) => e.disposition === 'missed')) expect(x.billSec).toBe(0);
    // newest first
    expect([...xml].sort((a, b) => (a.start < b.start ? 1 : -1)).map((x) => x.id)).toEqual(xml.map((x) => x.id));
  });

  it('history: the privacy password unmasks outside numbers and names; a wrong one is an AuthError', async () => {
    const s = await serve({ privacyPassword: 'Sh! priv' });
    extraServers.push(s);
    const from = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    const masked = await make(s).history!({ from });
    const open = await make(s, { privacyPassword: 'Sh! priv' }).history!({ from });
    expect(open.map((x) => x.id)).toEqual(masked.map((x) => x.id));
    const numbers = (h: typeof open): string[] => h.flatMap((x) => [x.from, x.to]);
    expect(numbers(masked).some((n) => /XXX$/.test(n))).toBe(true);
    expect(numbers(open).some((n) => n.includes('X'))).toBe(false);
    expect(masked.some((x) => x.fromName || x.toName)).toBe(false);
    expect(open.some((x) => x.fromName || x.toName)).toBe(true);
    // masked numbers are the unmasked ones with their last three digits hidden
    const unmasked = new Map(open.map((x) => [x.id, x]));
    for (const x of masked.filter((m) => /XXX$/.test(m.from))) expect(unmasked.get(x.id)!.from.slice(0, -3)).toBe(x.from.slice(0, -3));
    const csv = await make(s, { privacyPassword: 'Sh! priv' }).history!({ from, format: 'csv' });
    expect(csv).toEqual(open);

    const wrong = await make(s, { privacyPassword: 'privacy' }).history!({ from }).catch((x: unknown) => x);
    expect(wrong).toBeInstanceOf(AuthError);
    expect((wrong as Error).message).toMatch(/privacy password/);
  });

  it('history: the simulator default privacy password is "privacy"', async () => {
    const open = await make(main, { privacyPassword: 'privacy' }).history!({ from: new Date(Date.now() - 3 * 24 * 3600_000).toISOString() });
    expect(open.length).toBeGreaterThan(0);
    expect(open.flatMap((x) => [x.from, x.to]).some((n) => n.includes('X'))).toBe(false);
  });

  it('history: a period ending before it begins is refused with the CDR code 11', async () => {
    const d = make(main);
    const e = await d.history!({ from: '2024-05-02T10:00:00', to: '2024-05-01T10:00:00' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect((e as DeviceRejectedError).code).toBe('11');
  });

  it('callgroups', async () => {
    const d = make(main) as Driver & { callGroups: NonNullable<Driver['callGroups']> };
    expect(await d.callGroups()).toEqual([
      { id: 'incoming', name: 'Incoming', extension: '', members: ['200'] },
      { id: '1', name: 'Ufficio', extension: '600', members: ['200', '201', '202', '203', '204'] },
    ]);
  });
});

describe('Kalliope driver: auth, license, firmware generation', () => {
  it('a wrong password is an AuthError after the anonymous 4.x check and one authenticated request, not retried', async () => {
    const d = make(main, { password: 'wrong' });
    const n = main.paths.length;
    const e = await d.contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/Kalliope Integration/);
    expect(main.paths.slice(n)).toEqual([
      { path: '/rest/salt/default', auth: false },
      { path: '/rest/phonebook/contacts', auth: true },
    ]);
  });

  it('pinned to 3.x, a wrong password costs one authenticated request and the anonymous 4.x check after it', async () => {
    const d = make(main, { password: 'wrong', family: 'kalliope-3' });
    const n = main.paths.length;
    await expect(d.contacts!()).rejects.toBeInstanceOf(AuthError);
    expect(main.paths.slice(n)).toEqual([
      { path: '/rest/phonebook/contacts', auth: true },
      { path: '/rest/salt/default', auth: false },
    ]);
  });

  it('a rejected password is latched: later calls of the driver send nothing', async () => {
    const d = make(main, { password: 'wrong' });
    const first = await d.contacts!().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    const n = main.paths.length;
    const before = state(main).requests;
    await expect(d.presence!()).rejects.toBe(first);
    await expect(d.history!()).rejects.toBe(first);
    await expect(d.probe()).rejects.toBe(first);
    expect(main.paths.length).toBe(n);
    expect(state(main).requests).toBe(before);
  });

  it('a 4.x PBX behind a device pinned to 3.x is latched: no more 3.x logins nor salt probes', async () => {
    const s = await serve({ generation: 4 });
    extraServers.push(s);
    const d = make(s, { family: 'kalliope-3' });
    const first = await d.probe().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(UnsupportedFirmwareError);
    await expect(d.contacts!()).rejects.toBe(first);
    expect(s.paths).toEqual([
      { path: '/rest/system/firmware', auth: true },
      { path: '/rest/salt/default', auth: false },
    ]);
  });

  it('a 4.x PBX behind a device pinned to 3.x → UnsupportedFirmwareError that says which generation was found and what to set', async () => {
    const s = await serve({ generation: 4 });
    extraServers.push(s);
    const e = await make(s, { family: 'kalliope-3' }).probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedFirmwareError);
    expect((e as Error).message).toMatch(/KalliopePBX 4\.x found/);
    expect((e as Error).message).toMatch(/set to KalliopePBX 3\.x\. Set the firmware family to automatic or 4\.x/);
  });

  it('a 3.x PBX is detected: probe reports family kalliope-3, generation 3.x', async () => {
    await expect(make(main).probe()).resolves.toMatchObject({ family: 'kalliope-3', generation: '3.x', firmware: '3.9.5-2742' });
  });

  it('an unactivated license → LicenseError (code 1)', async () => {
    const s = await serve({ licenseValid: false });
    extraServers.push(s);
    const e = await make(s).contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LicenseError);
    expect((e as Error).message).toMatch(/not been activated/);
  });

  it('license-expired fault → LicenseError; recovers when cleared', async () => {
    const d = make(main);
    expect(main.served.gate.set({ kind: 'license-expired' })).toBe(true);
    for (const call of [() => d.probe(), () => d.presence!(), () => d.voicemail!(), () => d.history!(), () => d.dial!({ number: '201' })]) {
      const e = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LicenseError);
      expect((e as Error).message).toMatch(/expired/);
    }
    main.served.gate.set(null);
    expect((await d.probe()).firmware).toBe('3.9.5-2742');
  });

  it('auth-expired fault → AuthError, latched (no retry); a new driver works once cleared', async () => {
    const d = make(main);
    main.served.gate.set({ kind: 'auth-expired' });
    const first = await d.probe().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    main.served.gate.set(null);
    const n = main.paths.length;
    await expect(d.probe()).rejects.toBe(first);
    expect(main.paths.length).toBe(n);
    await expect(make(main).probe()).resolves.toMatchObject({ kind: 'kalliope' });
  });
});

describe('Kalliope driver: network faults', () => {
  it.each(NETWORK_FAULTS)('%s → %o on every call, then recovery after the fault clears', async (kind, cls) => {
    const d = make(main);
    main.served.gate.set({ kind });
    const calls = [() => d.probe(), () => d.contacts!(), () => d.presence!(), () => d.voicemail!(), () => d.history!({ format: 'csv' }), () => d.history!()];
    for (const call of calls) {
      const e = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(cls);
      expect((e as Error).message).toMatch(/Kalliope Integration/);
    }
    main.served.gate.set(null);
    expect((await d.probe()).kind).toBe('kalliope');
    expect((await d.contacts!()).length).toBeGreaterThan(0);
  });

  it('slow → TimeoutError with a short timeout, then recovery', async () => {
    const d = make(main, { timeoutMs: 200 });
    main.served.gate.set({ kind: 'slow', ms: 1200 });
    await expect(d.probe()).rejects.toBeInstanceOf(TimeoutError);
    main.served.gate.set(null);
    await new Promise((r) => setTimeout(r, 1100)); // let the held request drain on the server
    await expect(d.probe()).resolves.toMatchObject({ kind: 'kalliope' });
  });
});

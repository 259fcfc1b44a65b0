import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, TimeoutError } from '../../main/core/driver/errors';
import type { DriverConfig } from '../../main/core/driver/types';
import { createNethVoiceDriver, type NethVoiceDriverApi } from '../../main/drivers/nethvoice';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { NethVoiceSim, type NethVoiceSimOptions } from '../../sim/nethvoice';
import { NETWORK_FAULTS } from './driver-rig';

const sha1 = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

const OPTS: NethVoiceSimOptions = {
  id: 'nv-int',
  name: 'NethVoice Integration',
  user: 'admin',
  password: 'Segreto!42',
  secret: 'f00dcafe1234',
  users: [
    {
      username: 'niccolo',
      name: 'Niccolò Bàrberi',
      extension: '201',
      voicemail: true,
      password: 'niccolo-clear-pw',
      mobile: '+39 333 123 4567',
      devices: [{ mac: '00:0B:82:AA:BB:01', vendor: 'Grandstream', model: 'GXV3380' }],
    },
    { username: 'zoe', name: 'Zoë Müller', extension: '202', voicemail: false, password: 'zoe-clear-pw', devices: [{ mac: '00:0B:82:AA:BB:02', type: 'mobile' }] },
    { username: 'luca', name: 'Luca Ferri', extension: '203', voicemail: true, password: 'luca-clear-pw' },
    { username: 'ospite', name: 'Ospite Sala', extension: 'none', password: 'ospite-clear-pw' },
  ],
};

interface SimState {
  requests: number;
  mailboxes: Record<string, { new: number; old: number; urgent: number }>;
  rebooted: string[];
}

let sim: NethVoiceSim;
let served: ServedDevice;
/** Bodies of every POST /voicemails the simulator received. */
const voicemailPosts: string[] = [];
const drivers: NethVoiceDriverApi[] = [];

function state(): SimState {
  return sim.state() as SimState;
}

function make(extra: Partial<DriverConfig> = {}): NethVoiceDriverApi {
  const d = createNethVoiceDriver({
    device: 'NethVoice Integration',
    kind: 'nethvoice',
    url: served.url,
    username: OPTS.user,
    password: OPTS.password,
    secret: OPTS.secret,
    extension: '201',
    timeoutMs: 2000,
    ...extra,
  });
  drivers.push(d);
  return d;
}

/** The raw answer of a route, straight from the simulator (to learn the secrets it hands out). */
async function raw(path: string): Promise<string> {
  const key = sha1(OPTS.user + sha1(OPTS.password) + OPTS.secret);
  const r = await fetch(`${served.url}/freepbx/rest${path}`, { headers: { User: OPTS.user, Secretkey: key } });
  return r.text();
}

beforeAll(async () => {
  sim = new NethVoiceSim(OPTS);
  const handle = sim.handle.bind(sim);
  sim.handle = (ctx) => {
    if (ctx.req.method === 'POST' && ctx.path === '/freepbx/rest/voicemails') voicemailPosts.push(ctx.body.toString('utf8'));
    return handle(ctx);
  };
  served = await serveDevice(sim);
});
afterEach(async () => {
  served.gate.set(null);
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});
afterAll(async () => {
  await served.close();
});

describe('NethVoice driver against the simulator', () => {
  it('probes and reads the directory, presence and voicemail', async () => {
    const d = make();
    expect(await d.probe()).toMatchObject({ kind: 'nethvoice', model: 'NethVoice' });
    const contacts = await d.contacts!();
    expect(contacts.map((c) => c.name)).toEqual(expect.arrayContaining(['Niccolò Bàrberi', 'Zoë Müller', 'Luca Ferri']));
    const nic = contacts.find((c) => c.id === 'user:niccolo')!;
    expect(nic.numbers).toEqual([
      { type: 'work', number: '201' },
      { type: 'mobile', number: '00393331234567' },
    ]);
    expect((await d.contacts!({ search: 'zoe muller' })).map((c) => c.id)).toEqual(['user:zoe']);
    expect((await d.contacts!({ search: '+39 333 123' })).map((c) => c.id)).toEqual(['user:niccolo']);

    const presence = await d.presence!();
    // the simulator's devices carry no registration state: devices → unknown, no device → offline
    expect(presence).toEqual([
      { extension: '201', name: 'Niccolò Bàrberi', state: 'unknown' },
      { extension: '202', name: 'Zoë Müller', state: 'unknown' },
      { extension: '203', name: 'Luca Ferri', state: 'offline' },
    ]);

    const vm = await d.voicemail!();
    expect(vm).toEqual([
      { mailbox: '201', new: null, old: null, urgent: null, enabled: true },
      { mailbox: '203', new: null, old: null, urgent: null, enabled: true },
    ]);
  });

  it('never returns the clear-text passwords, SIP secrets, web passwords or PINs the API hands out', async () => {
    const usersRaw = await raw('/users/false');
    const vmRaw = await raw('/voicemails');
    const secrets = new Set<string>();
    for (const u of JSON.parse(usersRaw) as { password: string; devices: { secret: string; web_password: string | null }[] }[]) {
      secrets.add(u.password);
      for (const dev of u.devices) {
        secrets.add(dev.secret);
        if (dev.web_password) secrets.add(dev.web_password);
      }
    }
    for (const b of Object.values(JSON.parse(vmRaw) as Record<string, { pwd: string }>)) secrets.add(b.pwd);
    expect(secrets.size).toBeGreaterThanOrEqual(7);
    expect(secrets).toContain('niccolo-clear-pw');

    const d = make();
    const out = JSON.stringify([await d.contacts!(), await d.presence!(), await d.voicemail!(), await d.probe()]);
    for (const s of secrets) expect(out).not.toContain(s);
  });

  it('discovers the secret through /testauth when none is configured', async () => {
    const d = make({ secret: undefined });
    const before = state().requests;
    await d.probe();
    await d.presence!();
    expect(state().requests - before).toBe(4); // testauth once, then /login, the release check and /users/false
  });

  it('a wrong password is an AuthError after one request, and is not retried', async () => {
    for (const extra of [{ secret: undefined }, { secret: OPTS.secret }]) {
      const d = make({ password: 'wrong-password', ...extra });
      const before = state().requests;
      const e = await d.contacts!().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AuthError);
      expect((e as Error).message).toMatch(/NethVoice Integration/);
      // one request (/testauth, or /users/false with the secret), nothing after the refusal
      await new Promise((r) => setTimeout(r, 50));
      expect(state().requests - before).toBe(1);
      await expect(d.probe()).rejects.toBeInstanceOf(AuthError);
    }
  });

  it('auth-expired → AuthError, latched (no retry); a new driver works once cleared', async () => {
    const d = make();
    await d.probe();
    expect(served.gate.set({ kind: 'auth-expired' })).toBe(true);
    const first = await d.presence!().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    served.gate.set(null);
    const before = state().requests;
    await expect(d.presence!()).rejects.toBe(first);
    expect(state().requests).toBe(before);
    expect((await make().presence!()).length).toBe(3);
  });

  it('a wrong password is latched: /testauth is not POSTed again by later calls', async () => {
    const d = make({ password: 'wrong-password', secret: undefined });
    const first = await d.probe().catch((x: unknown) => x);
    expect(first).toBeInstanceOf(AuthError);
    const before = state().requests;
    await expect(d.contacts!()).rejects.toBe(first);
    await expect(d.voicemail!()).rejects.toBe(first);
    await expect(d.probe()).rejects.toBe(first);
    expect(state().requests).toBe(before);
  });

  it.each(NETWORK_FAULTS)('fault %s → %o, then recovery after the fault clears', async (kind, cls) => {
    const d = make();
    served.gate.set({ kind });
    for (const call of [() => d.probe(), () => d.presence!(), () => d.voicemail!()]) {
      const e = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(cls);
      expect((e as Error).message).toMatch(/NethVoice Integration/);
    }
    served.gate.set(null);
    expect(await d.probe()).toMatchObject({ kind: 'nethvoice' });
    expect((await d.contacts!()).length).toBeGreaterThan(0);
  });

  it('slow → TimeoutError with a short timeout, then recovery', async () => {
    const d = make({ timeoutMs: 200 });
    served.gate.set({ kind: 'slow', ms: 1200 });
    const e = await d.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimeoutError);
    served.gate.set(null);
    await new Promise((r) => setTimeout(r, 1100)); // let the held request finish on the server
    expect(await d.probe()).toMatchObject({ kind: 'nethvoice' });
  });

  it('voicemail enable/disable round-trip: always an explicit state, string extensions, no other mailbox touched', async () => {
    const d = make();
    expect(sim.leaveVoicemail('201', true)).toBe(true);
    const before = state().mailboxes;
    expect(before['201']).toMatchObject({ new: 1, urgent: 1 });

    // enabling an existing mailbox keeps it and its messages
    await d.setVoicemail('201', true);
    expect(state().mailboxes['201']).toMatchObject({ new: 1, urgent: 1 });

    // enable 202 (had none), then disable it again
    await d.setVoicemail('202', true);
    expect(Object.keys(state().mailboxes).sort()).toEqual(['201', '202', '203']);
    expect((await d.voicemail!()).find((b) => b.mailbox === '202')).toMatchObject({ enabled: true });
    await d.setVoicemail('202', false);
    expect(Object.keys(state().mailboxes).sort()).toEqual(['201', '203']);
    expect(state().mailboxes['201']).toMatchObject({ new: 1, urgent: 1 });

    // refused locally: nothing reaches the server
    const n = voicemailPosts.length;
    await expect(d.setVoicemail(203 as unknown as string, true)).rejects.toThrow(TypeError);
    await expect(d.setVoicemail('203', 'yes' as unknown as boolean)).rejects.toThrow(TypeError);
    expect(voicemailPosts.length).toBe(n);
    expect(Object.keys(state().mailboxes).sort()).toEqual(['201', '203']);

    expect(voicemailPosts.length).toBeGreaterThanOrEqual(3);
    for (const body of voicemailPosts) {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      expect(typeof parsed['extension']).toBe('string');
      expect(['yes', 'no']).toContain(parsed['state']);
    }
  });

  it('an unknown extension is refused by the server as DeviceRejectedError', async () => {
    const d = make();
    const e = await d.setVoicemail('999', true).catch((x: unknown) => x);
    expect((e as Error).name).toBe('DeviceRejectedError');
    expect((e as Error).message).toMatch(/999/);
  });

  it('reboot() reboots the reception desk phone, and the server confirms it per MAC', async () => {
    const d = make();
    await d.reboot!();
    expect(state().rebooted).toContain('00-0B-82-AA-BB-01');
    expect(await d.rebootReport()).toEqual({ confirmed: true, confirmedMacs: ['00-0B-82-AA-BB-01'], unconfirmedMacs: [] });
  });

  it('directory load: contacts come from /users/false; /mainextensions (a full directory sync on the server) is read once, not per call', async () => {
    const d = make();
    const syncs = (): number => (sim.state() as { directorySyncs: number }).directorySyncs;
    const before = syncs();
    for (let i = 0; i < 5; i++) {
      const contacts = await d.contacts!();
      expect(contacts.find((c) => c.id === 'user:luca')?.numbers).toEqual([{ type: 'work', number: '203' }]);
    }
    expect(syncs() - before).toBe(1);
    await d.contacts!({ search: 'zoe' });
    await d.presence!();
    expect(syncs() - before).toBe(1);
  });
});

describe('NethVoice variants: a reboot answer that confirms nothing, a failing /mainextensions', () => {
  it('a bare 200 to POST /phones/reboot is "sent, not confirmed", never success', async () => {
    const bare = new NethVoiceSim({ ...OPTS, id: 'nv-bare', rebootAnswer: 'bare' });
    const s = await serveDevice(bare);
    try {
      const d = make({ url: s.url });
      await expect(d.reboot!()).resolves.toBeUndefined();
      expect(d.lastReboot).toEqual({ confirmed: false, confirmedMacs: [], unconfirmedMacs: ['00-0B-82-AA-BB-01'] });
      expect(await d.rebootPhones(['00:0b:82:aa:bb:01', '00-0B-82-AA-BB-09'])).toEqual({ confirmed: false, confirmedMacs: [], unconfirmedMacs: ['00-0B-82-AA-BB-01', '00-0B-82-AA-BB-09'] });
      expect((bare.state() as SimState).rebooted).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('contacts still come back when /mainextensions is refused', async () => {
    const other = new NethVoiceSim({ ...OPTS, id: 'nv-noext' });
    const handle = other.handle.bind(other);
    other.handle = (ctx) => (ctx.path === '/freepbx/rest/mainextensions' ? void ctx.res.writeHead(404).end() : handle(ctx));
    const s = await serveDevice(other);
    try {
      const contacts = await make({ url: s.url }).contacts!();
      expect(contacts.map((c) => c.id)).toEqual(expect.arrayContaining(['user:niccolo', 'user:zoe', 'user:luca']));
    } finally {
      await s.close();
    }
  });
});

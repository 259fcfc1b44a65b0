/**
 * The Kalliope driver against the KalliopePBX 4.x simulator variant (issue 11): detection in a safe
 * order, the signed header on every request, what works on 4.x, and the refusals: a wrong password
 * after one attempt, a clock the PBX refuses (no retry), a refused route reported as unavailable.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, UnsupportedFirmwareError, UnsupportedOperationError } from '../../main/core/driver/errors';
import type { Driver, DriverConfig } from '../../main/core/driver/types';
import { ClockSkewError, createKalliopeDriver } from '../../main/drivers/kalliope';
import { KalliopeSim, type KalliopeSimOptions } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';

const OPTS: KalliopeSimOptions = {
  id: 'kpbx-4x',
  name: 'Kalliope 4',
  password: 'Quattro&<4x>',
  generation: 4,
  firmware: '4.7.1-8120',
  receptionExtension: '400',
  extensions: [
    { extension: '400', name: 'Reception Desk' },
    { extension: '401', name: 'Niccolò Bàrberi', voicemail: true },
    { extension: '402', name: 'Off Line', registered: false },
  ],
  contacts: [{ firstName: 'Mario', lastName: 'Rossi', organization: 'ACME & Figli', phone: '+39 02 1234 567' }],
  unavailable: ['cdr'],
};

interface Seen {
  path: string;
  basic: boolean;
  signed: string | undefined;
}

interface Served {
  sim: KalliopeSim;
  served: ServedDevice;
  seen: Seen[];
}

interface SignedState {
  accepted: number;
  refusals: Record<string, number>;
}

async function serve(opts: Partial<KalliopeSimOptions> = {}): Promise<Served> {
  const sim = new KalliopeSim({ ...OPTS, ...opts });
  const seen: Seen[] = [];
  const handle = sim.handle.bind(sim);
  sim.handle = (ctx) => {
    const x = ctx.req.headers['x-authenticate'];
    seen.push({ path: ctx.path, basic: ctx.req.headers.authorization !== undefined, signed: Array.isArray(x) ? x[0] : x });
    return handle(ctx);
  };
  return { sim, served: await serveDevice(sim), seen };
}

const signedState = (s: Served): SignedState => (s.sim.state() as { signed: SignedState }).signed;

let main: Served;
const drivers: Driver[] = [];
const extra: Served[] = [];

function make(s: Served, patch: Partial<DriverConfig> = {}): Driver {
  const d = createKalliopeDriver({
    device: 'Kalliope 4',
    kind: 'kalliope',
    url: s.served.url,
    username: 'admin',
    password: OPTS.password,
    extension: '400',
    timeoutMs: 2000,
    ...patch,
  });
  drivers.push(d);
  return d;
}

async function other(opts: Partial<KalliopeSimOptions>): Promise<Served> {
  const s = await serve({ id: 'kpbx-4x-other', ...opts });
  extra.push(s);
  return s;
}

beforeAll(async () => {
  main = await serve();
});
afterEach(async () => {
  main.served.gate.set(null);
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await Promise.all(extra.splice(0).map((s) => s.served.close()));
});
afterAll(async () => {
  await main.served.close();
});

describe('detection and probe', () => {
  it('anonymous salt first, then one signed request: family kalliope-4, generation 4.x, the firmware version', async () => {
    const n = main.seen.length;
    const p = await make(main).probe();
    expect(p).toMatchObject({ kind: 'kalliope', model: 'KalliopePBX', firmware: '4.7.1-8120', family: 'kalliope-4', generation: '4.x' });
    const seen = main.seen.slice(n);
    expect(seen.map((s) => [s.path, s.basic, s.signed !== undefined])).toEqual([
      ['/rest/salt/default', false, false],
      ['/rest/dashboard/firmwareVersion', false, true],
    ]);
  });

  it('a second probe asks the PBX again (a re-probe notices a PBX that went away), with a new nonce', async () => {
    const d = make(main);
    await d.probe();
    const n = main.seen.length;
    await d.probe();
    expect(main.seen.slice(n).map((s) => s.path)).toEqual(['/rest/dashboard/firmwareVersion']);
    main.served.gate.set({ kind: 'offline' });
    await expect(d.probe()).rejects.toThrow(/cannot be reached/);
  });

  it('every signed request carries its own hex nonce and a UTC Created; the PBX never sees a nonce twice', async () => {
    const d = make(main);
    const n = main.seen.length;
    const before = signedState(main).refusals['nonce-reused'] ?? 0;
    await d.probe();
    await d.contacts!();
    await d.presence!();
    await d.voicemail!();
    const headers = main.seen.slice(n).flatMap((s) => (s.signed ? [s.signed] : []));
    expect(headers.length).toBeGreaterThanOrEqual(5);
    const nonces = headers.map((h) => /Nonce="([^"]*)"/.exec(h)?.[1] ?? '');
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{8,}$/);
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const h of headers) {
      expect(h).toMatch(/^RestApiUsernameToken Username="admin", Domain="default", Digest="[A-Za-z0-9+/]+=*", Nonce="[0-9a-f]+", Created="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"$/);
      expect(h).not.toContain(OPTS.password);
    }
    expect(signedState(main).refusals['nonce-reused'] ?? 0).toBe(before);
  });

  it('pinned to kalliope-4, works the same; pinned to kalliope-4 on a 3.x PBX, no credentialed request at all', async () => {
    await expect(make(main, { family: 'kalliope-4' }).probe()).resolves.toMatchObject({ family: 'kalliope-4' });
    const s3 = await other({ generation: 3, firmware: '3.9.5-2742' });
    const e = await make(s3, { family: 'kalliope-4' }).probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedFirmwareError);
    expect((e as Error).message).toMatch(/set to KalliopePBX 4\.x, but \/rest\/salt\/default gave no salt/);
    expect(s3.seen.every((x) => !x.basic && x.signed === undefined)).toBe(true);
  });

  it('a 3.x PBX is never sent a signed header; a 4.x PBX is never sent Basic', async () => {
    const s3 = await other({ generation: 3, firmware: '3.9.5-2742' });
    await expect(make(s3).probe()).resolves.toMatchObject({ family: 'kalliope-3', generation: '3.x' });
    expect(s3.seen.some((x) => x.signed !== undefined)).toBe(false);
    const n = main.seen.length;
    await make(main).contacts!();
    expect(main.seen.slice(n).some((x) => x.basic)).toBe(false);
  });

  it('a tenant domain other than "default" is used for the salt and in the header', async () => {
    const acme = await other({ tenantDomain: 'acme' });
    await expect(make(acme, { tenantDomain: 'acme' }).probe()).resolves.toMatchObject({ family: 'kalliope-4' });
    expect(acme.seen[0]?.path).toBe('/rest/salt/acme');
    expect(acme.seen[1]?.signed).toMatch(/Domain="acme"/);
  });

  it('a wrong tenant domain is named as such (the "default" tenant answers), with no credentialed request', async () => {
    const e = await make(main, { tenantDomain: 'acme' }).probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/does not know the tenant domain "acme"/);
  });
});

describe('what works on 4.x', () => {
  it('contacts (list, search, add, delete), presence, voicemail counts and click2call answer as on 3.x', async () => {
    const d = make(main);
    expect((await d.contacts!({ search: 'rossi' })).map((c) => c.name)).toEqual(['Mario Rossi']);
    const saved = await d.saveContact!({ firstName: 'Ada', lastName: 'Neri', numbers: [{ type: 'work', number: '0211' }] });
    expect(saved).toMatchObject({ name: 'Ada Neri' });
    await d.deleteContact!(saved.id);
    expect(await d.presence!()).toEqual(
      expect.arrayContaining([
        { extension: '400', name: 'Reception Desk', state: 'online' },
        { extension: '402', name: 'Off Line', state: 'offline' },
      ]),
    );
    expect((await d.voicemail!())[0]).toMatchObject({ mailbox: '400' });
    await expect(d.dial!({ number: '401' })).resolves.toBeUndefined();
  });
});

describe('refusals', () => {
  it('a route the PBX refuses is unavailable on this device, not a wrong password; the rest goes on', async () => {
    const d = make(main);
    const e = await d.history!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnsupportedOperationError);
    expect(e).not.toBeInstanceOf(AuthError);
    expect((e as Error).message).toMatch(/"call history" is not supported by this device \(this KalliopePBX 4\.7\.1-8120 refused \/rest\/cdr with HTTP 403; the credentials are fine\)/);
    await expect(d.contacts!()).resolves.not.toHaveLength(0);
    const p = await d.probe();
    expect(p.capabilities).not.toContain('callHistory');
    expect(p.capabilities).toContain('contacts');
  });

  it('a wrong password → AuthError after one signed attempt; later calls send nothing', async () => {
    const s = await other({});
    const d = make(s, { password: 'wrong' });
    const e = await d.contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect(e).not.toBeInstanceOf(ClockSkewError);
    expect((e as Error).message).toMatch(/^Kalliope 4: KalliopePBX 4\.x rejected the user "admin" of tenant domain "default" at \/rest\/dashboard\/firmwareVersion \(HTTP 401\)/);
    expect((e as Error).message).not.toContain('wrong');
    const n = s.seen.length;
    await expect(d.probe()).rejects.toBe(e);
    await expect(d.presence!()).rejects.toBe(e);
    expect(s.seen.length).toBe(n);
    expect(signedState(s).refusals['bad-digest']).toBe(1);
    expect(s.seen.filter((x) => x.signed !== undefined)).toHaveLength(1);
  });

  it('a PBX clock 10 minutes ahead → ClockSkewError telling the user to fix the clock, and no retry', async () => {
    const s = await other({ clockOffsetSeconds: 600 });
    const d = make(s);
    const e = await d.probe().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClockSkewError);
    expect((e as ClockSkewError).kind).toBe('auth');
    expect((e as Error).message).toMatch(/differ by about 10 minutes \(the PBX is ahead\); it accepts at most 5 minutes\. Set the correct date and time/);
    expect((e as Error).message).toMatch(/will not retry/);
    await expect(d.contacts!()).rejects.toBe(e);
    await expect(d.voicemail!()).rejects.toBe(e);
    expect(signedState(s).refusals['clock']).toBe(1);
    expect(s.seen.filter((x) => x.signed !== undefined)).toHaveLength(1);
  });

  it('the auth-expired fault (password changed on the PBX) → AuthError, latched', async () => {
    const s = await other({});
    const d = make(s);
    await d.probe();
    expect(s.served.gate.set({ kind: 'auth-expired' })).toBe(true);
    const e = await d.contacts!().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AuthError);
    s.served.gate.set(null);
    await expect(d.presence!()).rejects.toBe(e);
  });
});

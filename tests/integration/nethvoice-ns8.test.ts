/**
 * The NethVoice driver against the simulator's release variants (issue 11): NethVoice on
 * NethServer 8 detected by probe (one login, then /mainextensions/userlimits), the user limits in
 * the device details, the mailbox null/404, empty-body successes, the community limit shown as the
 * server words it, /users/sync on NS8 only; NethServer 7 for contrast.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, DeviceRejectedError } from '../../main/core/driver/errors';
import type { DriverConfig } from '../../main/core/driver/types';
import { createNethVoiceDriver, type NethVoiceDriverApi } from '../../main/drivers/nethvoice';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { NethVoiceSim, type NethVoiceSimOptions } from '../../sim/nethvoice';
import { cleanupAfterEach } from './driver-rig';

const sha1 = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

const OPTS: NethVoiceSimOptions = {
  id: 'nv8-int',
  name: 'NethVoice 8',
  user: 'admin',
  password: 'Otto!Bolzano',
  secret: '8c1f4e2a',
  release: 'ns8',
  users: [
    { username: 'niccolo', name: 'Niccolò Bàrberi', extension: '201', voicemail: true, password: 'niccolo-clear-pw', devices: [{ mac: '00:0B:82:AA:BB:01', vendor: 'Grandstream', model: 'GXV3380' }] },
    { username: 'zoe', name: 'Zoë Müller', extension: '202', password: 'zoe-clear-pw' },
    { username: 'ospite', name: 'Ospite Sala', extension: 'none', password: 'ospite-clear-pw' },
  ],
};

const defer = cleanupAfterEach();

interface Rig {
  sim: NethVoiceSim;
  served: ServedDevice;
  paths: string[];
  driver(extra?: Partial<DriverConfig>): NethVoiceDriverApi;
  /** A raw authenticated request, as another client of the server would send it. */
  raw(method: string, path: string): Promise<number>;
}

async function rig(patch: Partial<NethVoiceSimOptions> = {}): Promise<Rig> {
  const sim = new NethVoiceSim({ ...OPTS, ...patch });
  const paths: string[] = [];
  const handle = sim.handle.bind(sim);
  sim.handle = (ctx) => {
    paths.push(`${ctx.req.method ?? 'GET'} ${ctx.path.replace('/freepbx/rest', '')}`);
    return handle(ctx);
  };
  const served = await serveDevice(sim);
  defer(() => served.close());
  return {
    sim,
    served,
    paths,
    driver: (extra = {}) => {
      const d = createNethVoiceDriver({ device: 'NethVoice 8', kind: 'nethvoice', url: served.url, username: OPTS.user, password: OPTS.password, secret: OPTS.secret, extension: '201', timeoutMs: 2000, ...extra });
      defer(() => d.close());
      return d;
    },
    raw: async (method, path) => {
      const r = await fetch(`${served.url}/freepbx/rest${path}`, { method, headers: { User: OPTS.user, Secretkey: sha1(OPTS.user + sha1(OPTS.password) + OPTS.secret) } });
      await r.text();
      return r.status;
    },
  };
}

/** Users 210… with extensions, to bring a community server to its limit. */
const more = (n: number): NethVoiceSimOptions['users'] => Array.from({ length: n }, (_, i) => ({ username: `u${i}`, name: `User ${i}`, extension: String(210 + i) }));

afterEach(() => undefined);

describe('probe: the release, one login, the user limits', () => {
  it('NS8 community: family nethvoice-ns8, generation ns8, limits {configured 2, limit 8, configurable 6}; /login then userlimits only', async () => {
    const r = await rig();
    const p = await r.driver().probe();
    expect(p).toEqual({
      kind: 'nethvoice',
      model: 'NethVoice',
      firmware: 'unknown',
      capabilities: ['contacts', 'voicemail', 'presence', 'reboot'],
      family: 'nethvoice-ns8',
      generation: 'ns8',
      userLimits: { edition: 'community', configured: 2, limit: 8, configurable: 6 },
    });
    expect(r.paths).toEqual(['GET /login', 'GET /mainextensions/userlimits']);
    expect((r.sim.state() as { directorySyncs: number }).directorySyncs).toBe(0);
  });

  it('NS8 enterprise: no limit', async () => {
    const r = await rig({ edition: 'enterprise' });
    expect((await r.driver().probe()).userLimits).toEqual({ edition: 'enterprise', configured: 2, limit: null, configurable: null });
  });

  it('NS7: family nethvoice-legacy, generation ns7, no limits, no directory sync caused', async () => {
    const r = await rig({ release: 'ns7' });
    const p = await r.driver().probe();
    expect(p).toMatchObject({ family: 'nethvoice-legacy', generation: 'ns7' });
    expect(p.userLimits).toBeUndefined();
    expect((r.sim.state() as { directorySyncs: number }).directorySyncs).toBe(0);
  });

  it('pinned to nethvoice-legacy, the release check is skipped; a family of another kind is refused', async () => {
    const r = await rig();
    await expect(r.driver({ family: 'nethvoice-legacy' }).probe()).resolves.toMatchObject({ family: 'nethvoice-legacy', generation: 'ns7' });
    expect(r.paths).toEqual(['GET /login']);
    expect(() => r.driver({ family: 'kalliope-4' })).toThrow(/not a NethVoice family/);
  });

  it('a wrong password is refused at /login: AuthError, nothing more is sent', async () => {
    const r = await rig();
    const d = r.driver({ password: 'wrong' });
    await expect(d.probe()).rejects.toBeInstanceOf(AuthError);
    await expect(d.userLimits()).rejects.toBeInstanceOf(AuthError);
    expect(r.paths).toEqual(['GET /login']);
  });
});

describe('NS8 answers', () => {
  it('a missing mailbox is null (200 null on NS8, 404 on NS7); a present one comes without its PIN', async () => {
    for (const release of ['ns8', 'ns7'] as const) {
      const r = await rig({ release });
      const d = r.driver();
      expect(await d.mailbox('202'), release).toBeNull();
      const box = await d.mailbox('201');
      expect(box).toEqual({ mailbox: '201', name: 'Niccolò Bàrberi' });
    }
  });

  it('voicemail on/off is read back after the write, on both releases', async () => {
    for (const release of ['ns8', 'ns7'] as const) {
      const r = await rig({ release });
      const d = r.driver();
      await d.setVoicemail('202', true);
      expect(await d.mailbox('202')).not.toBeNull();
      await d.setVoicemail('202', false);
      expect(await d.mailbox('202')).toBeNull();
      expect(r.paths.filter((p) => p === 'GET /voicemails/202').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('creating a main extension: 201 with an empty body is success; the new user shows in the directory', async () => {
    const r = await rig();
    const d = r.driver();
    await expect(d.createMainExtension('ospite', '299')).resolves.toBeUndefined();
    const contacts = await d.contacts!();
    expect(contacts.find((c) => c.id === 'user:ospite')?.numbers).toEqual([{ type: 'work', number: '299' }]);
    expect((await d.userLimits())?.configured).toBe(3);
  });

  it('beyond the community limit, the server words are shown as they are, not as a credential problem; nothing is latched', async () => {
    const r = await rig({ users: [...OPTS.users, ...more(6)] });
    const d = r.driver();
    expect((await d.probe()).userLimits).toEqual({ edition: 'community', configured: 8, limit: 8, configurable: 0 });
    const e = await d.createMainExtension('ospite', '299').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeviceRejectedError);
    expect(e).not.toBeInstanceOf(AuthError);
    expect((e as Error).message).toContain('"ERROR: community version is limited to 8 users"');
    expect((e as DeviceRejectedError).code).toBe('403');
    await expect(d.presence!()).resolves.not.toHaveLength(0);
  });

  it('/users/sync: false, true while a sync runs (NS8); null on NS7 without asking the server', async () => {
    const r = await rig({ syncMs: 5000 });
    const d = r.driver();
    expect(await d.directorySyncRunning()).toBe(false);
    expect(await r.raw('POST', '/users/sync')).toBe(200);
    expect(await d.directorySyncRunning()).toBe(true);

    const legacy = await rig({ release: 'ns7' });
    expect(await legacy.driver().directorySyncRunning()).toBeNull();
    expect(legacy.paths).not.toContain('GET /users/sync');
  });

  it('directory and presence read NS8 rows (users without extension, registered devices); no secret leaves the driver', async () => {
    const r = await rig();
    const d = r.driver();
    const out = [await d.contacts!(), await d.presence!(), await d.voicemail!(), await d.probe()];
    expect((out[1] as { extension: string; state: string }[]).find((p) => p.extension === '201')?.state).toBe('online');
    const text = JSON.stringify(out);
    for (const s of ['niccolo-clear-pw', 'zoe-clear-pw', 'ospite-clear-pw', OPTS.password, OPTS.secret]) expect(text).not.toContain(s);
  });
});

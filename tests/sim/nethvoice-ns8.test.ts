/**
 * Conformance of the NethVoice simulator's release variants with the facts of issue 11 (NethVoice
 * on NethServer 8, from the public ns8-nethvoice server source) and the NethServer 7 answers of the
 * same paths (nethvoice-wizard-restapi).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serveDevice } from '../../sim/lib/server';
import { NethVoiceSim, type NethVoiceSimOptions } from '../../sim/nethvoice';

const sha1 = (s: string): string => createHash('sha1').update(s, 'utf8').digest('hex');

const USERS: NethVoiceSimOptions['users'] = [
  { username: 'niccolo', name: 'Niccolò Bàrberi', extension: '201', voicemail: true, devices: [{ mac: '00:0B:82:AA:BB:01', vendor: 'Grandstream', model: 'GXV3380' }] },
  { username: 'zoe', name: 'Zoë Müller', extension: '202' },
  { username: 'ospite', name: 'Ospite Sala', extension: 'none' },
];

const OPTS: NethVoiceSimOptions = { id: 'nv8', name: 'NethVoice 8', user: 'admin', password: 'Otto!8', secret: 'cafe8', users: USERS, release: 'ns8' };
const AUTH = { User: 'admin', Secretkey: sha1('admin' + sha1('Otto!8') + 'cafe8') };

interface Res {
  status: number;
  text: string;
}

async function withSim(patch: Partial<NethVoiceSimOptions>, run: (call: (method: string, path: string, json?: unknown) => Promise<Res>, sim: NethVoiceSim) => Promise<void>): Promise<void> {
  const sim = new NethVoiceSim({ ...OPTS, ...patch });
  const served = await serveDevice(sim);
  const call = async (method: string, path: string, json?: unknown): Promise<Res> => {
    const headers: Record<string, string> = { ...AUTH, Accept: 'application/json' };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(`${served.url}/freepbx/rest${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    return { status: r.status, text: await r.text() };
  };
  try {
    await run(call, sim);
  } finally {
    await served.close();
  }
}

/** Nine more users with extensions 210-218 (a community server over its limit once they exist). */
const many = (n: number): NethVoiceSimOptions['users'] => Array.from({ length: n }, (_, i) => ({ username: `u${i}`, name: `User ${i}`, extension: String(210 + i) }));

describe('GET /voicemails/{ext}: no mailbox', () => {
  it('NS8 answers 200 with the body null; an existing mailbox is its entry', async () => {
    await withSim({}, async (call) => {
      const missing = await call('GET', '/voicemails/202');
      expect(missing).toEqual({ status: 200, text: 'null' });
      const present = await call('GET', '/voicemails/201');
      expect(present.status).toBe(200);
      expect(JSON.parse(present.text)).toMatchObject({ mailbox: '201' });
    });
  });

  it('NS7 answers 404 with an empty body', async () => {
    await withSim({ release: 'ns7' }, async (call) => {
      expect(await call('GET', '/voicemails/202')).toEqual({ status: 404, text: '' });
    });
  });
});

describe('GET /mainextensions/userlimits', () => {
  it('NS8 community: {"configured","limit":8,"configurable"} counting users with an extension', async () => {
    await withSim({}, async (call) => {
      const r = await call('GET', '/mainextensions/userlimits');
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text)).toEqual({ configured: 2, limit: 8, configurable: 6 });
    });
  });

  it('NS8 enterprise: limit and configurable are false', async () => {
    await withSim({ edition: 'enterprise' }, async (call) => {
      expect(JSON.parse((await call('GET', '/mainextensions/userlimits')).text)).toEqual({ configured: 2, limit: false, configurable: false });
    });
  });

  it('NS7 has no such route: the path reads as an extension, 404 with an empty body, no directory sync', async () => {
    await withSim({ release: 'ns7' }, async (call, sim) => {
      expect(await call('GET', '/mainextensions/userlimits')).toEqual({ status: 404, text: '' });
      expect((sim.state() as { directorySyncs: number }).directorySyncs).toBe(0);
    });
  });
});

describe('POST /mainextensions: success is an empty body; the community limit', () => {
  it('NS8: 201 with an EMPTY body, and the user has the extension afterwards', async () => {
    await withSim({}, async (call) => {
      const r = await call('POST', '/mainextensions', { username: 'ospite', extension: '299', outboundcid: '' });
      expect(r).toEqual({ status: 201, text: '' });
      const users = JSON.parse((await call('GET', '/users/false')).text) as { username: string; default_extension: string }[];
      expect(users.find((u) => u.username === 'ospite')?.default_extension).toBe('299');
    });
  });

  it('NS7: 201 with an empty body too; an empty extension (remove) is 200 with an empty body', async () => {
    await withSim({ release: 'ns7' }, async (call) => {
      expect(await call('POST', '/mainextensions', { username: 'ospite', extension: '299' })).toEqual({ status: 201, text: '' });
      expect(await call('POST', '/mainextensions', { username: 'ospite', extension: '' })).toEqual({ status: 200, text: '' });
    });
  });

  it('NS8 community with 8 configured users: 403 {"status":"ERROR: community version is limited to 8 users"}', async () => {
    await withSim({ users: [...USERS, ...many(6)] }, async (call) => {
      expect(JSON.parse((await call('GET', '/mainextensions/userlimits')).text)).toEqual({ configured: 8, limit: 8, configurable: 0 });
      const r = await call('POST', '/mainextensions', { username: 'ospite', extension: '299' });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text)).toEqual({ status: 'ERROR: community version is limited to 8 users' });
    });
  });

  it('NS8 enterprise and NS7 have no such limit', async () => {
    for (const patch of [{ edition: 'enterprise' as const }, { release: 'ns7' as const }]) {
      await withSim({ users: [...USERS, ...many(6)], ...patch }, async (call) => {
        expect((await call('POST', '/mainextensions', { username: 'ospite', extension: '299' })).status).toBe(201);
      });
    }
  });

  it('errors name the problem: unknown user 404, an extension in use 422', async () => {
    await withSim({}, async (call) => {
      expect((await call('POST', '/mainextensions', { username: 'nobody', extension: '299' })).status).toBe(404);
      expect((await call('POST', '/mainextensions', { username: 'ospite', extension: '201' })).status).toBe(422);
    });
  });
});

describe('/users/sync', () => {
  it('NS8: GET answers true while a sync runs, false otherwise; POST starts one and answers 200 with an empty body', async () => {
    await withSim({ syncMs: 300 }, async (call) => {
      expect(await call('GET', '/users/sync')).toEqual({ status: 200, text: 'false' });
      expect(await call('POST', '/users/sync')).toEqual({ status: 200, text: '' });
      expect(await call('GET', '/users/sync')).toEqual({ status: 200, text: 'true' });
      await new Promise((r) => setTimeout(r, 350));
      expect((await call('GET', '/users/sync')).text).toBe('false');
    });
  });

  it('NS7: GET /users/sync is caught by /users/{all}: a user list, not a boolean', async () => {
    await withSim({ release: 'ns7' }, async (call) => {
      const r = await call('GET', '/users/sync');
      expect(r.status).toBe(200);
      expect(Array.isArray(JSON.parse(r.text))).toBe(true);
    });
  });
});

describe('NS8 user rows', () => {
  it('/users/false lists users without an extension too, and device rows carry registered', async () => {
    await withSim({}, async (call) => {
      const users = JSON.parse((await call('GET', '/users/false')).text) as { username: string; devices: { registered?: boolean }[] }[];
      expect(users.map((u) => u.username)).toEqual(['niccolo', 'zoe', 'ospite']);
      expect(users[0]?.devices[0]?.registered).toBe(true);
    });
  });

  it('authentication refusals stay 403 {"error":"Forbidden: …"} (an application 403 uses "status")', async () => {
    const sim = new NethVoiceSim(OPTS);
    const served = await serveDevice(sim);
    try {
      const r = await fetch(`${served.url}/freepbx/rest/users/sync`, { headers: { User: 'admin', Secretkey: 'bad' } });
      expect(r.status).toBe(403);
      expect(await r.json()).toEqual({ error: 'Forbidden: wrong secret key' });
    } finally {
      await served.close();
    }
  });
});

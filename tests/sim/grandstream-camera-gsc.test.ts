/**
 * Conformance of the GSC36xx camera simulator with the facts of issue 11 ("Grandstream GSC36xx
 * cameras (challenge login)") and the GSC36xx HTTP API "Authentication" section.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GrandstreamCameraSim, type CameraSimOptions } from '../../sim/grandstream-camera';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
const PASSWORD = 'Gsc!3610';

let served: ServedDevice | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function start(opts: Partial<CameraSimOptions> = {}): Promise<{ cam: GrandstreamCameraSim; base: string }> {
  const cam = new GrandstreamCameraSim({ id: 'gsc', name: 'Door', model: 'GSC3610', password: PASSWORD, family: 'gsc36xx', rebootMs: 200, viewer: { username: 'guard', password: 'See!1' }, ...opts });
  served = await serveDevice(cam);
  return { cam, base: served.url };
}

interface Got {
  status: number;
  text: string;
  cookies: string[];
}

async function get(base: string, path: string, cookie?: string, headers: Record<string, string> = {}): Promise<Got> {
  const r = await fetch(`${base}${path}`, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  return { status: r.status, text: await r.text(), cookies: r.headers.getSetCookie() };
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/** Both login steps; returns the session cookie ("session=…"). */
async function login(base: string, user = 'admin', password = PASSWORD): Promise<{ cookie: string | undefined; answer: Got }> {
  const url = `/goform/login?cmd=login&type=0&user=${encodeURIComponent(user)}`;
  const first = await get(base, url);
  const challenge = tag(first.text, 'ChallengeCode') ?? '';
  const answer = await get(base, `${url}&authcode=${md5(`${challenge}:GSC36XXlZpRsFzCbM:${password}`)}`);
  const cookie = answer.cookies.find((c) => c.startsWith('session='))?.split(';')[0];
  return { cookie, answer };
}

describe('grandstream camera sim, GSC36xx family', () => {
  it('step 1 answers the challenge XML of the manual', async () => {
    const { base } = await start();
    const r = await get(base, '/goform/login?cmd=login&type=0&user=admin');
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/<Configuration>/);
    expect(tag(r.text, 'ResCode')).toBe('0');
    expect(tag(r.text, 'ChallengeCode')).toMatch(/^\w+$/);
    expect(tag(r.text, 'LoginType')).toBe('0');
    expect(tag(r.text, 'RetMsg')).toBe('OK');
  });

  it('step 2 with md5(challenge:GSC36XXlZpRsFzCbM:password) sets a session cookie; a wrong password does not', async () => {
    const { base } = await start();
    const ok = await login(base);
    expect(tag(ok.answer.text, 'ResCode')).toBe('0');
    expect(ok.cookie).toMatch(/^session=[0-9a-f]+$/);
    const bad = await login(base, 'admin', 'nope');
    expect(bad.cookie).toBeUndefined();
    expect(tag(bad.answer.text, 'ResCode')).not.toBe('0');
  });

  it('a challenge is good for one answer', async () => {
    const { base } = await start();
    const url = '/goform/login?cmd=login&type=0&user=admin';
    const challenge = tag((await get(base, url)).text, 'ChallengeCode') ?? '';
    const authcode = md5(`${challenge}:GSC36XXlZpRsFzCbM:${PASSWORD}`);
    expect((await get(base, `${url}&authcode=${authcode}`)).cookies.length).toBeGreaterThan(0);
    expect((await get(base, `${url}&authcode=${authcode}`)).cookies.length).toBe(0);
  });

  it('everything else needs the session cookie: HTTP Basic alone gets 401', async () => {
    const { base } = await start();
    const basic = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
    expect((await get(base, '/snapshot/view0.jpg', undefined, { authorization: basic })).status).toBe(401);
    const { cookie } = await login(base);
    const shot = await fetch(`${base}/snapshot/view0.jpg`, { headers: { cookie: cookie ?? '' } });
    const bytes = new Uint8Array(await shot.arrayBuffer());
    expect(shot.status).toBe(200);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect((await fetch(`${base}/snapshot/view4.jpg`, { headers: { cookie: cookie ?? '' } })).status).toBe(200);
  });

  it('config get answers <Configuration> with P-values; set answers "Successful" and sticks', async () => {
    const { base } = await start();
    const { cookie } = await login(base);
    const video = await get(base, '/goform/config?cmd=get&type=video', cookie);
    expect(tag(video.text, 'ResCode')).toBe('0');
    expect(tag(video.text, 'P12904')).toBe('25');
    const set = await get(base, '/goform/config?cmd=set&P12904=15', cookie);
    expect(set.text).toMatch(/successful/i);
    expect(tag((await get(base, '/goform/config?cmd=get&type=video', cookie)).text, 'P12904')).toBe('15');
    const bad = await get(base, '/goform/config?cmd=set&P99999=1', cookie);
    expect(bad.text).not.toMatch(/successful/i);
    expect(tag((await get(base, '/goform/config?cmd=get&type=nosuch', cookie)).text, 'ResCode')).not.toBe('0');
  });

  it('the viewer may log in and see snapshots but not settings', async () => {
    const { base } = await start();
    const { cookie } = await login(base, 'guard', 'See!1');
    expect((await fetch(`${base}/snapshot/view0.jpg`, { headers: { cookie: cookie ?? '' } })).status).toBe(200);
    expect((await get(base, '/goform/config?cmd=get&type=video', cookie)).text).toMatch(/No Privilege/);
  });

  it('cmd=reboot reboots and ends the sessions', async () => {
    const { cam, base } = await start();
    const { cookie } = await login(base);
    expect(tag((await get(base, '/goform/config?cmd=reboot', cookie)).text, 'ResCode')).toBe('0');
    await new Promise((r) => setTimeout(r, 300));
    expect((cam.state() as { reboots: number }).reboots).toBe(1);
    expect((await get(base, '/goform/config?cmd=get&type=video', cookie)).status).toBe(401);
  });

  it('the GXV family (old firmware) answers /goform/login with a non-2xx', async () => {
    const { base } = await start({ family: 'gxv' });
    expect((await get(base, '/goform/login?cmd=login&type=0&user=admin')).status).toBeGreaterThanOrEqual(300);
  });
});

/**
 * Pieces of the SHA-256 and passcode phone families: login refusals, the role hash, config_get
 * shapes, the current-call control, and what every SHA-256 request carries (recorded by a fixture).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Line, LineState } from '../../../shared/domain';
import { DeviceRejectedError } from '../../../main/core/driver/errors';
import { CurrentCallControl, parseConfigs, readRefusal, roleOf, sha256Hex, Sha256PhoneDriver } from '../../../main/drivers/grandstream-phone';
import { json, send, startGsFixture, type GsFixture } from './grandstream-fixture';

const line = (n: number, state: LineState, remoteNumber = ''): Line => ({ line: n, state, remoteNumber, remoteName: '', account: 0 });

describe('sha256 login answers', () => {
  const err = (raw: Record<string, unknown>) => ({ kind: 'error' as const, code: undefined, message: String(raw.body), raw });

  it('reads wrongN, locked with lockTime, and "user is not allow"', () => {
    expect(readRefusal(err({ response: 'error', body: 'wrong3' }), '/cgi-bin/dologin')).toMatchObject({ reason: 'rejected', attemptsLeft: 3 });
    expect(readRefusal(err({ response: 'error', body: 'wrong' }), '/x')).toMatchObject({ reason: 'rejected', attemptsLeft: undefined });
    expect(readRefusal(err({ response: 'error', body: 'locked', lockTime: 5 }), '/x')).toMatchObject({ reason: 'locked', retryAfterMs: 300_000 });
    expect(readRefusal(err({ response: 'error', body: 'locked', lockTime: '2' }), '/x')).toMatchObject({ reason: 'locked', retryAfterMs: 120_000 });
    expect(readRefusal(err({ response: 'error', body: 'locked' }), '/x')).toMatchObject({ reason: 'locked', retryAfterMs: undefined });
    expect(readRefusal(err({ response: 'error', body: 'user is not allow' }), '/x')).toMatchObject({ reason: 'not-allowed' });
    expect(readRefusal({ kind: 'success', body: {}, raw: {} }, '/x')).toBeUndefined();
  });

  it('knows the role only by hashing the candidates', () => {
    const sid = 'a'.repeat(64);
    expect(roleOf(sha256Hex(`admin${sid}`), sid)).toBe('admin');
    expect(roleOf(sha256Hex(`user${sid}`).toUpperCase(), sid)).toBe('user');
    expect(roleOf(sha256Hex(`viewer${sid}`), sid)).toBeUndefined();
  });
});

describe('config_get shapes', () => {
  it('reads configs as a list at the top or in body, or as an object', () => {
    expect(parseConfigs({ configs: [{ pvalue: 'P3', value: 'A' }, { alias: '@x', value: 1 }] })).toEqual({ P3: 'A', '@x': '1' });
    expect(parseConfigs({ response: 'success', body: { configs: [{ pvalue: 'phone_model', value: 'GXP2170' }] } })).toEqual({ phone_model: 'GXP2170' });
    expect(parseConfigs({ configs: { P3: 'A', P35: 204 } })).toEqual({ P3: 'A', P35: '204' });
    expect(parseConfigs({ configs: [] })).toEqual({});
    expect(() => parseConfigs({ other: 1 })).toThrow(/configs/);
  });
});

describe('current-call control (no line parameter)', () => {
  function rig(states: LineState[], effect: (cmd: string, lines: Line[]) => void = () => undefined) {
    let lines = states.map((s, i) => line(i + 1, s, s === 'idle' ? '' : `10${i}`));
    const sent: string[] = [];
    const control = new CurrentCallControl(
      {
        device: 'Desk',
        endpoint: '/cgi-bin/api-phone_operation',
        readLines: () => Promise.resolve(lines),
        send: (cmd) => {
          sent.push(cmd);
          lines = lines.map((l) => ({ ...l }));
          effect(cmd, lines);
          return Promise.resolve({ handled: true, answer: '' });
        },
        sleep: () => Promise.resolve(),
      },
      [0, 0],
    );
    return { control, sent, lines: () => lines };
  }
  const code = async (p: Promise<void>): Promise<string | undefined> => {
    const e = await p.catch((x: unknown) => x);
    return e instanceof DeviceRejectedError ? e.code : e === undefined ? undefined : 'other';
  };

  it('sends each command once for the single call, and verifies the effect', async () => {
    const r = rig(['ringing', 'idle'], (cmd, ls) => {
      const l = ls[0];
      if (!l) return;
      if (cmd === 'acceptcall') l.state = 'connected';
      else if (cmd === 'holdcall') l.state = l.state === 'held' ? 'connected' : 'held';
      else if (cmd === 'endcall') l.state = 'idle';
    });
    await r.control.run('accept', 1);
    await r.control.run('hold', 1);
    await r.control.run('hold', 1);
    await r.control.run('resume', 1);
    await r.control.run('resume', 1);
    await r.control.run('end', 1);
    expect(r.sent).toEqual(['acceptcall', 'holdcall', 'holdcall', 'endcall']);
  });

  it('refuses without sending when another line could be the current call, when the state does not fit, or the line is missing', async () => {
    const r = rig(['ringing', 'ringing', 'connected']);
    expect(await code(r.control.run('accept', 1))).toBe('ambiguous-call');
    // resume on a connected line: already so, nothing to send
    expect(await code(r.control.run('resume', 3))).toBeUndefined();
    expect(r.sent).toEqual([]);
    const h = rig(['connected', 'held']);
    expect(await code(h.control.run('hold', 1))).toBe('ambiguous-call');
    expect(await code(h.control.run('accept', 1))).toBe('wrong-state');
    expect(await code(h.control.run('end', 9))).toBe('no-such-line');
    expect(h.sent).toEqual([]);
  });

  it('reports a command without effect', async () => {
    const r = rig(['connected']);
    expect(await code(r.control.run('end', 1))).toBe('no-effect');
    expect(r.sent).toEqual(['endcall']);
  });
});

let fx: GsFixture | undefined;
let driver: Sha256PhoneDriver | undefined;
afterEach(async () => {
  await driver?.close();
  await fx?.close();
  driver = undefined;
  fx = undefined;
});

describe('what every SHA-256 request carries', () => {
  it('browser headers on every request, a body with Content-Length on every POST, the sid as cookie (and query of config_get), access cookies forwarded to dologin', async () => {
    const sid = 'b'.repeat(64);
    fx = await startGsFixture((r, res) => {
      if (r.path === '/cgi-bin/access') return json(res, { response: 'success', body: 'NONCE' }, 200, { 'Set-Cookie': 'token=t1; Path=/' });
      if (r.path === '/cgi-bin/dologin') return json(res, { response: 'success', body: { sid, role: sha256Hex(`admin${sid}`), ver: '1.0.1', mac: '000B82112233' } });
      if (r.path === '/cgi-bin/config_get') return json(res, { configs: [{ pvalue: 'phone_model', value: 'GXP2135' }] });
      if (r.path === '/cgi-bin/api-get_line_status') return json(res, { response: 'success', body: [{ line: 1, state: 'idle' }] });
      return send(res, 404, 'nope');
    });
    driver = new Sha256PhoneDriver({ device: 'Desk', kind: 'grandstream-phone', url: fx.url, username: 'admin', password: 'pw', timeoutMs: 2000 });
    expect(await driver.probe()).toMatchObject({ model: 'GXP2135', firmware: '1.0.1', mac: '00:0B:82:11:22:33' });
    await driver.lines();
    const origin = new URL(fx.url).origin;
    for (const r of fx.requests) {
      expect(r.headers['x-requested-with']).toBe('XMLHttpRequest');
      expect(r.headers.origin).toBe(origin);
      expect(r.headers.referer).toBe(`${origin}/`);
      if (r.method === 'POST') expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
    }
    const login = fx.requests.find((r) => r.path === '/cgi-bin/dologin');
    expect(login?.headers.cookie).toContain('token=t1');
    const lines = fx.requests.find((r) => r.path === '/cgi-bin/api-get_line_status');
    expect(lines?.headers.cookie).toContain(`sid=${sid}`);
    const config = fx.requests.find((r) => r.path === '/cgi-bin/config_get');
    expect(config?.query.get('sid')).toBe(sid);
    expect(config?.query.get('pvalues')).toBe('phone_model,68');
  });
});

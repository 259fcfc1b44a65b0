import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecretKey, publicManifest, refuseControlRequest, sameToken } from '../../sim/lib/control-auth';
import { callControl, controlHeaders, controlRequest } from '../../sim/lib/control-client';
import type { Manifest } from '../../sim/lib/types';
import { DEFAULT_OFFICE_FILE, startOffice, type RunningOffice } from '../../sim/office';
import { rawRequest } from './office-helpers';

let office: RunningOffice;
let port: number;
beforeAll(async () => {
  office = await startOffice();
  port = Number(new URL(office.control).port);
});
afterAll(async () => {
  await office.close();
});

/** Every string under a secret-looking key of sim/office.json (device, viewer and privacy passwords, API secrets). */
function officeSecrets(): string[] {
  const out: string[] = [];
  const walk = (v: unknown, secretKey: boolean): void => {
    if (typeof v === 'string' && secretKey) out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, secretKey);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, secretKey || /pass|secret/i.test(k));
  };
  walk(JSON.parse(readFileSync(DEFAULT_OFFICE_FILE, 'utf8')) as unknown, false);
  return out;
}

type Lines = { state: { lines: { state: string }[] } };
const receptionIdle = async (): Promise<boolean> =>
  ((await callControl(office, 'GET', '/devices/phone-reception/state')) as Lines).state.lines.every((l) => l.state === 'idle');

describe('control API: token', () => {
  it('is random per run, long, and exposed as RunningOffice.controlToken', async () => {
    expect(office.controlToken).toMatch(/^[\w-]{40,}$/);
    const other = await startOffice({ office: { name: 'x', devices: [{ kind: 'grandstream-camera', id: 'c', name: 'C', model: 'GXV3504', password: 'p' }] } });
    try {
      expect(other.controlToken).not.toBe(office.controlToken);
      // one office's token does not open another office
      expect((await controlRequest({ control: other.control, controlToken: office.controlToken }, 'GET', '/devices')).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers 401 with a JSON error naming the header when the token is missing', async () => {
    for (const [method, path] of [['GET', '/manifest'], ['GET', '/devices'], ['POST', '/phones/phone-reception/ring'], ['DELETE', '/devices/kalliope/fault'], ['GET', '/nothing']] as const) {
      const r = await rawRequest(method, `${office.control}${path}`, { 'Content-Type': 'application/json' }, method === 'POST' ? '{"number":"201"}' : undefined);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect((JSON.parse(r.text) as { error: string }).error).toMatch(/Authorization: Bearer <token>.*controlToken/);
    }
    expect(await receptionIdle()).toBe(true);
  });

  it('answers 401 for a wrong token, a token of another length, and a non-Bearer scheme', async () => {
    const wrong = office.controlToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    for (const auth of [`Bearer ${wrong}`, `Bearer ${office.controlToken}x`, 'Bearer ', `Basic ${office.controlToken}`, office.controlToken]) {
      const r = await rawRequest('GET', `${office.control}/manifest`, { Authorization: auth });
      expect(r.status, auth.slice(0, 8)).toBe(401);
      expect(r.text).not.toContain(office.controlToken);
    }
    const w = await rawRequest('POST', `${office.control}/phones/phone-reception/ring`, { Authorization: `Bearer ${wrong}`, 'Content-Type': 'application/json' }, '{"number":"201"}');
    expect(JSON.parse(w.text)).toEqual({ error: expect.stringMatching(/token is wrong/) as unknown });
    expect(await receptionIdle()).toBe(true);
  });

  it('accepts the right token (also via the shared helpers)', async () => {
    expect((await rawRequest('GET', `${office.control}/devices`, controlHeaders(office.controlToken))).status).toBe(200);
    expect((await controlRequest(office, 'GET', '/devices')).status).toBe(200);
    await expect(callControl(office, 'GET', '/devices/ghost/state')).rejects.toThrow('control GET /devices/ghost/state: HTTP 404: unknown device "ghost"');
  });
});

describe('control API: Host and Origin', () => {
  it('answers 421 to a forged Host (DNS rebinding), even with the right token', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.2:${port}`, `localhost.evil.example:${port}`]) {
      const r = await rawRequest('GET', `${office.control}/manifest`, { Host: host, ...controlHeaders(office.controlToken) });
      expect(r.status, host).toBe(421);
      const error = (JSON.parse(r.text) as { error: string }).error;
      expect(error).toContain(`127.0.0.1:${port} or localhost:${port}`);
      for (const secret of officeSecrets()) expect(r.text).not.toContain(secret);
    }
  });

  it('accepts Host 127.0.0.1:PORT and localhost:PORT', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawRequest('GET', `${office.control}/devices`, { Host: host, ...controlHeaders(office.controlToken) })).status, host).toBe(200);
    }
  });

  it('answers 403 to a text/plain POST from a foreign origin, and the phone does not ring', async () => {
    const ring = `${office.control}/phones/phone-reception/ring`;
    const body = '{"number":"+39 02 0000 0000","name":"Fake caller"}';
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `http://evil.example:${port}`]) {
      // as a browser would send it (no token) and as if the page had stolen the token
      for (const auth of [{}, controlHeaders(office.controlToken)]) {
        const r = await rawRequest('POST', ring, { Origin: origin, 'Content-Type': 'text/plain', ...auth }, body);
        expect(r.status, origin).toBe(403);
        expect((JSON.parse(r.text) as { error: string }).error).toContain(`("${origin}")`);
        expect(r.text).not.toContain('Access-Control');
      }
    }
    expect(await receptionIdle()).toBe(true);
  });

  it('accepts its own origin or none', async () => {
    const own = await rawRequest('GET', `${office.control}/devices`, { Origin: `http://127.0.0.1:${port}`, ...controlHeaders(office.controlToken) });
    expect(own.status).toBe(200);
  });
});

describe('control API: GET /manifest serves no secret', () => {
  it('has no password of sim/office.json anywhere, but every device with its URL and user', async () => {
    const secrets = officeSecrets();
    expect(secrets).toEqual(expect.arrayContaining(['Recept!2024', 'Vedo!Ingresso', 'Kpbx!Milano24', '8c1f4e2a9b7d6035']));
    const r = await controlRequest(office, 'GET', '/manifest');
    expect(r.status).toBe(200);
    for (const secret of [...secrets, office.manifest.devices.find((d) => d.kind === 'kalliope')?.['privacyPassword']]) {
      expect(typeof secret).toBe('string');
      expect(r.text).not.toContain(secret);
    }
    expect(r.text).not.toMatch(/password|secret|token/i);
    const m = r.json as Manifest;
    expect(m.devices.map((d) => d.id)).toEqual(office.manifest.devices.map((d) => d.id));
    for (const d of m.devices) expect(d).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown, username: expect.any(String) as unknown });
    // the in-process manifest keeps them: the app configures the demo devices from memory
    expect(office.manifest.devices.find((d) => d.id === 'phone-reception')?.password).toBe('Recept!2024');
  });
});

describe('publicManifest and the guard (unit)', () => {
  const m: Manifest = {
    control: 'http://127.0.0.1:1',
    devices: [
      { id: 'p', kind: 'grandstream-phone', name: 'P', url: 'http://127.0.0.1:2', username: 'admin', password: 'admin', extension: '200' },
      { id: 'c', kind: 'grandstream-camera', name: 'C', url: 'http://127.0.0.1:3', username: 'cam', password: 'pw', viewer: { username: 'reception', password: 'Vedo' } },
      { id: 'k', kind: 'kalliope', name: 'K', url: 'http://127.0.0.1:4', username: 'admin', password: 'k', privacyPassword: 'privacy', apiKey: 'ak', passwordHash: 'h' },
    ],
  };

  it('strips secrets by field name, nested too, and any field that holds a secret value', () => {
    const p = publicManifest(m);
    // a user name that equals a password would give the password away: it goes too
    expect(p.devices[0]).toEqual({ id: 'p', kind: 'grandstream-phone', name: 'P', url: 'http://127.0.0.1:2', extension: '200' });
    expect(p.devices[1]).toEqual({ id: 'c', kind: 'grandstream-camera', name: 'C', url: 'http://127.0.0.1:3', username: 'cam', viewer: { username: 'reception' } });
    expect(p.devices[2]).toEqual({ id: 'k', kind: 'kalliope', name: 'K', url: 'http://127.0.0.1:4' });
    expect(m.devices[0]?.password).toBe('admin'); // the input is not changed
  });

  it('names secret fields without catching ordinary ones', () => {
    for (const k of ['password', 'privacyPassword', 'secret', 'Secretkey', 'token', 'apiKey', 'pass', 'pin']) expect(isSecretKey(k), k).toBe(true);
    for (const k of ['username', 'bypass', 'passive', 'compass', 'url', 'extension', 'spinner', 'keyboard']) expect(isSecretKey(k), k).toBe(false);
  });

  it('compares tokens of any length without throwing', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'abc')).toBe(false);
  });

  it('refuses a missing Host', () => {
    expect(refuseControlRequest({ authorization: 'Bearer x' }, 1, 'x')?.status).toBe(421);
  });
});

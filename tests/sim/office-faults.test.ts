/**
 * The fault kinds the office-wide fault matrix added (issue 10): huge-body, lockout, bad-snapshot,
 * and the per-device request counter of the control API.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDriverError } from '../../main/core/driver/errors';
import { createDriver } from '../../main/drivers';
import { callControl, controlRequest } from '../../sim/lib/control-client';
import { HUGE_BODY_BYTES } from '../../sim/lib/server';
import type { ManifestDevice } from '../../sim/lib/types';
import { startOffice, type RunningOffice } from '../../sim/office';

let office: RunningOffice;
beforeAll(async () => {
  office = await startOffice({
    office: {
      name: 'faults',
      devices: [
        { kind: 'grandstream-phone', id: 'gxv', name: 'GXV phone', password: 'Gxv!pw1' },
        { kind: 'grandstream-phone', id: 'sha', name: 'SHA phone', model: 'GXP2170', family: 'sha256', password: 'Sha!pw1' },
        { kind: 'grandstream-phone', id: 'pc', name: 'Passcode phone', model: 'GRP2614', family: 'passcode', password: 'Pc!pw1' },
        { kind: 'grandstream-camera', id: 'cam', name: 'GXV camera', model: 'GXV3610_HD', password: 'Cam!pw1' },
        { kind: 'grandstream-camera', id: 'gsc', name: 'GSC camera', model: 'GSC3610', family: 'gsc36xx', password: 'Gsc!pw1' },
      ],
    },
  });
});
afterAll(async () => {
  await office?.close();
});

const entry = (id: string): ManifestDevice => office.manifest.devices.find((d) => d.id === id) ?? (() => { throw new Error(`no ${id}`); })();
const requests = async (id: string): Promise<number> => ((await callControl(office, 'GET', `/devices/${id}/state`)) as { requests: number }).requests;
const driverOf = (id: string) => {
  const d = entry(id);
  return createDriver({ device: d.name, kind: d.kind, url: d.url, username: d.username, password: d.password, timeoutMs: 3000 });
};
async function errorKind(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'none';
  } catch (e) {
    return isDriverError(e) ? e.kind : `untyped: ${String(e)}`;
  }
}

describe('control API: request counter', () => {
  it('counts every request a device port receives, faulted ones included', async () => {
    const before = await requests('cam');
    const list = (await callControl(office, 'GET', '/devices')) as { id: string; requests: number }[];
    expect(list.every((d) => Number.isInteger(d.requests))).toBe(true);
    const cam = driverOf('cam');
    try {
      await cam.probe();
      const afterProbe = await requests('cam');
      expect(afterProbe).toBeGreaterThan(before);
      await callControl(office, 'POST', '/devices/cam/fault', { kind: 'error500' });
      expect(await errorKind(cam.probe())).not.toBe('none');
      expect(await requests('cam')).toBeGreaterThan(afterProbe);
    } finally {
      await callControl(office, 'DELETE', '/devices/cam/fault');
      await cam.close();
    }
  });
});

describe('huge-body', () => {
  it('streams 50 MiB without a Content-Length, and stops when the client hangs up', async () => {
    await callControl(office, 'POST', '/devices/cam/fault', { kind: 'huge-body' });
    const gate = office.device('cam')?.gate;
    if (!gate) throw new Error('no gate');
    const start = gate.hugeBodyBytesWritten;
    try {
      const got = await new Promise<{ status: number; length: string | undefined; read: number }>((resolve, reject) => {
        const req = request(`${entry('cam').url}/goform/system?cmd=get`, { agent: false }, (res) => {
          let read = 0;
          res.on('data', (c: Buffer) => {
            read += c.length;
            if (read >= 1024 * 1024) {
              res.destroy();
              resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], read });
            }
          });
          res.on('error', () => undefined);
        });
        req.on('error', reject);
        req.end();
      });
      expect(got.status).toBe(200);
      expect(got.length).toBeUndefined();
      await new Promise((r) => setTimeout(r, 200));
      const written = gate.hugeBodyBytesWritten - start;
      expect(written).toBeGreaterThanOrEqual(1024 * 1024);
      expect(written).toBeLessThan(HUGE_BODY_BYTES / 2);
      // the driver stops at its own size cap with a typed error
      const cam = driverOf('cam');
      try {
        expect(await errorKind(cam.probe())).toBe('protocol');
      } finally {
        await cam.close();
      }
    } finally {
      await callControl(office, 'DELETE', '/devices/cam/fault');
    }
  });
});

describe('lockout', () => {
  it('locks the login of a challenge-login phone for `ms`, then lets it in again', async () => {
    const phone = driverOf('gxv');
    try {
      await phone.probe();
      await callControl(office, 'POST', '/devices/gxv/fault', { kind: 'lockout', ms: 1500 });
      const err = await phone.lines?.().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isDriverError(err) ? err.kind : err).toBe('locked-out');
      expect((err as { retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(0);
      expect((err as { retryAfterMs?: number }).retryAfterMs).toBeLessThanOrEqual(2000);
      expect(String((err as Error).message)).toContain('GXV phone');
      await new Promise((r) => setTimeout(r, 2100));
      await callControl(office, 'DELETE', '/devices/gxv/fault');
      expect(Array.isArray(await phone.lines?.())).toBe(true);
    } finally {
      await callControl(office, 'DELETE', '/devices/gxv/fault');
      await phone.close();
    }
  });

  it('locks the SHA-256 phone until cleared; does not apply to the passcode family or to cameras', async () => {
    const phone = driverOf('sha');
    try {
      await phone.probe();
      await callControl(office, 'POST', '/devices/sha/fault', { kind: 'lockout' });
      expect(await errorKind(phone.lines?.() ?? Promise.resolve())).toBe('locked-out');
      await callControl(office, 'DELETE', '/devices/sha/fault');
      const fresh = driverOf('sha');
      try {
        expect(await errorKind(fresh.probe())).toBe('none');
      } finally {
        await fresh.close();
      }
    } finally {
      await phone.close();
    }
    for (const id of ['pc', 'cam', 'gsc']) {
      const r = await controlRequest(office, 'POST', `/devices/${id}/fault`, { kind: 'lockout' });
      expect(r.status, id).toBe(400);
    }
  });
});

describe('bad-snapshot', () => {
  it('answers 200 image/jpeg that is not a JPEG on both camera families; the driver refuses it; clearing restores JPEGs', async () => {
    for (const id of ['cam', 'gsc']) {
      const cam = driverOf(id);
      try {
        const good = await cam.snapshot?.('primary');
        expect(good?.bytes[0]).toBe(0xff);
        await callControl(office, 'POST', `/devices/${id}/fault`, { kind: 'bad-snapshot' });
        expect(await errorKind(cam.snapshot?.('primary') ?? Promise.resolve()), id).toBe('protocol');
        await callControl(office, 'DELETE', `/devices/${id}/fault`);
        const again = await cam.snapshot?.('primary');
        expect(again?.bytes[1]).toBe(0xd8);
      } finally {
        await callControl(office, 'DELETE', `/devices/${id}/fault`);
        await cam.close();
      }
    }
    for (const id of ['gxv', 'pc']) expect((await controlRequest(office, 'POST', `/devices/${id}/fault`, { kind: 'bad-snapshot' })).status, id).toBe(400);
  });
});

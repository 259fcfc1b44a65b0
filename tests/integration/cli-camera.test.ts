/**
 * The real `frontdesk` CLI against the simulated office's Grandstream cameras.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOffice, type RunningOffice } from '../../sim/office';
import { callControl } from '../../sim/lib/control-client';
import { conn, control, deviceOf, failJson, okJson, secretsOf } from './cli-helpers';

let office: RunningOffice;
let dir: string;

beforeAll(async () => {
  office = await startOffice();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-cli-camera-'));
});

afterAll(async () => {
  await office?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function expectJpeg(path: string, reportedBytes: unknown): void {
  const buf = readFileSync(path);
  expect(statSync(path).size).toBe(reportedBytes);
  expect([...buf.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  expect([...buf.subarray(-2)]).toEqual([0xff, 0xd9]);
  const img = jpeg.decode(buf, { useTArray: true });
  expect(img.width).toBeGreaterThan(0);
  expect(img.height).toBeGreaterThan(0);
}

describe('frontdesk CLI: grandstream-camera', () => {
  it('probes both cameras and saves JPEG snapshots, also through a URL ending in /goform', async () => {
    const entrance = deviceOf(office, 'cam-entrance');
    const parking = deviceOf(office, 'cam-parking');
    const outA = join(dir, 'entrance.jpg');
    const outB = join(dir, 'parking.jpg');
    const [probeA, probeB, shotA, shotB] = await Promise.all([
      okJson(['probe', ...conn(entrance)], secretsOf(entrance)),
      okJson(['probe', ...conn(parking, { url: `${parking.url}/goform` })], secretsOf(parking)),
      okJson(['snapshot', '--out', outA, ...conn(entrance)], secretsOf(entrance)),
      okJson(['snapshot', '--out', outB, ...conn(parking, { url: `${parking.url}/goform/` })], secretsOf(parking)),
    ]);

    expect(probeA).toMatchObject({ kind: 'grandstream-camera', model: 'GXV3610_HD' });
    expect((probeA as { capabilities: string[] }).capabilities).toContain('snapshot');
    expect(Object.keys(probeA as object).every((k) => ['kind', 'model', 'firmware', 'mac', 'capabilities', 'family', 'generation'].includes(k))).toBe(true);
    expect(probeA).toMatchObject({ family: 'gxv-basic' });
    expect(probeB).toMatchObject({ kind: 'grandstream-camera', model: 'GXV3504' });

    for (const [shot, out] of [
      [shotA, outA],
      [shotB, outB],
    ] as const) {
      expect(shot).toEqual({ ok: true, out, bytes: expect.any(Number) as unknown, contentType: 'image/jpeg' });
      expectJpeg(out, (shot as { bytes: number }).bytes);
    }
  });

  it('refuses phone commands, naming the kind and its commands; exits 3 on a wrong password; 2 when --out cannot be written', async () => {
    const cam = deviceOf(office, 'cam-entrance');
    const [lines, auth, unwritable] = await Promise.all([
      failJson(['lines', ...conn(cam)], secretsOf(cam), 2),
      failJson(['snapshot', '--out', join(dir, 'denied.jpg'), ...conn(cam, { password: 'NotTheCam!' })], [...secretsOf(cam), 'NotTheCam!'], 3),
      failJson(['snapshot', '--out', join(dir, 'no-such-dir', 'x.jpg'), ...conn(cam)], secretsOf(cam), 2),
    ]);
    expect(lines.error).toEqual({ kind: 'usage', message: '"lines" is not supported by grandstream-camera devices; supported commands for grandstream-camera: probe, snapshot, motion, reboot' });
    expect(auth.error.kind).toBe('auth');
    expect(auth.error.endpoint).toMatch(/^\/(goform|snapshot)\//);
    expect(() => statSync(join(dir, 'denied.jpg'))).toThrow();
    expect(unwritable.error.kind).toBe('usage');
    expect(unwritable.error.message).toMatch(/cannot write --out .*x\.jpg: ENOENT/);
  });

  it('exits 4 when the camera is offline and 5 when it answers garbage', async () => {
    const cam = deviceOf(office, 'cam-parking');
    try {
      await control(office, 'POST', '/devices/cam-parking/fault', { kind: 'offline' });
      const offline = await failJson(['snapshot', '--out', join(dir, 'offline.jpg'), ...conn(cam)], secretsOf(cam), 4);
      expect(offline.error.kind).toBe('unreachable');
      await control(office, 'POST', '/devices/cam-parking/fault', { kind: 'malformed' });
      const malformed = await failJson(['probe', ...conn(cam)], secretsOf(cam), 5);
      expect(malformed.error.kind).toBe('protocol');
    } finally {
      await control(office, 'DELETE', '/devices/cam-parking/fault');
    }
  });
});

describe('frontdesk CLI: camera motion', () => {
  it('prints {"motion","alarmInputs"} and follows the simulated motion and alarm inputs (one and four channels)', async () => {
    const entrance = deviceOf(office, 'cam-entrance');
    const parking = deviceOf(office, 'cam-parking');
    try {
      await control(office, 'POST', '/cameras/cam-entrance/motion', { active: true });
      await control(office, 'POST', '/cameras/cam-parking/alarm-input', { index: 2, alarming: true });
      const [a, b] = await Promise.all([okJson(['motion', ...conn(entrance)], secretsOf(entrance)), okJson(['motion', ...conn(parking)], secretsOf(parking))]);
      expect(a).toEqual({ motion: true, alarmInputs: [false] });
      expect(b).toEqual({ motion: false, alarmInputs: [false, false, true, false] });
    } finally {
      await control(office, 'POST', '/cameras/cam-entrance/motion', { active: false });
      await control(office, 'POST', '/cameras/cam-parking/alarm-input', { index: 2, alarming: false });
    }
  });

  it('prints null for an empty or unknown alarm input and keeps the motion flag, under either status request form', async () => {
    const base = { kind: 'grandstream-camera', model: 'GXV3610_HD', password: 'Cam!pw' } as const;
    const variants = await startOffice({
      office: {
        name: 'Camera variants',
        devices: [
          { ...base, id: 'cam-empty', name: 'Empty input', alarmInputStatus: 'empty', motionStatusForm: 'param' },
          { ...base, id: 'cam-unknown', name: 'Unknown input', alarmInputStatus: 'unknown' },
        ],
      },
    });
    try {
      await callControl(variants, 'POST', '/cameras/cam-empty/motion', { active: true });
      const [empty, unknown] = await Promise.all(
        ['cam-empty', 'cam-unknown'].map((id) => {
          const d = deviceOf(variants, id);
          return okJson(['motion', ...conn(d)], secretsOf(d));
        }),
      );
      expect(empty).toEqual({ motion: true, alarmInputs: [null] });
      expect(unknown).toEqual({ motion: false, alarmInputs: [null] });
    } finally {
      await variants.close();
    }
  });

  it('refuses motion for a phone, naming the kind', async () => {
    const phone = deviceOf(office, 'phone-reception');
    const r = await failJson(['motion', ...conn(phone)], secretsOf(phone), 2);
    expect(r.error.message).toMatch(/^"motion" is not supported by grandstream-phone devices; supported commands for grandstream-phone: /);
  });
});

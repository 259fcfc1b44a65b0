import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOffice, type OfficeConfig, type RunningOffice } from '../../sim/office';
import { controlHeaders } from '../../sim/lib/control-client';
import { http as plainHttp, nethvoiceHeaders, rawGet, type JsonReply } from './office-helpers';

const OFFICE: OfficeConfig = {
  name: 'Ufficio di prova',
  devices: [
    { kind: 'grandstream-phone', id: 'reception', name: 'Reception', password: 'pw200', extension: '300', answerDelayMs: null },
    { kind: 'grandstream-phone', id: 'desk', name: 'Desk', password: 'pw301', extension: '301', lineCount: 2 },
    { kind: 'grandstream-camera', id: 'cam', name: 'Ingresso', model: 'GXV3610_HD', password: 'campw' },
    {
      kind: 'nethvoice',
      id: 'nv',
      name: 'NethVoice',
      password: 'nvpass',
      secret: 'nvsecret',
      users: [
        { username: 'rec', name: 'Reception Bolzano', extension: '300', voicemail: true },
        { username: 'desk', name: 'Zoë Müller', extension: '301' },
      ],
    },
  ],
};

let office: RunningOffice;
let ctl: string;
beforeAll(async () => {
  office = await startOffice({ office: OFFICE });
  ctl = office.control;
});
afterAll(async () => {
  await office.close();
});

/** An authorised control request (every control route needs the run's bearer token). */
function http(method: string, url: string, body?: unknown, token = office.controlToken): Promise<JsonReply> {
  return plainHttp(method, url, body, controlHeaders(token));
}

function url(id: string): string {
  const d = office.manifest.devices.find((x) => x.id === id);
  if (!d) throw new Error(`no ${id}`);
  return d.url;
}

describe('control API: manifest and state', () => {
  it('GET /manifest describes every device with its root URL and user, but no secret', async () => {
    const r = await http('GET', `${ctl}/manifest`);
    expect(r.status).toBe(200);
    const m = r.json as { control: string; devices: Record<string, unknown>[] };
    expect(m.control).toBe(ctl);
    expect(m.devices.map((d) => d['id'])).toEqual(['reception', 'desk', 'cam', 'nv']);
    for (const d of m.devices) {
      expect(d['url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(d['username']).toBe('admin');
      expect(d).not.toHaveProperty('password');
    }
    expect(m.devices[0]).toMatchObject({ kind: 'grandstream-phone', extension: '300', username: 'admin' });
    expect(m.devices[3]).not.toHaveProperty('secret');
    for (const secret of ['pw200', 'pw301', 'campw', 'nvpass', 'nvsecret']) expect(r.text).not.toContain(secret);
    // the in-process manifest keeps the credentials: the app configures the demo devices from it
    expect(office.manifest.devices[0]).toMatchObject({ kind: 'grandstream-phone', extension: '300', username: 'admin', password: 'pw200' });
    expect(office.manifest.devices[2]).toMatchObject({ kind: 'grandstream-camera', username: 'admin', password: 'campw' });
    expect(office.manifest.devices[3]).toMatchObject({ kind: 'nethvoice', username: 'admin', password: 'nvpass', secret: 'nvsecret' });
    expect(office.device('nv')?.url).toBe(url('nv'));
    expect(office.device('nope')).toBeUndefined();
  });

  it('GET /devices/{id}/state wraps the simulator state; unknown ids are 404', async () => {
    const r = await http('GET', `${ctl}/devices/nv/state`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: 'nv', kind: 'nethvoice', fault: null, offline: false, state: { kind: 'nethvoice' } });
    const u = await http('GET', `${ctl}/devices/ghost/state`);
    expect(u.status).toBe(404);
    expect(u.json).toEqual({ error: 'unknown device "ghost"' });
  });

  it('unknown routes are 404 and wrong methods 405, both as JSON errors', async () => {
    const r = await http('GET', `${ctl}/nothing/here`);
    expect(r.status).toBe(404);
    expect(typeof (r.json as { error: unknown }).error).toBe('string');
    const m = await http('GET', `${ctl}/phones/reception/ring`);
    expect(m.status).toBe(405);
    expect(typeof (m.json as { error: unknown }).error).toBe('string');
  });
});

describe('control API: phones', () => {
  it('rings a phone and hangs up remotely', async () => {
    const r = await http('POST', `${ctl}/phones/reception/ring`, { number: '+39 335 612 4480', name: 'Niccolò Bàrberi' });
    expect(r.status).toBe(200);
    const { line } = r.json as { line: number };
    expect(line).toBe(1);
    const st = (await http('GET', `${ctl}/devices/reception/state`)).json as { state: { lines: { line: number; state: string; remoteName: string }[] } };
    expect(st.state.lines[0]).toMatchObject({ line: 1, state: 'ringing', remoteName: 'Niccolò Bàrberi' });
    expect((await http('POST', `${ctl}/phones/reception/remote-hangup`, { line })).json).toEqual({ ok: true });
    const again = await http('POST', `${ctl}/phones/reception/remote-hangup`, { line });
    expect(again.status).toBe(409);
  });

  it('answers 409 when every line is taken', async () => {
    expect((await http('POST', `${ctl}/phones/desk/ring`, { number: '201' })).json).toEqual({ line: 1 });
    expect((await http('POST', `${ctl}/phones/desk/ring`, { number: '202' })).json).toEqual({ line: 2 });
    const full = await http('POST', `${ctl}/phones/desk/ring`, { number: '203' });
    expect(full.status).toBe(409);
    await http('POST', `${ctl}/phones/desk/remote-hangup`, { line: 1 });
    await http('POST', `${ctl}/phones/desk/remote-hangup`, { line: '2' });
  });

  it('rejects bad bodies, unknown phones and non-phones', async () => {
    expect((await http('POST', `${ctl}/phones/reception/ring`, '{"number":')).json).toEqual({ error: 'request body is not valid JSON' });
    expect((await http('POST', `${ctl}/phones/reception/ring`, '[1,2]')).status).toBe(400);
    expect((await http('POST', `${ctl}/phones/reception/ring`, {})).status).toBe(400);
    expect((await http('POST', `${ctl}/phones/reception/ring`, { number: '1', name: 5 })).status).toBe(400);
    expect((await http('POST', `${ctl}/phones/reception/remote-hangup`, { line: 0 })).status).toBe(400);
    expect((await http('POST', `${ctl}/phones/ghost/ring`, { number: '1' })).status).toBe(404);
    const nv = await http('POST', `${ctl}/phones/nv/ring`, { number: '1' });
    expect(nv.status).toBe(400);
    expect(nv.json).toEqual({ error: 'device "nv" is a nethvoice, not a phone' });
    expect((await http('POST', `${ctl}/cameras/reception/motion`, { active: true })).status).toBe(400);
    expect((await http('POST', `${ctl}/cameras/ghost/motion`, { active: true })).status).toBe(404);
  });
});

describe('control API: cameras', () => {
  type CamState = { state: { channelStates: { motion: boolean; alarmIn: { alarming: boolean } }[] } };
  it('switches motion on and off', async () => {
    expect((await http('POST', `${ctl}/cameras/cam/motion`, { active: true })).json).toEqual({ ok: true });
    let st = (await http('GET', `${ctl}/devices/cam/state`)).json as CamState;
    expect(st.state.channelStates[0]?.motion).toBe(true);
    await http('POST', `${ctl}/cameras/cam/motion`, { active: false });
    st = (await http('GET', `${ctl}/devices/cam/state`)).json as CamState;
    expect(st.state.channelStates[0]?.motion).toBe(false);
  });

  it('sets an alarm input; rejects a bad flag, a missing channel and non-cameras', async () => {
    expect((await http('POST', `${ctl}/cameras/cam/alarm-input`, { index: 0, alarming: true })).json).toEqual({ ok: true });
    const st = (await http('GET', `${ctl}/devices/cam/state`)).json as CamState;
    expect(st.state.channelStates[0]?.alarmIn.alarming).toBe(true);
    await http('POST', `${ctl}/cameras/cam/alarm-input`, { index: 0, alarming: false });
    expect((await http('POST', `${ctl}/cameras/cam/motion`, { active: 'yes' })).status).toBe(400);
    expect((await http('POST', `${ctl}/cameras/cam/alarm-input`, { index: 3, alarming: true })).status).toBe(400);
    expect((await http('POST', `${ctl}/cameras/nv/motion`, { active: true })).json).toEqual({ error: 'device "nv" is a nethvoice, not a camera' });
  });

  it('auth-expired applies to a camera (401 until cleared)', async () => {
    const auth = { Authorization: `Basic ${Buffer.from('admin:campw').toString('base64')}` };
    const path = `${url('cam')}/goform/systeminfo?cmd=get`;
    expect(await rawGet(path, auth)).toBe(200);
    expect((await http('POST', `${ctl}/devices/cam/fault`, { kind: 'auth-expired' })).status).toBe(200);
    expect(await rawGet(path, auth)).toBe(401);
    await http('DELETE', `${ctl}/devices/cam/fault`);
    expect(await rawGet(path, auth)).toBe(200);
    expect((await http('POST', `${ctl}/devices/cam/fault`, { kind: 'license-expired' })).status).toBe(400);
  });

  it('offline refuses camera connections and recovers', async () => {
    const path = `${url('cam')}/snapshot/view0.jpg`;
    await http('POST', `${ctl}/devices/cam/fault`, { kind: 'offline' });
    expect(await rawGet(path)).toBe('ECONNREFUSED');
    await http('DELETE', `${ctl}/devices/cam/fault`);
    expect(await rawGet(path, { Authorization: `Basic ${Buffer.from('admin:campw').toString('base64')}` })).toBe(200);
  });
});

describe('control API: voicemail', () => {
  it('leaves a message with the PBX that owns the mailbox', async () => {
    const r = await http('POST', `${ctl}/voicemail/300/leave`, { urgent: true });
    expect(r.json).toEqual({ ok: true, device: 'nv' });
    await http('POST', `${ctl}/voicemail/300/leave`);
    const st = (await http('GET', `${ctl}/devices/nv/state`)).json as { state: { mailboxes: Record<string, unknown> } };
    expect(st.state.mailboxes['300']).toEqual({ new: 2, old: 0, urgent: 1 });
  });

  it('404 for a mailbox nobody owns (301 has no voicemail), 400 for a bad urgent flag', async () => {
    expect((await http('POST', `${ctl}/voicemail/301/leave`, {})).status).toBe(404);
    expect((await http('POST', `${ctl}/voicemail/999/leave`, {})).status).toBe(404);
    expect((await http('POST', `${ctl}/voicemail/300/leave`, { urgent: 'yes' })).status).toBe(400);
  });
});

describe('control API: faults', () => {
  it('offline refuses connections on the device port, and it comes back on the same port', async () => {
    const root = url('desk');
    expect(await rawGet(`${root}/cgi-bin/loginrealm`)).toBe(200);
    expect((await http('POST', `${ctl}/devices/desk/fault`, { kind: 'offline' })).json).toEqual({ ok: true, fault: { kind: 'offline' } });
    expect(await rawGet(`${root}/cgi-bin/loginrealm`)).toBe('ECONNREFUSED');
    const st = (await http('GET', `${ctl}/devices/desk/state`)).json as { offline: boolean };
    expect(st.offline).toBe(true);
    expect((await http('DELETE', `${ctl}/devices/desk/fault`)).json).toEqual({ ok: true });
    expect(await rawGet(`${root}/cgi-bin/loginrealm`)).toBe(200);
  });

  it('replacing offline with another fault re-listens first', async () => {
    const root = url('nv');
    await http('POST', `${ctl}/devices/nv/fault`, { kind: 'offline' });
    expect(await rawGet(`${root}/freepbx/rest/login`)).toBe('ECONNREFUSED');
    await http('POST', `${ctl}/devices/nv/fault`, { kind: 'error500' });
    expect(await rawGet(`${root}/freepbx/rest/login`)).toBe(500);
    await http('DELETE', `${ctl}/devices/nv/fault`);
    expect(await rawGet(`${root}/freepbx/rest/login`, nethvoiceHeaders('admin', 'nvpass', 'nvsecret'))).toBe(200);
  });

  it('reset drops the connection; slow still answers', async () => {
    const root = url('desk');
    await http('POST', `${ctl}/devices/desk/fault`, { kind: 'reset' });
    expect(await rawGet(`${root}/cgi-bin/loginrealm`)).toBe('ECONNRESET');
    await http('POST', `${ctl}/devices/desk/fault`, { kind: 'slow', ms: 50 });
    expect(await rawGet(`${root}/cgi-bin/loginrealm`)).toBe(200);
    await http('DELETE', `${ctl}/devices/desk/fault`);
  });

  it('device-specific faults: auth-expired on NethVoice until cleared; license-expired does not apply', async () => {
    const h = nethvoiceHeaders('admin', 'nvpass', 'nvsecret');
    expect((await http('POST', `${ctl}/devices/nv/fault`, { kind: 'auth-expired' })).status).toBe(200);
    expect(await rawGet(`${url('nv')}/freepbx/rest/login`, h)).toBe(403);
    const st = (await http('GET', `${ctl}/devices/nv/state`)).json as { deviceFault: unknown };
    expect(st.deviceFault).toEqual({ kind: 'auth-expired' });
    await http('DELETE', `${ctl}/devices/nv/fault`);
    expect(await rawGet(`${url('nv')}/freepbx/rest/login`, h)).toBe(200);
    const lic = await http('POST', `${ctl}/devices/nv/fault`, { kind: 'license-expired' });
    expect(lic.status).toBe(400);
    expect((lic.json as { error: string }).error).toMatch(/does not apply/);
    expect((await http('POST', `${ctl}/devices/reception/fault`, { kind: 'license-expired' })).status).toBe(400);
  });

  it('validates the fault body and the device id', async () => {
    expect((await http('POST', `${ctl}/devices/nv/fault`, { kind: 'meltdown' })).status).toBe(400);
    expect((await http('POST', `${ctl}/devices/nv/fault`, {})).status).toBe(400);
    expect((await http('POST', `${ctl}/devices/nv/fault`, { kind: 'slow', ms: -1 })).status).toBe(400);
    expect((await http('POST', `${ctl}/devices/nv/fault`, { kind: 'slow', ms: '10' })).status).toBe(400);
    expect((await http('POST', `${ctl}/devices/ghost/fault`, { kind: 'offline' })).status).toBe(404);
    expect((await http('DELETE', `${ctl}/devices/ghost/fault`)).status).toBe(404);
    expect((await http('GET', `${ctl}/devices/nv/state`)).json).toMatchObject({ fault: null, offline: false });
  });
});

describe('office lifecycle', () => {
  it('closes cleanly while a device is offline, and close() is idempotent', async () => {
    const small = await startOffice({ office: { name: 'mini', devices: [{ kind: 'grandstream-camera', id: 'c', name: 'C', model: 'GXV3504', password: 'p' }] } });
    const camUrl = small.manifest.devices[0]?.url ?? '';
    expect(small.manifest.devices[0]).toMatchObject({ ptz: true });
    await http('POST', `${small.control}/devices/c/fault`, { kind: 'offline' }, small.controlToken);
    await small.close();
    await small.close();
    expect(await rawGet(`${camUrl}/`)).toBe('ECONNREFUSED');
    expect(await rawGet(`${small.control}/manifest`)).toBe('ECONNREFUSED');
  });

  it('refuses a device port that is already taken, naming the device', async () => {
    const taken = Number(new URL(url('nv')).port);
    await expect(
      startOffice({ office: { name: 'clash', devices: [{ kind: 'grandstream-phone', id: 'clash-phone', name: 'X', password: 'p', port: taken }] } }),
    ).rejects.toThrow(/clash-phone: cannot listen on 127\.0\.0\.1:\d+/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestDevice } from '../../sim/lib/types';
import { DEFAULT_OFFICE_FILE, loadOfficeFile, startOffice, type RunningOffice } from '../../sim/office';
import { controlRequest } from '../../sim/lib/control-client';
import { pget, ShaClient } from './grandstream-phone-families.helpers';
import { http, md5, nethvoiceHeaders, phoneLogin, rawGet } from './office-helpers';

let office: RunningOffice;
beforeAll(async () => {
  office = await startOffice();
});
afterAll(async () => {
  await office.close();
});

const devices = (kind: string): ManifestDevice[] => office.manifest.devices.filter((d) => d.kind === kind);
const basic = (user: string, pass: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

describe('the default office (sim/office.json)', () => {
  it('lists 6 phones, 3 cameras, 2 KalliopePBX (3.x and 4.x) and 1 NethVoice on distinct 127.0.0.1 ports', () => {
    expect(devices('grandstream-phone')).toHaveLength(6);
    expect(devices('grandstream-camera')).toHaveLength(3);
    expect(devices('kalliope').map((d) => d.id)).toEqual(['kalliope', 'kalliope-torino']);
    expect(devices('nethvoice')).toHaveLength(1);
    const urls = office.manifest.devices.map((d) => d.url);
    expect(new Set(urls).size).toBe(urls.length);
    for (const u of urls) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(office.manifest.control).toBe(office.control);
    for (const d of office.manifest.devices) expect(office.device(d.id)?.url).toBe(d.url);
  });

  it('the KalliopePBX 4.x (kalliope-torino) gives its salt anonymously and refuses the 3.x Basic login; the 3.x has no salt', async () => {
    const [k3, k4] = devices('kalliope');
    if (!k3 || !k4) throw new Error('the office lacks a 3.x or 4.x KalliopePBX');
    const salt = await http('GET', `${k4.url}/rest/salt/default`, undefined, { Accept: 'application/json' });
    expect(salt.status).toBe(200);
    expect((salt.json as { salt: string }).salt).toMatch(/^[0-9a-f]{16,}$/);
    expect((await http('GET', `${k4.url}/rest/system/firmware`, undefined, basic('admin', md5(k4.password)))).status).toBe(401);
    expect((await http('GET', `${k3.url}/rest/salt/default`, undefined, { Accept: 'application/json' })).status).toBe(401);
    expect(k4.username).toBe('frontdesk');
  });

  it('every GXV-family phone accepts the challenge login and answers its line status', async () => {
    const phones = devices('grandstream-phone').filter((p) => p['family'] === 'legacy');
    expect(phones.map((p) => p.extension)).toEqual(['200', '201', '202', '203']);
    for (const p of phones) {
      const cookie = await phoneLogin(p.url, p.username, p.password);
      const r = await http('GET', `${p.url}/cgi-bin/api-get_line_status`, undefined, { Cookie: cookie });
      expect((r.json as { response: string }).response).toBe('success');
    }
  });

  it('the SHA-256 phone logs in with access + dologin; the passcode phone answers with its passcode', async () => {
    const [sha] = devices('grandstream-phone').filter((p) => p['family'] === 'sha256');
    const [pass] = devices('grandstream-phone').filter((p) => p['family'] === 'passcode');
    if (!sha || !pass) throw new Error('the office lacks a sha256 or passcode phone');
    expect([sha.extension, pass.extension]).toEqual(['204', '205']);
    const client = new ShaClient(sha.url);
    expect((await client.login(sha.username, sha.password)).json().response).toBe('success');
    expect((await client.api('api-get_line_status', { line: '-1' })).json().response).toBe('success');
    expect((await pget(pass.url, 'api-get_line_status', { passcode: pass.password })).json().response).toBe('success');
  });

  it('the GSC36xx camera hands out a login challenge', async () => {
    const [gsc] = devices('grandstream-camera').filter((c) => c['family'] === 'gsc36xx');
    if (!gsc) throw new Error('the office lacks a GSC36xx camera');
    const r = await http('GET', `${gsc.url}/goform/login?cmd=login&type=0&user=${gsc.username}`);
    expect(r.text).toMatch(/<ChallengeCode>\w+<\/ChallengeCode>/);
  });

  it('every GXV camera answers systeminfo with Basic auth and serves a JPEG snapshot', async () => {
    const cams = devices('grandstream-camera').filter((c) => c['family'] === 'gxv');
    expect(cams.map((c) => c['model'])).toEqual(['GXV3610_HD', 'GXV3504']);
    expect(cams.map((c) => c['ptz'])).toEqual([false, true]);
    for (const c of cams) {
      const info = await http('GET', `${c.url}/goform/systeminfo?cmd=get`, undefined, basic(c.username, c.password));
      expect(info.status).toBe(200);
      expect(info.text).toMatch(/productmode=/i);
      const snap = await fetch(`${c.url}/snapshot/view0.jpg`, { headers: basic(c.username, c.password) });
      expect(snap.status).toBe(200);
      const bytes = new Uint8Array(await snap.arrayBuffer());
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    }
    expect(await rawGet(`${cams[0]?.url ?? ''}/goform/systeminfo?cmd=get`, basic('admin', 'wrong'))).toBe(401);
  });

  it('the Kalliope answers with Basic admin:md5(password): 300 phonebook contacts, reception mailbox 200', async () => {
    const [k] = devices('kalliope');
    if (!k) throw new Error('no kalliope');
    expect(k.extension).toBe('200');
    const auth = basic(k.username, md5(k.password));
    const book = await http('GET', `${k.url}/rest/phonebook/contacts`, undefined, auth);
    expect(book.status).toBe(200);
    const file = loadOfficeFile(DEFAULT_OFFICE_FILE).devices.find((d) => d.kind === 'kalliope');
    if (file?.kind !== 'kalliope' || !file.phonebook) throw new Error('no kalliope phonebook in office.json');
    // one entry per number of each literal (VIP) contact, then the 300 generated entries
    const vipEntries = file.phonebook.contacts.reduce((n, c) => n + [c.work, c.mobile, c.home, c.fax].filter(Boolean).length, 0);
    expect(book.text.match(/<contact>/g)?.length).toBe(300 + vipEntries);
    expect(book.text).toContain('Schäfer');
    const vm = await http('GET', `${k.url}/rest/voicemails/count/200`, undefined, auth);
    expect(vm.status).toBe(200);
    expect(vm.text).toContain('kpbx_response');
    expect(await rawGet(`${k.url}/rest/phonebook/contacts`, basic(k.username, k.password))).toBe(401);
  });

  it('the NethVoice answers with its Secretkey: 15 users, some with voicemail', async () => {
    const [n] = devices('nethvoice');
    if (!n) throw new Error('no nethvoice');
    const h = nethvoiceHeaders(n.username, n.password, String(n.secret));
    const users = await http('GET', `${n.url}/freepbx/rest/users/false`, undefined, h);
    expect(users.status).toBe(200);
    expect(users.json).toHaveLength(15);
    const vms = await http('GET', `${n.url}/freepbx/rest/voicemails`, undefined, h);
    const boxes = Object.keys(vms.json as Record<string, unknown>);
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.length).toBeLessThan(15);
    expect(await rawGet(`${n.url}/freepbx/rest/users/false`)).toBe(403);
  });

  it('routes voicemail to the PBX that owns the mailbox', async () => {
    const k = await controlRequest(office, 'POST', `/voicemail/200/leave`, { urgent: true });
    expect(k.json).toEqual({ ok: true, device: 'kalliope' });
    const n = await controlRequest(office, 'POST', `/voicemail/301/leave`, {});
    expect(n.json).toEqual({ ok: true, device: 'nethvoice' });
    expect((await controlRequest(office, 'POST', `/voicemail/203/leave`, {})).status).toBe(404);
  });

  describe('office links', () => {
    type PhoneState = { state: { lines: { line: number; state: string; remoteNumber: string }[] } };
    const kalliope = (): { url: string; auth: Record<string, string> } => {
      const [k] = devices('kalliope');
      if (!k) throw new Error('no kalliope');
      return { url: k.url, auth: basic(k.username, md5(k.password)) };
    };

    it('Kalliope registers the extensions that have a phone, and reports no call state (REST API 1.1 registrations)', async () => {
      const k = kalliope();
      const reg = async (ext: string): Promise<string> => (await http('GET', `${k.url}/rest/users/registrations/${ext}`, undefined, k.auth)).text;
      expect(await reg('200')).toContain('<status>OK</status>');
      const ring = await controlRequest(office, 'POST', `/phones/phone-reception/ring`, { number: '+39 031 274 1100', name: 'Raffaella Conti' });
      const line = (ring.json as { line: number }).line;
      const ringing = await reg('200');
      expect(ringing).toContain('<status>OK</status>');
      expect(ringing).not.toContain('device_state');
      await controlRequest(office, 'POST', `/phones/phone-reception/remote-hangup`, { line });
      // 206 has no phone in this office: not registered
      const none = await reg('206');
      expect(none).toContain('<status>UNKNOWN</status>');
      expect(none).toContain('<contact/>');
    });

    it('Kalliope click2call rings the phone of the extension (phoneByExtension)', async () => {
      const k = kalliope();
      const body = '<?xml version="1.0"?><kpbx_request><click2call><exten>201</exten><number_to_call>+39 02 8845 6021</number_to_call></click2call></kpbx_request>';
      const r = await http('POST', `${k.url}/rest/click2call`, body, { ...k.auth, 'Content-Type': 'application/xml' });
      expect(r.text).toMatch(/<code>0<\/code>/);
      const st = (await controlRequest(office, 'GET', `/devices/phone-niccolo/state`)).json as PhoneState;
      const ringing = st.state.lines.find((l) => l.state === 'ringing');
      expect(ringing).toBeDefined();
      await controlRequest(office, 'POST', `/phones/phone-niccolo/remote-hangup`, { line: ringing?.line });
    });
  });

  it('license-expired applies to the Kalliope only, and clears', async () => {
    const [k] = devices('kalliope');
    if (!k) throw new Error('no kalliope');
    const auth = basic(k.username, md5(k.password));
    expect((await controlRequest(office, 'POST', `/devices/kalliope/fault`, { kind: 'license-expired' })).status).toBe(200);
    const r = await http('GET', `${k.url}/rest/phonebook/contacts`, undefined, auth);
    expect(r.text).toContain('request_not_allowed');
    expect(r.text).toContain('<code>2</code>');
    await controlRequest(office, 'DELETE', `/devices/kalliope/fault`);
    expect((await http('GET', `${k.url}/rest/phonebook/contacts`, undefined, auth)).text).not.toContain('request_not_allowed');
    for (const id of ['phone-reception', 'cam-entrance', 'nethvoice']) {
      expect((await controlRequest(office, 'POST', `/devices/${id}/fault`, { kind: 'license-expired' })).status).toBe(400);
    }
  });

  it('offline works on every device kind: refused, then back on the same port', async () => {
    for (const d of office.manifest.devices) {
      expect((await controlRequest(office, 'POST', `/devices/${d.id}/fault`, { kind: 'offline' })).status).toBe(200);
      expect(await rawGet(`${d.url}/`)).toBe('ECONNREFUSED');
      await controlRequest(office, 'DELETE', `/devices/${d.id}/fault`);
      expect(typeof (await rawGet(`${d.url}/`))).toBe('number');
    }
  });
});

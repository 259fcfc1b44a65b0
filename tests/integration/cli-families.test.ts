/**
 * The real `frontdesk` CLI against the demo office's devices of the issue 11 families: the SHA-256
 * phone (phone-francesca), the passcode phone (phone-lorenzo) and the GSC36xx camera (cam-door).
 * Each phone's commands run one after the other (one session per account).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Line } from '../../shared/domain';
import { startOffice, type RunningOffice } from '../../sim/office';
import { conn, control, deviceOf, failJson, okJson, secretsOf, simLines } from './cli-helpers';

let office: RunningOffice;
let dir: string;
/** Tests that run several CLI processes one after the other (each starts Node and logs in). */
const SEQUENTIAL_MS = 150_000;

beforeAll(async () => {
  office = await startOffice();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-cli-families-'));
});

afterAll(async () => {
  await office?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function dev(id: string) {
  const d = deviceOf(office, id);
  return { d, args: conn(d), secrets: secretsOf(d) };
}

describe('frontdesk CLI: SHA-256 phone', () => {
  it(
    'probe reports the family; status, lines and accounts print their shapes',
    async () => {
      const p = dev('phone-francesca');
      const probe = await okJson(['probe', ...p.args], p.secrets);
      expect(probe).toEqual({ kind: 'grandstream-phone', model: 'GXP2170', firmware: '1.0.11.106', mac: expect.any(String) as unknown, capabilities: ['dial', 'callControl', 'lines', 'reboot'], family: 'gs-sha256' });
      expect(await okJson(['status', ...p.args], p.secrets)).toEqual({ state: 'available', clickToDial: true });
      const ls = (await okJson(['lines', ...p.args], p.secrets)) as Line[];
      expect(ls.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(((await okJson(['accounts', ...p.args], p.secrets)) as { sipId: string }[])[0]?.sipId).toBe('204');
    },
    SEQUENTIAL_MS,
  );

  it(
    'call accept, hold, resume and end reach the ringing line; dial uses the account number; contacts is refused as unsupported',
    async () => {
      const p = dev('phone-francesca');
      const { line } = (await control(office, 'POST', '/phones/phone-francesca/ring', { number: '+39 02 8845 6021', name: 'Ettore Brambilla' })) as { line: number };
      expect(await okJson(['call', 'accept', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'accept', line });
      expect(await okJson(['call', 'hold', '--line', String(line), ...p.args], p.secrets)).toEqual({ ok: true, action: 'hold', line });
      expect((await simLines(office, 'phone-francesca'))[line - 1]?.state).toBe('held');
      await okJson(['call', 'resume', '--line', String(line), ...p.args], p.secrets);
      await okJson(['call', 'end', '--line', String(line), ...p.args], p.secrets);
      expect((await simLines(office, 'phone-francesca')).every((l) => l.state === 'idle')).toBe(true);

      expect(await okJson(['dial', '201', '--account', '1', ...p.args], p.secrets)).toEqual({ ok: true, number: '201', account: 1 });
      const out = await simLines(office, 'phone-francesca');
      expect(out.some((l) => l.remoteNumber === '201')).toBe(true);
      const busy = out.find((l) => l.remoteNumber === '201');
      if (busy) await control(office, 'POST', '/phones/phone-francesca/remote-hangup', { line: busy.line });

      const refused = await failJson(['contacts', ...p.args], p.secrets, 2);
      expect(refused.error.message).toMatch(/not supported/);
    },
    SEQUENTIAL_MS,
  );

  it('a pinned family of another kind is a usage error; a wrong password shows the attempts left', async () => {
    const p = dev('phone-francesca');
    const pin = await failJson(['probe', ...p.args, '--family', 'gsc-challenge'], p.secrets, 2);
    expect(pin.error.message).toMatch(/not a Grandstream phone family/);
    const wrong = await failJson(['probe', ...conn(p.d, { password: 'Wr0ng!pw' }), '--family', 'gs-sha256'], [...p.secrets, 'Wr0ng!pw'], 3);
    expect(wrong.error.kind).toBe('auth');
    expect(wrong.error.message).toMatch(/attempts? (is|are) left/);
  });
});

describe('frontdesk CLI: passcode phone', () => {
  it(
    'probe, status, lines, dial and call; accounts is refused as unsupported',
    async () => {
      const p = dev('phone-lorenzo');
      expect(await okJson(['probe', ...p.args], p.secrets)).toEqual({ kind: 'grandstream-phone', model: 'GRP2614', firmware: '1.0.5.33', capabilities: ['dial', 'callControl', 'lines', 'reboot'], family: 'gs-passcode' });
      expect(await okJson(['status', ...p.args, '--family', 'gs-passcode'], p.secrets)).toEqual({ state: 'available', clickToDial: true });
      const { line } = (await control(office, 'POST', '/phones/phone-lorenzo/ring', { number: '0471 555' })) as { line: number };
      const ls = (await okJson(['lines', ...p.args], p.secrets)) as Line[];
      expect(ls.find((l) => l.line === line)).toMatchObject({ state: 'ringing', remoteNumber: '0471 555' });
      await okJson(['call', 'accept', '--line', String(line), ...p.args], p.secrets);
      await okJson(['call', 'end', '--line', String(line), ...p.args], p.secrets);
      expect((await simLines(office, 'phone-lorenzo')).every((l) => l.state === 'idle')).toBe(true);
      expect(await okJson(['dial', '200', ...p.args], p.secrets)).toEqual({ ok: true, number: '200' });
      const busy = (await simLines(office, 'phone-lorenzo')).find((l) => l.state !== 'idle');
      if (busy) await control(office, 'POST', '/phones/phone-lorenzo/remote-hangup', { line: busy.line });
      const refused = await failJson(['accounts', ...p.args], p.secrets, 2);
      expect(refused.error.message).toMatch(/not supported/);
    },
    SEQUENTIAL_MS,
  );

  it('a wrong passcode says to check the password and enable the API', async () => {
    const p = dev('phone-lorenzo');
    const e = await failJson(['lines', ...conn(p.d, { password: 'N0pe!cti' })], [...p.secrets, 'N0pe!cti'], 3);
    expect(e.error.message).toMatch(/must be enabled in the phone's web UI/);
  });
});

describe('frontdesk CLI: GSC36xx camera', () => {
  it('probe reports gsc-challenge; snapshot saves a JPEG', async () => {
    const c = dev('cam-door');
    const probe = await okJson(['probe', ...c.args], c.secrets);
    expect(probe).toMatchObject({ kind: 'grandstream-camera', model: 'GSC3610', family: 'gsc-challenge' });
    const out = join(dir, 'door.jpg');
    expect(await okJson(['snapshot', '--out', out, ...c.args], c.secrets)).toMatchObject({ ok: true, out, contentType: 'image/jpeg' });
    expect([...readFileSync(out).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    // Pinned to the Basic family, the GSC36xx refuses: HTTP Basic is not its login.
    const pinned = await failJson(['probe', ...c.args, '--family', 'gxv-basic'], c.secrets, 3);
    expect(pinned.error.kind).toBe('auth');
  });

  it('a wrong password is an auth error that names no secret', async () => {
    const c = dev('cam-door');
    const e = await failJson(['snapshot', '--out', join(dir, 'x.jpg'), ...conn(c.d, { password: 'Bad!gsc1' })], [...c.secrets, 'Bad!gsc1'], 3);
    expect(e.error.kind).toBe('auth');
  });
});

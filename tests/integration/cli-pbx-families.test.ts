/**
 * The real `frontdesk` CLI against the PBX families of issue 11: KalliopePBX 4.x (the demo office's
 * kalliope-torino, and served variants for the refusals) and NethVoice on NethServer 8 (a served
 * variant). Probe prints family and generation (and the NS8 user limits); the other commands work
 * where the routes answer; refusals keep their exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KalliopeSim, type KalliopeSimOptions } from '../../sim/kalliope';
import { serveDevice, type ServedDevice } from '../../sim/lib/server';
import { NethVoiceSim } from '../../sim/nethvoice';
import { startOffice, type RunningOffice } from '../../sim/office';
import { conn, deviceOf, failJson, okJson, secretsOf } from './cli-helpers';

let office: RunningOffice;
const served: ServedDevice[] = [];
const SLOW_MS = 120_000;

beforeAll(async () => {
  office = await startOffice();
});
afterAll(async () => {
  await Promise.all(served.map((s) => s.close()));
  await office?.close();
});

const K4: KalliopeSimOptions = {
  id: 'k4-cli',
  name: 'Kalliope 4 CLI',
  username: 'frontdesk',
  password: 'Quattro!Cli4',
  generation: 4,
  firmware: '4.7.1-8120',
  receptionExtension: '400',
  extensions: [
    { extension: '400', name: 'Reception' },
    { extension: '401', name: 'Stefano Bianco', voicemail: true },
  ],
  contacts: [{ firstName: 'Carla', lastName: 'Actis', organization: 'Politecnico', phone: '+39 011 090 6001' }],
  unavailable: ['cdr'],
};

async function serveK4(patch: Partial<KalliopeSimOptions> = {}): Promise<{ args: string[]; secrets: string[] }> {
  const s = await serveDevice(new KalliopeSim({ ...K4, ...patch }));
  served.push(s);
  return { args: ['--kind', 'kalliope', '--url', s.url, '--user', 'frontdesk', '--password', K4.password], secrets: [K4.password] };
}

describe('frontdesk CLI: KalliopePBX 4.x', () => {
  it(
    'the demo office 4.x: probe prints family kalliope-4 and generation 4.x; contacts, voicemail and presence work; history is unavailable there',
    async () => {
      const d = deviceOf(office, 'kalliope-torino');
      const args = conn(d);
      const s = secretsOf(d);
      const [probe, contacts, vm, presence, history] = await Promise.all([
        okJson(['probe', ...args], s),
        okJson(['contacts', '--search', 'actis', ...args], s),
        okJson(['voicemail', '--exten', '400', ...args], s),
        okJson(['presence', ...args], s),
        failJson(['history', ...args], s, 2),
      ]);
      expect(probe).toEqual({
        kind: 'kalliope',
        model: 'KalliopePBX',
        firmware: '4.7.1-8120',
        capabilities: ['dial', 'contacts', 'contactsWrite', 'voicemail', 'presence', 'callHistory'],
        family: 'kalliope-4',
        generation: '4.x',
      });
      expect((contacts as { name: string }[]).map((c) => c.name)).toEqual(['Carla Actis']);
      expect((vm as { mailbox: string; new: unknown }[])[0]).toMatchObject({ mailbox: '400', new: 0 });
      expect((presence as { extension: string }[]).map((p) => p.extension)).toEqual(['400', '401', '402', '403', '404', '405']);
      expect(history.error.kind).toBe('usage');
      expect(history.error.message).toMatch(/"call history" is not supported by this device \(this KalliopePBX 4\.7\.1-8120 refused \/rest\/cdr with HTTP 403; the credentials are fine\)/);
    },
    SLOW_MS,
  );

  it(
    'dial works through click2call; --tenant-domain reaches another tenant; --family kalliope-3 on a 4.x exits 6',
    async () => {
      const k = await serveK4();
      const acme = await serveK4({ tenantDomain: 'acme' });
      const [dial, tenant, pinned] = await Promise.all([
        okJson(['dial', '0110906001', '--exten', '401', ...k.args], k.secrets),
        okJson(['probe', ...acme.args, '--tenant-domain', 'acme'], acme.secrets),
        failJson(['probe', ...k.args, '--family', 'kalliope-3'], k.secrets, 6),
      ]);
      expect(dial).toEqual({ ok: true, number: '0110906001', exten: '401' });
      expect(tenant).toMatchObject({ family: 'kalliope-4' });
      expect(pinned.error.kind).toBe('unsupported-firmware');
      expect(pinned.error.message).toMatch(/KalliopePBX 4\.x found/);
    },
    SLOW_MS,
  );

  it(
    'a wrong password exits 3; a PBX clock 10 minutes off exits 3 and says to fix the clock; --tenant-domain on another kind is a usage error',
    async () => {
      const k = await serveK4();
      const skewed = await serveK4({ clockOffsetSeconds: -600 });
      const [wrong, clock, misplaced] = await Promise.all([
        failJson(['probe', '--kind', 'kalliope', '--url', k.args[3] ?? '', '--user', 'frontdesk', '--password', 'Wr0ng!4x'], [K4.password, 'Wr0ng!4x'], 3),
        failJson(['contacts', ...skewed.args], skewed.secrets, 3),
        failJson(['probe', '--kind', 'nethvoice', '--url', 'http://127.0.0.1:9', '--user', 'admin', '--password', 'Pw-unused-9', '--tenant-domain', 'acme'], ['Pw-unused-9'], 2),
      ]);
      expect(wrong.error).toMatchObject({ kind: 'auth', endpoint: '/rest/dashboard/firmwareVersion' });
      expect(wrong.error.message).toMatch(/rejected the user "frontdesk" of tenant domain "default"/);
      expect(clock.error.kind).toBe('auth');
      expect(clock.error.message).toMatch(/about 10 minutes \(this computer is ahead\).*Set the correct date and time/);
      expect(misplaced.error.message).toBe('--tenant-domain belongs to --kind kalliope (KalliopePBX 4.x), not nethvoice');
    },
    SLOW_MS,
  );
});

describe('frontdesk CLI: NethVoice on NethServer 8', () => {
  it(
    'probe prints family nethvoice-ns8, generation ns8 and the user limits; contacts and voicemail work',
    async () => {
      const sim = new NethVoiceSim({
        id: 'nv8-cli',
        name: 'NethVoice 8 CLI',
        user: 'admin',
        password: 'Otto!Cli8',
        secret: 'cafe8cli',
        release: 'ns8',
        users: [
          { username: 'spichler', name: 'Sebastian Pichler', extension: '301', voicemail: true, password: 'clear-pw-1' },
          { username: 'agruber', name: 'Anna Gruber', extension: '302', password: 'clear-pw-2' },
        ],
      });
      const s = await serveDevice(sim);
      served.push(s);
      const args = ['--kind', 'nethvoice', '--url', s.url, '--user', 'admin', '--password', 'Otto!Cli8', '--secret', 'cafe8cli'];
      const secrets = ['Otto!Cli8', 'cafe8cli', 'clear-pw-1', 'clear-pw-2'];
      const [probe, contacts, vm] = await Promise.all([okJson(['probe', ...args], secrets), okJson(['contacts', ...args], secrets), okJson(['voicemail', '--exten', '302', ...args], secrets)]);
      expect(probe).toEqual({
        kind: 'nethvoice',
        model: 'NethVoice',
        firmware: 'unknown',
        capabilities: ['contacts', 'voicemail', 'presence', 'reboot'],
        family: 'nethvoice-ns8',
        generation: 'ns8',
        userLimits: { edition: 'community', configured: 2, limit: 8, configurable: 6 },
      });
      expect((contacts as { name: string }[]).map((c) => c.name)).toEqual(['Sebastian Pichler', 'Anna Gruber']);
      expect(vm).toEqual([
        { mailbox: '302', new: null, old: null, urgent: null, enabled: false },
        { mailbox: '301', new: null, old: null, urgent: null, enabled: true },
      ]);
    },
    SLOW_MS,
  );
});

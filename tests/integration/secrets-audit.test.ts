/**
 * Secrets audit: a full demo session through the contract (add every device of the simulated
 * office, Test connection, poll, dial from the desk phone and through the PBX, answer and end a
 * ringing call, add / edit / delete contacts on a phone and on the PBX, search, history,
 * voicemail, presence, snapshots, a wrong password, a credential update), then a scan of
 * everything that left the core or was written down: the settings file and the contact and
 * history caches on disk (ConfSettingsStore + FileDataStore in a temp dir), the log lines and the
 * console, and every contract answer and event. None may hold a configured password, its md5 /
 * sha1 / sha256 / Basic form, the NethVoice API secret or its Secretkey, the KalliopePBX 4.x
 * digestPassword, the CDR privacy password, a session id the simulators handed out, a voicemail
 * PIN, a NethVoice user's clear-text password, or a SIP secret.
 *
 * The user's own input is the one place a password may travel: the `secrets` field of
 * devices.add / devices.update / devices.test requests is left out of the scan (everything else
 * in those requests, and every answer, is scanned).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeviceEntity } from '../../shared/office';
import { createCore, type Core } from '../../main/core/app';
import { FileDataStore } from '../../main/core/persistence/file-data-store';
import { MemorySecretStore } from '../../main/core/persistence/stores';
import { createDriver } from '../../main/drivers';
import { ConfSettingsStore } from '../../main/web/conf-store';
import { callControl } from '../../sim/lib/control-client';
import { startOffice, type RunningOffice } from '../../sim/office';
import { kalliopeDigestPassword, nethvoiceSecretKey, passwordNeedles, scan, simSecrets, type Needle } from './secrets-audit-kit';

let office: RunningOffice;
let core: Core;
let dir: string;
const texts: { where: string; text: string }[] = [];
const logs: string[] = [];
const sessions = new Set<string>();
let sampler: ReturnType<typeof setInterval> | undefined;

const SECRET_INPUT_METHODS = new Set(['devices.add', 'devices.update', 'devices.test']);

/** The contract as the renderer uses it, recorded: requests (minus the user's typed secrets) and every answer. */
async function rpc(method: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  let shown = input;
  if (SECRET_INPUT_METHODS.has(method) && input && typeof input === 'object') {
    const { secrets: _typed, ...rest } = input as Record<string, unknown>;
    shown = rest;
  }
  texts.push({ where: `request ${method}`, text: JSON.stringify(shown ?? null) });
  const r = await core.router.dispatch(method, input);
  texts.push({ where: `answer ${method}`, text: JSON.stringify(r) });
  return r as { ok: boolean; value?: unknown; error?: { message: string } };
}
async function ok<T = unknown>(method: string, input?: unknown): Promise<T> {
  const r = await rpc(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error?.message ?? '?'}`);
  return r.value as T;
}
const health = (id: string) => (core.hub.store.get(`device/${id}`) as DeviceEntity | undefined)?.health;
async function until(what: string, probe: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sampleSessions(): void {
  for (const d of office.manifest.devices) for (const s of simSecrets(office.device(d.id)?.device).sessions) sessions.add(s);
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root, { recursive: true }).map(String)) {
    const p = join(root, name);
    if (statSync(p).isFile()) out.push(p);
  }
  return out;
}

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      texts.push({ where: `console.${level}`, text: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') });
    });
  }
  office = await startOffice();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-audit-'));
  core = await createCore({
    mode: 'web',
    version: 't',
    settings: new ConfSettingsStore(dir),
    secrets: new MemorySecretStore(),
    data: new FileDataStore(join(dir, 'data')),
    createDriver,
    validateOutput: true,
    timeoutMs: 4000,
    log: (m) => logs.push(m),
  });
  core.events.onAny((name, payload) => texts.push({ where: `event ${name}`, text: JSON.stringify(payload) }));
  sampler = setInterval(sampleSessions, 100);
}, 60_000);

afterAll(async () => {
  if (sampler) clearInterval(sampler);
  await core?.close().catch(() => undefined);
  await office?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('secrets audit over a full demo session', () => {
  it('no password, hash of one, API secret, session id, PIN or user password leaves the core', async () => {
    const devices = office.manifest.devices;
    const find = (id: string) => devices.find((d) => d.id === id) ?? (() => { throw new Error(`no ${id}`); })();
    const configOf = (d: (typeof devices)[number]) => ({
      kind: d.kind,
      name: d.name,
      url: d.url,
      username: d.username,
      ...(typeof d.extension === 'string' ? { extension: d.extension } : {}),
      ...(typeof d['tenantDomain'] === 'string' ? { tenantDomain: d['tenantDomain'] } : {}),
    });
    const secretsOf = (d: (typeof devices)[number]) => ({
      password: d.password,
      ...(typeof d.secret === 'string' ? { secret: d.secret } : {}),
      ...(typeof d['privacyPassword'] === 'string' ? { privacyPassword: d['privacyPassword'] } : {}),
    });

    // Test connection, a wrong password, then every device for real
    const reception = find('phone-reception');
    expect(await ok('devices.test', { config: configOf(reception), secrets: secretsOf(reception) })).toMatchObject({ ok: true });
    expect(await ok('devices.test', { config: configOf(find('nethvoice')), secrets: { password: 'not-the-password', secret: 'nope' } })).toMatchObject({ ok: false });
    for (const d of devices) await ok('devices.add', { id: d.id, config: configOf(d), secrets: secretsOf(d) });
    await until('every device answered', () => devices.every((d) => health(d.id) !== 'unknown'), 60_000);
    await until('the PBXs and the reception phone online', () => ['phone-reception', 'kalliope', 'nethvoice'].every((id) => health(id) === 'online'), 60_000);
    await ok('devices.update', { id: 'cam-parking', secrets: { password: 'Wrong!pass' } });
    await until('auth-failed', () => health('cam-parking') === 'auth-failed');
    await ok('devices.update', { id: 'cam-parking', secrets: { password: find('cam-parking').password } });

    // directory: search, sources, add / edit / delete on the reception phone and on the PBX
    await sleep(1500);
    await ok('contacts.search', { query: 'Rossi' });
    await ok('contacts.search', { query: '201' });
    const sources = await ok<{ id: string; writable: boolean }[]>('contacts.sources');
    for (const s of sources.slice(0, 3)) await ok('contacts.list', { sourceId: s.id, limit: 50 });
    for (const deviceId of ['phone-reception', 'kalliope']) {
      const saved = await ok<{ id: string }>('contacts.save', { deviceId, contact: { firstName: 'Audit', lastName: 'Person', numbers: [{ type: 'work', number: '+39 02 5550 1234' }] } });
      await ok('contacts.save', { deviceId, contact: { id: saved.id, firstName: 'Audit', lastName: 'Persona', company: 'Secrets Inc', numbers: [{ type: 'mobile', number: '+39 333 000 1111' }] } });
      await ok('contacts.delete', { deviceId, id: saved.id });
    }

    // calls: dial from the desk phone and through the PBX; a ringing call answered and ended
    await rpc('calls.dial', { number: '202', route: { kind: 'phone', deviceId: 'phone-reception' } });
    await rpc('calls.dial', { number: '201', route: { kind: 'pbx', deviceId: 'kalliope', extension: '200' } });
    const ring = (await callControl(office, 'POST', '/phones/phone-reception/ring', { number: '+39 02 8845 6021', name: 'Ettore Brambilla' })) as { line: number };
    await sleep(1500);
    await rpc('calls.control', { deviceId: 'phone-reception', line: ring.line, action: 'accept' });
    await sleep(1000);
    await rpc('calls.control', { deviceId: 'phone-reception', line: ring.line, action: 'end' });
    await callControl(office, 'POST', '/voicemail/200/leave', {}).catch(() => undefined);

    // history, voicemail, presence (office state), cameras, settings
    await rpc('calls.history', { limit: 100 });
    await rpc('voicemail.refresh', {});
    await rpc('cameras.snapshot', { deviceId: 'cam-entrance' });
    await rpc('office.state');
    await rpc('devices.list');
    await rpc('settings.get');
    await rpc('app.info');
    await sleep(3000);
    sampleSessions();
    await core.close(); // flushes the contact and history caches to disk
    sampleSessions();

    // ---- what to look for, from the office itself ----
    const needles: Needle[] = [];
    for (const d of devices) {
      needles.push(...passwordNeedles(`${d.id} password`, d.password, d.username));
      if (typeof d.secret === 'string') {
        needles.push({ what: `${d.id} API secret`, value: d.secret });
        needles.push({ what: `${d.id} Secretkey`, value: nethvoiceSecretKey(d.username, d.password, d.secret) });
      }
      if (typeof d['privacyPassword'] === 'string') needles.push(...passwordNeedles(`${d.id} privacy password`, d['privacyPassword'], d.username));
      if (d.kind === 'kalliope') {
        const domain = typeof d['tenantDomain'] === 'string' ? d['tenantDomain'] : 'default';
        const salt = await fetch(`${d.url}/rest/salt/${domain}`, { headers: { Accept: 'application/json' } })
          .then(async (r) => (r.ok ? ((await r.json()) as { salt?: string }).salt : undefined))
          .catch(() => undefined);
        if (salt) needles.push({ what: `${d.id} digestPassword`, value: kalliopeDigestPassword(d.password, salt) });
      }
      for (const f of simSecrets(office.device(d.id)?.device).fields) {
        if (f.value.length >= 4 && f.value !== d.username) needles.push({ what: `${d.id} simulator ${f.key}`, value: f.value });
      }
    }
    for (const s of sessions) if (s.length >= 8) needles.push({ what: 'a simulator session id', value: s });
    // the audit is only as good as its needles: it must know PINs, user passwords and live sessions
    for (const kind of [/^nethvoice simulator pin$/, /^nethvoice simulator password$/, /^kalliope simulator vmSecret$/, /simulator sipSecret$/, /API secret$/, /Secretkey$/, /^kalliope-torino digestPassword$/, /session id$/]) {
      expect(needles.some((n) => kind.test(n.what)), String(kind)).toBe(true);
    }
    expect(sessions.size).toBeGreaterThan(0);

    // ---- where to look ----
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    for (const f of files) texts.push({ where: `file ${f.slice(dir.length + 1)}`, text: readFileSync(f, 'utf8') });
    for (const l of logs) texts.push({ where: 'log', text: l });
    expect(texts.filter((t) => t.where.startsWith('answer ')).length).toBeGreaterThan(20);
    expect(texts.filter((t) => t.where.startsWith('event ')).length).toBeGreaterThan(5);

    // the scanner itself finds what it should (a PIN as a JSON value, a session id in a log line, a Secretkey in a header)
    const pin = needles.find((n) => /simulator pin$/.test(n.what));
    const sid = needles.find((n) => /session id$/.test(n.what));
    const key = needles.find((n) => /Secretkey$/.test(n.what));
    expect(scan([{ where: 'probe', text: JSON.stringify({ mailbox: '301', pwd: pin?.value }) }], needles).length).toBeGreaterThan(0);
    expect(scan([{ where: 'probe', text: `GET /cgi-bin/api-get_line_status?sid=${sid?.value ?? '?'}` }], needles).length).toBeGreaterThan(0);
    expect(scan([{ where: 'probe', text: `Secretkey: ${key?.value.toUpperCase() ?? '?'}` }], needles).length).toBeGreaterThan(0);
    expect(scan([{ where: 'probe', text: 'extension 301 at +39 0471 4516 22, 12:45:16' }], needles)).toEqual([]);

    const findings = scan(texts, needles);
    const distinct = [...new Map(findings.map((f) => [`${f.where} ${f.what}`, f])).values()];
    const report = distinct.slice(0, 30).map((f) => `${f.where}: ${f.what} … ${f.excerpt}`).join('\n');
    const failed = texts.filter((t) => t.where.startsWith('answer ') && t.text.startsWith('{"ok":false')).map((t) => t.where);
    process.stdout.write(`[audit] files: ${files.map((f) => f.slice(dir.length + 1)).join(', ')}; answers that were errors: ${failed.join(', ') || 'none'}\n`);
    process.stdout.write(`[audit] scanned ${texts.length} texts (${files.length} files, ${logs.length} log lines) for ${needles.length} secrets (${sessions.size} session ids): ${findings.length} found\n`);
    expect(distinct.map((f) => `${f.where}: ${f.what}`), report).toEqual([]);
  }, 300_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs, writeManifestFile } from '../../sim/cli';
import { controlRequest } from '../../sim/lib/control-client';
import { http, phoneLogin } from './office-helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'office-cli-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** `node --import tsx sim/cli.ts ...`: one process, so signals reach the CLI itself. */
function startCli(args: string[]): ChildProcess {
  const c = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(c);
  return c;
}

function firstLine(c: ChildProcess): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let out = '';
    let err = '';
    c.stdout?.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveLine(out.slice(0, nl));
    });
    c.stderr?.on('data', (b: Buffer) => (err += b.toString('utf8')));
    c.on('exit', (code) => reject(new Error(`sim exited early (${code}): ${err}`)));
  });
}

function exitOf(c: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolveExit) => {
    let stderr = '';
    c.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    if (c.exitCode !== null) resolveExit({ code: c.exitCode, stderr });
    else c.on('exit', (code) => resolveExit({ code, stderr }));
  });
}

interface LineStatus {
  response: string;
  body: { line: number; state: string }[];
}

describe('sim CLI', () => {
  it('parses its arguments', () => {
    expect(parseArgs([])).toEqual({ manifest: '.sim-manifest.json', help: false });
    expect(parseArgs(['--office', 'o.json', '--manifest=m.json', '--control-port', '4000'])).toEqual({ office: 'o.json', manifest: 'm.json', controlPort: 4000, help: false });
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown argument/);
    expect(() => parseArgs(['--manifest'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--control-port', 'abc'])).toThrow(/port number/);
  });

  it('exits 2 with usage on bad arguments', async () => {
    const r = await exitOf(startCli(['--frobnicate']));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown argument "--frobnicate"');
    expect(r.stderr).toContain('usage: npm run sim');
  });

  it('exits 2 naming the bad field of an invalid office file', async () => {
    const bad = join(dir, 'bad-office.json');
    writeFileSync(bad, JSON.stringify({ name: 'x', devices: [{ kind: 'grandstream-phone', id: 'p', name: 'P' }] }));
    const r = await exitOf(startCli(['--office', bad, '--manifest', join(dir, 'never.json')]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('devices[0].password');
  });

  it('writes the manifest owner-only (0600), replacing an older world-readable file', () => {
    const file = join(dir, 'old-manifest.json');
    writeFileSync(file, '{"stale":true}', { mode: 0o644 });
    chmodSync(file, 0o644);
    writeManifestFile(file, { control: 'http://127.0.0.1:1', controlToken: 'tok', devices: [] });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ control: 'http://127.0.0.1:1', controlToken: 'tok', devices: [] });
  });

  it('fails naming the cause when the manifest cannot be written', () => {
    expect(() => writeManifestFile(join(dir, 'no-such-dir', 'm.json'), { control: 'x', controlToken: 't', devices: [] })).toThrow(/ENOENT/);
  });

  it('runs the default office: ring → accept → hold → resume → end over HTTP, then stops on SIGTERM', async () => {
    const manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, '{}', { mode: 0o644 });
    chmodSync(manifestFile, 0o644);
    const child = startCli(['--manifest', manifestFile]);
    const exited = exitOf(child);
    const hello = JSON.parse(await firstLine(child)) as { control: string; manifest: string };
    expect(hello.manifest).toBe(manifestFile);
    expect(hello.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(hello)).toEqual(['control', 'manifest']); // the token is not printed

    expect(statSync(manifestFile).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      control: string;
      controlToken: string;
      devices: { id: string; kind: string; url: string; username: string; password: string; extension?: string }[];
    };
    expect(manifest.control).toBe(hello.control);
    expect(manifest.controlToken).toMatch(/^[\w-]{40,}$/);
    expect((await controlRequest({ control: hello.control, controlToken: 'wrong' }, 'GET', '/devices')).status).toBe(401);
    const reception = manifest.devices.find((d) => d.kind === 'grandstream-phone' && d.extension === '200');
    if (!reception) throw new Error('no reception phone in the manifest');

    const cookie = await phoneLogin(reception.url, reception.username, reception.password);
    const lines = async (): Promise<string> => {
      const r = await http('GET', `${reception.url}/cgi-bin/api-get_line_status`, undefined, { Cookie: cookie });
      const j = r.json as LineStatus;
      expect(j.response).toBe('success');
      return j.body.find((l) => l.line === line)?.state ?? 'missing';
    };
    const op = async (cmd: string): Promise<unknown> =>
      (await http('GET', `${reception.url}/cgi-bin/api-phone_operation?cmd=${cmd}&line=${line}`, undefined, { Cookie: cookie })).json;

    const ring = await controlRequest(manifest, 'POST', `/phones/${reception.id}/ring`, { number: '+39 335 612 4480', name: 'Niccolò Bàrberi' });
    expect(ring.status).toBe(200);
    const line = (ring.json as { line: number }).line;
    expect(await lines()).toBe('2'); // ringing
    expect(await op('acceptcall')).toEqual({ response: 'success', body: 'true' });
    expect(await lines()).toBe('4'); // connected
    expect(await op('holdcall')).toEqual({ response: 'success', body: 'true' });
    expect(await lines()).toBe('5'); // on hold
    expect(await op('holdcall')).toEqual({ response: 'success', body: 'true' }); // holdcall toggles
    expect(await lines()).toBe('4');
    expect(await op('endcall')).toEqual({ response: 'success', body: 'true' });
    expect(await lines()).toBe('0');

    child.kill('SIGTERM');
    const { code } = await exited;
    expect(code).toBe(0);
    const after = await fetch(`${hello.control}/manifest`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(after).toBe('refused');
  });
});

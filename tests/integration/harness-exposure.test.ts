/**
 * The web harness as an admin starts it (`npm run start:web -- --demo`, here main/web/cli.ts in a
 * child process): its page, the demo office's control API and every simulated device listen on
 * 127.0.0.1 only, and each refuses a request without its own token (issue 10, item 7).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callControl, controlRequest } from '../../sim/lib/control-client';
import { boundAddresses, nonLoopbackAddresses, tryConnect } from '../unit/web/exposure-helpers';

interface FirstLine {
  url: string;
  control: string;
  controlToken: string;
}

let child: ChildProcess | undefined;
let home = '';
let info: FirstLine;
const stderr: string[] = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'frontdesk-exposure-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', '--demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: home, FRONTDESK_DATA_DIR: join(home, 'data') },
  });
  const proc = child;
  proc.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web harness printed nothing in 45 s: ${stderr.join('')}`)), 45_000);
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    proc.once('exit', (code) => reject(new Error(`the web harness exited with ${String(code)}: ${stderr.join('')}`)));
  });
  info = JSON.parse(first) as FirstLine;
}, 60_000);

afterAll(async () => {
  const proc = child;
  if (proc && proc.exitCode === null) {
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }
  if (home) rmSync(home, { recursive: true, force: true });
});

const OTHER_ADDRESSES = nonLoopbackAddresses();
const PROC_NET = existsSync('/proc/net/tcp');

async function ports(): Promise<{ what: string; port: number }[]> {
  const devices = (await callControl(info, 'GET', '/devices')) as { id: string; url: string }[];
  return [
    { what: 'web harness', port: Number(new URL(info.url).port) },
    { what: 'control API', port: Number(new URL(info.control).port) },
    ...devices.map((d) => ({ what: `device ${d.id}`, port: Number(new URL(d.url).port) })),
  ];
}

describe('web harness --demo: exposure', () => {
  it('publishes loopback URLs only: the page (with its token) and the demo office control API (with another token)', async () => {
    const page = new URL(info.url);
    expect(page.hostname).toBe('127.0.0.1');
    expect(page.searchParams.get('token')).toMatch(/^[\w-]{20,}$/);
    expect(new URL(info.control).hostname).toBe('127.0.0.1');
    expect(info.controlToken).toMatch(/^[\w-]{40,}$/);
    expect(info.controlToken).not.toBe(page.searchParams.get('token'));
    const devices = (await callControl(info, 'GET', '/devices')) as { url: string }[];
    expect(devices.length).toBeGreaterThan(5);
    for (const d of devices) expect(new URL(d.url).hostname, d.url).toBe('127.0.0.1');
  });

  it.skipIf(!PROC_NET)('the kernel lists each of its ports (page, control API, every device) bound to 127.0.0.1 only (Linux /proc/net/tcp)', async () => {
    for (const p of await ports()) expect(boundAddresses(p.port), p.what).toEqual(['127.0.0.1']);
  });

  it.skipIf(OTHER_ADDRESSES.length === 0)(`none of its ports answers on a non-loopback address of this machine (${OTHER_ADDRESSES.join(', ') || 'none here'})`, async () => {
    for (const p of await ports()) {
      expect(await tryConnect('127.0.0.1', p.port), `${p.what} on loopback`).toBe('connected');
      for (const a of OTHER_ADDRESSES) expect(await tryConnect(a, p.port), `${p.what} on ${a}`).not.toBe('connected');
    }
  });

  it('the page refuses RPC without its token; the control API refuses a request without its token, a foreign Host or Origin', async () => {
    const page = new URL(info.url);
    const token = page.searchParams.get('token') ?? '';
    const rpc = (headers: Record<string, string>) => fetch(`${page.origin}/rpc/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });
    expect((await rpc({})).status).toBe(403);
    expect((await rpc({ 'X-Frontdesk-Token': info.controlToken })).status).toBe(403);
    const ok = await rpc({ 'X-Frontdesk-Token': token });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { mode: 'web', demo: true } });

    expect((await fetch(`${info.control}/devices`)).status).toBe(401);
    expect((await controlRequest({ control: info.control, controlToken: token }, 'GET', '/devices')).status).toBe(401);
    const withToken = { Authorization: `Bearer ${info.controlToken}` };
    expect((await fetch(`${info.control}/devices`, { headers: { ...withToken, Origin: 'http://evil.example' } })).status).toBe(403);
    const rebind = await new Promise<number>((resolve, reject) => {
      // fetch will not forge Host: node:http will
      const u = new URL(`${info.control}/devices`);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers: { ...withToken, Host: `evil.example:${u.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebind).toBe(421);
  });
});

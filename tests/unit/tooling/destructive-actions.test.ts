/**
 * Destructive device actions are never one click or one hotkey away (data safety): no contract
 * method, renderer, shell, preload, core or web-harness code path can reboot or reset a device or
 * delete all contacts; the global hotkeys are dial / answer / hang up only; the only way to a
 * reboot is the command-line tool, and only with an explicit --yes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../main/cli/args';
import { UsageError } from '../../../main/cli/usage-error';
import { HOTKEY_NAMES } from '../../../main/shell/hotkeys';
import { INVOKE_METHODS } from '../../../shared/ipc/contract';

const ROOT = join(__dirname, '../../..');
const UI_AND_CORE = ['renderer/src', 'main/shell', 'preload', 'main/core', 'main/web', 'main/hub', 'main/runtime', 'shared'];

function sources(dir: string): string[] {
  const abs = join(ROOT, dir);
  const out: string[] = [];
  for (const name of readdirSync(abs, { recursive: true }).map(String)) {
    const p = join(abs, name);
    if (/\.(ts|tsx|cts|mts|js|cjs|html)$/.test(name) && statSync(p).isFile()) out.push(p);
  }
  return out;
}

/** Calls of the drivers' destructive operations, and the device endpoints behind them. */
const DESTRUCTIVE = [
  /\.\s*(reboot|rebootReport|rebootPhones|deleteAllContacts|factoryReset|reset)\s*[!?]?\.?(call)?\s*\(/,
  /api-delete_all|delete_all_contacts|delete-all|deleteAll/i,
  /request=(REBOOT|RESET)|['"](REBOOT|RESET|PROV)['"]|api-sys_operation|cmd\s*[:=]\s*['"]?reboot/,
];

describe('destructive actions', () => {
  it('the contract has no method that reboots, resets or deletes everything', () => {
    const risky = INVOKE_METHODS.filter((m) => /reboot|reset|restart|factory|wipe|delete.?all|clear|purge/i.test(m));
    expect(risky).toEqual([]);
  });

  it('no renderer, shell, preload, core, hub or web-harness code calls one', () => {
    const hits: string[] = [];
    for (const dir of UI_AND_CORE) {
      for (const file of sources(dir)) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (DESTRUCTIVE.some((re) => re.test(line))) hits.push(`${file.slice(ROOT.length + 1)}:${i + 1}: ${line.trim().slice(0, 120)}`);
          });
      }
    }
    expect(hits).toEqual([]);
  });

  it('the patterns do find such calls (the scan is not blind)', () => {
    for (const line of ['await driver.reboot(opts);', 'd.reboot?.({ signal })', "client.call('api-sys_operation', { request: 'REBOOT' })", "send('goform/config', { cmd: 'reboot' })", 'await api.deleteAllContacts()']) {
      expect(DESTRUCTIVE.some((re) => re.test(line)), line).toBe(true);
    }
    expect(DESTRUCTIVE.some((re) => re.test("'cap.reboot': 'reboot',"))).toBe(false);
  });

  it('the global hotkeys only dial, answer and hang up', () => {
    expect([...HOTKEY_NAMES].sort()).toEqual(['answer', 'dial', 'hangup']);
  });

  it('the CLI reboots only with an explicit --yes', () => {
    const conn = ['--kind', 'grandstream-phone', '--url', 'http://10.0.0.5', '--user', 'admin', '--password', 'x'];
    expect(() => parseCli(['reboot', ...conn])).toThrow(UsageError);
    expect(() => parseCli(['reboot', ...conn])).toThrow(/add --yes to confirm/);
    expect(parseCli(['reboot', '--yes', ...conn])).toMatchObject({ help: false, args: { command: { name: 'reboot' } } });
  });
});

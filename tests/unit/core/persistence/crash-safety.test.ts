/**
 * Settings and caches survive a crash in the middle of a write: a child process saves new
 * settings (ConfSettingsStore, on the `conf` engine electron-store also uses) or a new document
 * (FileDataStore) and is killed with SIGKILL halfway through writing the bytes, or with the new
 * file complete just before the rename. Afterwards the old settings or document read back intact,
 * the target file is never half-written, and a later save works.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FileDataStore } from '../../../../main/core/persistence/file-data-store';
import { ConfSettingsStore } from '../../../../main/web/conf-store';

const WRITER = join(dirname(fileURLToPath(import.meta.url)), 'crash-writer.ts');
const MARKER = '98765';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'frontdesk-crash-'));
  dirs.push(d);
  return d;
};

/** Run the writer; it must die by SIGKILL (not finish, not fail on its own). */
function crash(store: 'conf' | 'file', mode: 'partial' | 'before-rename', dir: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', WRITER, store, mode, dir, MARKER], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stdout).not.toContain('survived');
  expect(r.signal, r.stderr).toBe('SIGKILL');
}

describe('a crash mid-write keeps the old data', () => {
  for (const mode of ['partial', 'before-rename'] as const) {
    it(`settings (ConfSettingsStore): killed ${mode === 'partial' ? 'halfway through the bytes' : 'just before the rename'}`, async () => {
      const dir = tempDir();
      const before = new ConfSettingsStore(dir);
      const old = await before.load();
      await before.save({ ...old, numbering: { ...old.numbering, countryCode: '41' } });
      const file = join(dir, 'config.json');
      const oldText = readFileSync(file, 'utf8');

      crash('conf', mode, dir);

      expect(readFileSync(file, 'utf8')).toBe(oldText);
      const after = await new ConfSettingsStore(dir).load();
      expect(after.numbering.countryCode).toBe('41');
      // the next save still works and replaces the file whole
      await new ConfSettingsStore(dir).save({ ...after, numbering: { ...after.numbering, countryCode: '39' } });
      expect((await new ConfSettingsStore(dir).load()).numbering.countryCode).toBe('39');
      expect(() => JSON.parse(readFileSync(file, 'utf8')) as unknown).not.toThrow();
    }, 90_000);

    it(`contact cache (FileDataStore): killed ${mode === 'partial' ? 'halfway through the bytes' : 'just before the rename'}`, async () => {
      const dir = tempDir();
      const old = JSON.stringify({ version: 1, contacts: ['Mario Rossi'] });
      await new FileDataStore(dir).write('contacts.json', old);

      crash('file', mode, dir);

      expect(readFileSync(join(dir, 'contacts.json'), 'utf8')).toBe(old);
      expect(await new FileDataStore(dir).read('contacts.json')).toBe(old);
      // a leftover temp file of the dead process is never read as the document
      expect(readdirSync(dir).filter((f) => !f.endsWith('.tmp'))).toEqual(['contacts.json']);
      await new FileDataStore(dir).write('contacts.json', '{"version":3}');
      expect(await new FileDataStore(dir).read('contacts.json')).toBe('{"version":3}');
    }, 90_000);
  }
});

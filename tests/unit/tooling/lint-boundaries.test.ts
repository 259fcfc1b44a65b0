import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const electronFixture = readFileSync('tests/fixtures/lint/core-imports-electron.ts', 'utf8');

describe('import boundaries (eslint)', () => {
  it('fails when main/core imports electron', async () => {
    const errors = await restrictedImportErrors(electronFixture, 'main/core/fixture-bad.ts');
    expect(errors.join('\n')).toMatch(/only main\/shell may import electron/);
  });

  it('fails when main/drivers imports electron-store', async () => {
    const errors = await restrictedImportErrors("import Store from 'electron-store';\nexport const s = Store;\n", 'main/drivers/x/fixture-bad.ts');
    expect(errors).toHaveLength(1);
  });

  it('allows main/shell to import electron', async () => {
    expect(await restrictedImportErrors(electronFixture, 'main/shell/fixture-ok.ts')).toEqual([]);
  });

  it('keeps renderer to renderer and shared', async () => {
    expect(await restrictedImportErrors("import { createCore } from '../../main/core/app';\nexport const c = createCore;\n", 'renderer/src/fixture-bad.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'renderer/src/fixture-bad.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { SECTIONS } from './app/sections';\nimport type { AppInfo } from '../../shared/ipc/contract';\nexport const s: AppInfo | typeof SECTIONS = SECTIONS;\n", 'renderer/src/fixture-ok.ts')).toEqual([]);
  });

  it('keeps preload to shared and electron', async () => {
    expect(await restrictedImportErrors("import { createCore } from '../main/core/app';\nexport const c = createCore;\n", 'preload/fixture-bad.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { ipcRenderer } from 'electron';\nimport { INVOKE_METHODS } from '../shared/ipc/contract';\nexport const x = [ipcRenderer, INVOKE_METHODS];\n", 'preload/fixture-ok.ts')).toEqual([]);
  });
});

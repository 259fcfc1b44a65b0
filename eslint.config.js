// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const electronBan = {
  paths: [
    { name: 'electron', message: 'main/core, main/drivers and sim are plain Node: only main/shell may import electron.' },
    { name: 'electron-store', message: 'main/core, main/drivers and sim are plain Node: only main/shell may import electron-store.' },
  ],
  patterns: [
    { group: ['**/shell/**', '**/main/shell'], message: 'main/core and main/drivers must not depend on the Electron shell.' },
    { group: ['**/renderer/**'], message: 'main must not import renderer code.' },
  ],
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'tests/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['main/core/**', 'main/drivers/**', 'sim/**', 'bench/**', 'main/web/**', 'main/cli/**'],
    rules: { 'no-restricted-imports': ['error', electronBan] },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/main', '../../main*'], message: 'renderer imports only renderer and shared.' },
            { group: ['**/preload/**', '**/preload'], message: 'renderer imports only renderer and shared.' },
            { group: ['**/sim/**', '**/sim'], message: 'renderer imports only renderer and shared.' },
            { group: ['electron', 'electron-store', 'node:*', 'fs', 'path', 'child_process', 'undici'], message: 'renderer runs sandboxed: no Node or Electron modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/renderer/**', '**/sim/**'], message: 'preload imports only shared and electron.' },
            { group: ['node:*', 'fs', 'path', 'child_process', 'undici', 'electron-store', 'zod'], message: 'preload imports only shared and electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/sim/**'], message: 'shared depends on nothing but itself.' },
            { group: ['electron', 'electron-store', 'node:*', 'undici'], message: 'shared runs in every environment: no Node or Electron modules.' },
          ],
        },
      ],
    },
  },
);

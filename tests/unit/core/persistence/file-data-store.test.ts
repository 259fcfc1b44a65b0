import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as fsPromises from 'node:fs/promises';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type FsPromises = typeof fsPromises;

// Lets a test make the final rename fail, to check that a failed write leaves the old document.
const fail = vi.hoisted(() => ({ rename: undefined as Error | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<FsPromises>();
  const rename: FsPromises['rename'] = (from, to) => {
    const e = fail.rename;
    fail.rename = undefined;
    return e ? Promise.reject(e) : real.rename(from, to);
  };
  return { ...real, rename, default: { ...real, rename } };
});

const { FileDataStore, InvalidDocumentNameError, isValidDocumentName } = await import('../../../../main/core/persistence/file-data-store');

let root: string;
let dir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'frontdesk-data-'));
  dir = join(root, 'nested', 'data');
  fail.rename = undefined;
});

describe('FileDataStore', () => {
  it('answers undefined for a missing document, without creating anything', async () => {
    const d = new FileDataStore(dir);
    expect(await d.read('contacts.json')).toBeUndefined();
    expect(existsSync(dir)).toBe(false);
  });

  it('writes a document and reads it back, in this run and the next', async () => {
    const d = new FileDataStore(dir);
    await d.write('contacts.json', '{"contacts":["José","Müller"]}');
    expect(await d.read('contacts.json')).toBe('{"contacts":["José","Müller"]}');
    expect(await new FileDataStore(dir).read('contacts.json')).toBe('{"contacts":["José","Müller"]}');
    await d.write('contacts.json', '');
    expect(await new FileDataStore(dir).read('contacts.json')).toBe('');
  });

  it.skipIf(process.platform === 'win32')('creates files 0600 and the folder 0700, whatever the umask', async () => {
    const old = process.umask(0o000);
    try {
      await new FileDataStore(dir).write('call-history.json', '[]');
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'call-history.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.platform === 'win32')('makes a document written by someone else owner-only on the next write', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.json'), 'old', { mode: 0o644 });
    await new FileDataStore(dir).write('a.json', 'new');
    expect(statSync(join(dir, 'a.json')).mode & 0o777).toBe(0o600);
  });

  it('replaces atomically: a failed write keeps the old document and leaves no temp file', async () => {
    const d = new FileDataStore(dir);
    await d.write('contacts.json', 'version 1');
    fail.rename = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    await expect(d.write('contacts.json', 'version 2')).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual(['contacts.json']);
    expect(readFileSync(join(dir, 'contacts.json'), 'utf8')).toBe('version 1');
    expect(await d.read('contacts.json')).toBe('version 1');
    expect(await new FileDataStore(dir).read('contacts.json')).toBe('version 1');
    await d.write('contacts.json', 'version 3');
    expect(readdirSync(dir)).toEqual(['contacts.json']);
    expect(await new FileDataStore(dir).read('contacts.json')).toBe('version 3');
  });

  it('serialises writes to one name: the last call wins, and a read waits for a pending write', async () => {
    const d = new FileDataStore(dir);
    const writes = Array.from({ length: 20 }, (_, i) => d.write('h.json', `v${i}`));
    const read = d.read('h.json');
    await Promise.all(writes);
    expect(await read).toBe('v19');
    expect(await new FileDataStore(dir).read('h.json')).toBe('v19');
    expect(readdirSync(dir)).toEqual(['h.json']);
  });

  it('reads a document from disk once', async () => {
    const d = new FileDataStore(dir);
    await d.write('a.json', 'mine');
    writeFileSync(join(dir, 'a.json'), 'changed behind our back');
    expect(await d.read('a.json')).toBe('mine');
    const fresh = new FileDataStore(dir);
    expect(await fresh.read('a.json')).toBe('changed behind our back');
    writeFileSync(join(dir, 'a.json'), 'again');
    expect(await fresh.read('a.json')).toBe('changed behind our back');
  });

  it('rejects a read that fails for another reason than a missing file', async () => {
    mkdirSync(join(dir, 'folder.json'), { recursive: true });
    await expect(new FileDataStore(dir).read('folder.json')).rejects.toThrow();
  });

  it('rejects text that is not a string', async () => {
    const d = new FileDataStore(dir);
    await expect(d.write('a.json', { not: 'text' } as unknown as string)).rejects.toThrow(TypeError);
    expect(existsSync(dir)).toBe(false);
  });

  const BAD = ['', '.', '..', '../x.json', '../../etc/passwd', 'a/b.json', 'a\\b.json', '/etc/passwd', 'C:\\x.json', '.hidden', 'a..json', 'x.json.', 'x\0.json', 'sp ace.json', 'CON', 'nul.json', 'Com1.txt', 'lpt9', 'x'.repeat(101), 'é.json'];

  it.each(BAD)('refuses the name %j for reads and writes, writing nothing', async (name) => {
    const d = new FileDataStore(dir);
    expect(isValidDocumentName(name)).toBe(false);
    await expect(d.read(name)).rejects.toBeInstanceOf(InvalidDocumentNameError);
    await expect(d.write(name, 'x')).rejects.toBeInstanceOf(InvalidDocumentNameError);
    expect(() => d.pathOf(name)).toThrow(InvalidDocumentNameError);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses names that are not strings', async () => {
    const d = new FileDataStore(dir);
    await expect(d.read(undefined as unknown as string)).rejects.toBeInstanceOf(InvalidDocumentNameError);
    expect(isValidDocumentName(42)).toBe(false);
  });

  it.each(['contacts.json', 'call-history.json', 'a', 'A_b-1.v2.json', 'x'.repeat(100), 'console.json', 'com10'])('accepts the name %j', (name) => {
    expect(isValidDocumentName(name)).toBe(true);
    expect(new FileDataStore(dir).pathOf(name)).toBe(join(dir, name));
  });
});

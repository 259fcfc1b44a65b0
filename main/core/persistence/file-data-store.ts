/**
 * A `DataStore` on plain files (no electron): one file per document in one folder. The Electron
 * shell puts it under userData/data, the web harness next to its settings.
 *
 * - Names are validated (letters, digits, `_`, `-`, dot-separated parts; no path separators, no
 *   `..`, no leading dot, no Windows device names), so a name can never leave the folder.
 * - Writes are atomic: a temp file in the same folder (created owner-only, 0600), fsync, rename.
 *   A crash leaves the old document or the new one, never half of one.
 * - Writes to one name are serialised (the last call wins); reads are cached, so a document is
 *   read from disk at most once.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataStore } from './stores';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const MAX_NAME = 100;
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/i;

export class InvalidDocumentNameError extends Error {
  constructor(name: string) {
    super(`invalid document name ${JSON.stringify(name.slice(0, MAX_NAME + 1))}: use letters, digits, "_", "-" and dots, at most ${MAX_NAME} characters`);
    this.name = 'InvalidDocumentNameError';
  }
}

export function isValidDocumentName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= MAX_NAME && NAME.test(name) && !WINDOWS_DEVICE.test(name);
}

export interface FileDataStoreOptions {
  /** File mode of documents (default 0o600: owner only). */
  fileMode?: number;
  /** Mode of the folder when it has to be created (default 0o700). */
  dirMode?: number;
}

/** Windows can refuse a rename for a moment while another process (antivirus, indexer) holds the file. */
const RETRYABLE_RENAME = new Set(['EPERM', 'EACCES', 'EBUSY']);

function codeOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

export class FileDataStore implements DataStore {
  private readonly cache = new Map<string, string | undefined>();
  private readonly reads = new Map<string, Promise<string | undefined>>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly fileMode: number;
  private readonly dirMode: number;
  private dirReady: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    opts: FileDataStoreOptions = {},
  ) {
    this.fileMode = opts.fileMode ?? 0o600;
    this.dirMode = opts.dirMode ?? 0o700;
  }

  /** The file a document lives in; throws `InvalidDocumentNameError` for a bad name. */
  pathOf(name: string): string {
    if (!isValidDocumentName(name)) throw new InvalidDocumentNameError(String(name));
    return join(this.dir, name);
  }

  read(name: string): Promise<string | undefined> {
    let file: string;
    try {
      file = this.pathOf(name);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    if (this.cache.has(name)) return Promise.resolve(this.cache.get(name));
    // A write in progress decides what the document is: wait for it, then read through the cache.
    const pending = this.writes.get(name);
    if (pending) return pending.then(() => this.read(name), () => this.read(name));
    let reading = this.reads.get(name);
    if (!reading) {
      reading = readFile(file, 'utf8').then(
        (text) => text,
        (e: unknown) => {
          if (codeOf(e) === 'ENOENT') return undefined;
          throw e;
        },
      );
      const r = reading;
      this.reads.set(name, r);
      r.then(
        (text) => {
          // Only cache what no write has replaced meanwhile.
          if (this.reads.get(name) === r) this.cache.set(name, text);
        },
        () => undefined,
      ).finally(() => {
        if (this.reads.get(name) === r) this.reads.delete(name);
      });
    }
    return reading;
  }

  write(name: string, text: string): Promise<void> {
    let file: string;
    try {
      file = this.pathOf(name);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    if (typeof text !== 'string') return Promise.reject(new TypeError(`document ${name}: text must be a string`));
    const previous = this.writes.get(name) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.writeFile(file, text))
      .then(() => {
        this.reads.delete(name);
        this.cache.set(name, text);
      });
    this.writes.set(name, next);
    const cleanup = () => {
      if (this.writes.get(name) === next) this.writes.delete(name);
    };
    next.then(cleanup, cleanup);
    return next;
  }

  private ensureDir(): Promise<void> {
    this.dirReady ??= mkdir(this.dir, { recursive: true, mode: this.dirMode }).then(
      () => undefined,
      (e: unknown) => {
        this.dirReady = undefined;
        throw e;
      },
    );
    return this.dirReady;
  }

  private async writeFile(file: string, text: string): Promise<void> {
    await this.ensureDir();
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      // 'wx': never follow or reuse an existing file; the mode is applied at creation.
      const fh = await open(tmp, 'wx', this.fileMode);
      try {
        await fh.writeFile(text, 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await renameWithRetry(tmp, file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      if (process.platform !== 'win32' || attempt >= 5 || !RETRYABLE_RENAME.has(codeOf(e) ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

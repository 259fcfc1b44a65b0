/**
 * Child process of crash-safety.test.ts: saves new settings (ConfSettingsStore, the `conf` engine
 * electron-store also uses) or a new document (FileDataStore), and KILLS ITSELF (SIGKILL, no
 * cleanup, no exit handlers) in the middle of the write:
 *   partial       — after writing half of the new bytes (before any fsync or rename)
 *   before-rename — after the new file is complete, just before it would replace the old one
 * The file system calls are patched before the stores' modules load, so the libraries see the
 * patched functions.
 *
 * usage: node --import tsx crash-writer.ts <conf|file> <partial|before-rename> <dir> <marker>
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [store, mode, dir, marker] = process.argv.slice(2) as [string, string, string, string];

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL cannot be caught; wait for it without returning to the caller
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
  throw new Error('not killed');
}

const carries = (data: unknown): boolean => (typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '').includes(marker);

if (store === 'conf') {
  const writeSync = fs.writeSync.bind(fs) as (fd: number, data: string | Buffer, ...rest: unknown[]) => number;
  const renameSync = fs.renameSync.bind(fs);
  let armed = false;
  (fs as { writeSync: unknown }).writeSync = (fd: number, data: string | Buffer, ...rest: unknown[]): number => {
    if (carries(data)) {
      armed = true;
      if (mode === 'partial') {
        writeSync(fd, typeof data === 'string' ? data.slice(0, data.length >> 1) : data.subarray(0, data.length >> 1));
        die();
      }
    }
    return writeSync(fd, data, ...rest);
  };
  (fs as { renameSync: unknown }).renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
    if (armed && mode === 'before-rename') die();
    renameSync(from, to);
  };
} else {
  const promises = fs.promises;
  const rename = promises.rename.bind(promises);
  const open = promises.open.bind(promises);
  (promises as { rename: unknown }).rename = async (from: fs.PathLike, to: fs.PathLike): Promise<void> => {
    if (mode === 'before-rename') die();
    await rename(from, to);
  };
  (promises as { open: unknown }).open = async (...args: Parameters<typeof promises.open>) => {
    const fh = await open(...args);
    if (mode === 'partial') {
      const writeFile = fh.writeFile.bind(fh);
      fh.writeFile = async (data: Parameters<typeof fh.writeFile>[0]) => {
        if (typeof data === 'string' && data.includes(marker)) {
          await writeFile(data.slice(0, data.length >> 1));
          await fh.sync();
          die();
        }
        return writeFile(data);
      };
    }
    return fh;
  };
}
syncBuiltinESMExports();

if (store === 'conf') {
  const { ConfSettingsStore } = await import('../../../../main/web/conf-store');
  const s = new ConfSettingsStore(dir);
  const current = await s.load();
  await s.save({ ...current, numbering: { ...current.numbering, countryCode: marker } });
} else {
  const { FileDataStore } = await import('../../../../main/core/persistence/file-data-store');
  await new FileDataStore(dir).write('contacts.json', JSON.stringify({ version: 2, marker, filler: 'x'.repeat(100_000) }));
}
// reaching this line means the crash did not happen
process.stdout.write('survived\n');

/**
 * `node --import tsx scripts/bundle-size.ts [--json]` (run by `npm test` right after the build)
 *
 * Measures the renderer's JavaScript as built in out/renderer/assets, gzipped (level 9, as a web
 * server would send it), prints each file and the total, and fails when the total exceeds the
 * budget of 300 KB (issue 8: "The renderer's JS stays ≤ 300 KB gzipped").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 300 * 1024;

export interface SizedFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}
export interface SizeReport {
  files: SizedFile[];
  totalBytes: number;
  totalGzipBytes: number;
  budgetBytes: number;
  ok: boolean;
}

export function measure(files: { file: string; content: Uint8Array }[], budgetBytes = BUDGET_BYTES): SizeReport {
  const sized = files.map((f) => ({ file: f.file, bytes: f.content.byteLength, gzipBytes: gzipSync(f.content, { level: 9 }).byteLength })).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const totalGzipBytes = sized.reduce((n, f) => n + f.gzipBytes, 0);
  return { files: sized, totalBytes: sized.reduce((n, f) => n + f.bytes, 0), totalGzipBytes, budgetBytes, ok: totalGzipBytes <= budgetBytes };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function formatReport(r: SizeReport): string {
  const lines = r.files.map((f) => `  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)} ${kb(f.gzipBytes).padStart(10)} gzipped`);
  lines.push(`  ${'total'.padEnd(40)} ${kb(r.totalBytes).padStart(10)} ${kb(r.totalGzipBytes).padStart(10)} gzipped (budget ${kb(r.budgetBytes)})`);
  return lines.join('\n');
}

function main(): number {
  const dir = join('out', 'renderer', 'assets');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.js'));
  } catch {
    process.stderr.write(`[bundle-size] ${dir} is missing: run npm run build first\n`);
    return 1;
  }
  if (names.length === 0) {
    process.stderr.write(`[bundle-size] no JavaScript in ${dir}: run npm run build first\n`);
    return 1;
  }
  const r = measure(names.map((file) => ({ file, content: readFileSync(join(dir, file)) })));
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    process.stdout.write(`[bundle-size] renderer JavaScript:\n${formatReport(r)}\n`);
    process.stdout.write(r.ok ? `[bundle-size] ok: ${kb(r.totalGzipBytes)} gzipped is within ${kb(r.budgetBytes)}\n` : `[bundle-size] TOO BIG: ${kb(r.totalGzipBytes)} gzipped exceeds ${kb(r.budgetBytes)}\n`);
  }
  return r.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();

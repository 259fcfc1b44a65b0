/** The fault matrix as text: a family × fault grid, then one line per applied pair. */
import { FAULTS } from './fault-matrix-cases';
import type { CellResult } from './fault-matrix-cell';

const secs = (ms: number | undefined): string => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)}s`);

function symbol(r: CellResult): string {
  if (r.problems.length > 0) return 'FAIL';
  if (r.outcome.kind === 'n/a') return 'n/a';
  if (r.outcome.kind === 'transparent') return 'ok*';
  return r.outcome.recovery === 'retry' ? 'ok†' : 'ok';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function formatMatrix(results: readonly CellResult[], roundNotes: readonly string[]): string {
  const families = [...new Set(results.map((r) => `${r.device.family} (${r.device.id})`))];
  const w0 = Math.max(...families.map((f) => f.length), 6) + 1;
  const cols = FAULTS.map((f) => Math.max(f.length, 4) + 1);
  const out: string[] = [];
  out.push('Fault matrix: family (faulted device) × fault. ok = typed error, right health, recovered by itself;');
  out.push('ok† = recovered after Retry (devices.refresh, as designed: credentials refused or a lock told in minutes);');
  out.push('ok* = absorbed by the driver, device stayed online; n/a = the fault does not exist there (simulator says 400).');
  out.push('');
  out.push(pad('family', w0) + FAULTS.map((f, i) => pad(f, cols[i] ?? 0)).join(''));
  for (const fam of families) {
    const row = FAULTS.map((f, i) => {
      const r = results.find((x) => `${x.device.family} (${x.device.id})` === fam && x.fault === f);
      return pad(r ? symbol(r) : '?', cols[i] ?? 0);
    });
    out.push(pad(fam, w0) + row.join(''));
  }
  out.push('');
  out.push(['device', 'fault', 'expected', 'errors thrown', 'health', 'detect', 'retries≤bound', 'device reqs≤bound', 'recover', 'result'].join(' | '));
  for (const r of results) {
    if (r.outcome.kind === 'n/a') continue;
    const exp = r.outcome.kind === 'down' ? `${r.outcome.health}/${r.outcome.errors.join('|')}${r.outcome.recovery === 'retry' ? ' +Retry' : ''}` : 'stays online';
    out.push(
      [
        r.device.id,
        r.fault,
        exp,
        r.errorKinds.join(',') || '–',
        r.health ?? '–',
        secs(r.detectMs),
        r.retries === undefined ? '–' : `${r.retries}≤${r.retryBound ?? '?'}`,
        r.simRequests === undefined ? '–' : `${r.simRequests}≤${r.simBound ?? '?'}`,
        secs(r.recoverMs),
        r.problems.length > 0 ? `FAIL: ${r.problems.join('; ')}` : `ok${r.note ? ` (${r.note})` : ''}`,
      ].join(' | '),
    );
  }
  const na = results.filter((r) => r.outcome.kind === 'n/a');
  if (na.length > 0) out.push('', `n/a: ${na.map((r) => `${r.device.family} × ${r.fault} (${r.note})`).join('; ')}`);
  if (roundNotes.length > 0) out.push('', ...roundNotes);
  return out.join('\n');
}

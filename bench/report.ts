/**
 * The bench result (its JSON shape is a public contract, issue 7 §7), the targets it is judged
 * against, and the human-readable table. Pure: unit-tested.
 */
import type { IdleFigures, PollFigures } from './poll';
import { timesBetter } from './stats';

export interface SearchFigures {
  contacts: number;
  buildMs: number;
  queryP50Ms: number;
  queryP99Ms: number;
  baseline: { queryP50Ms: number; queryP99Ms: number };
}

export interface BenchResult {
  poll: PollFigures & { baseline: PollFigures };
  search: SearchFigures;
  idle: IdleFigures;
}

export interface TargetCheck {
  name: string;
  met: boolean;
  detail: string;
}

const fmt = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits));

/** The targets (the Hz target is stated at N=1,000; the name shows the N measured). */
export function checkTargets(r: BenchResult): TargetCheck[] {
  const p = r.poll;
  const detectX = timesBetter(p.baseline.detectP99Ms, p.detectP99Ms);
  const searchX = timesBetter(r.search.baseline.queryP99Ms, r.search.queryP99Ms);
  const le = (v: number | null, max: number): boolean => v !== null && v <= max;
  return [
    { name: `achievedHz >= 0.97 (N=${p.devices})`, met: p.achievedHz !== null && p.achievedHz >= 0.97, detail: fmt(p.achievedHz, 3) },
    { name: 'detectP99Ms <= 1,050', met: le(p.detectP99Ms, 1050), detail: `${fmt(p.detectP99Ms)} ms` },
    { name: 'hub CPU <= 35% of one core', met: le(p.cpuPctOfCore, 35), detail: `${fmt(p.cpuPctOfCore)} %` },
    { name: 'hub RSS <= 250 MB', met: le(p.rssMb, 250), detail: `${fmt(p.rssMb)} MB` },
    { name: `search queryP99Ms <= 2 (${r.search.contacts} contacts)`, met: le(r.search.queryP99Ms, 2), detail: `${fmt(r.search.queryP99Ms, 3)} ms` },
    { name: '>= 10x baseline on detect p99', met: detectX >= 10, detail: `${fmt(detectX)}x` },
    { name: '>= 10x baseline on search p99', met: searchX >= 10, detail: `${fmt(searchX)}x` },
    { name: '0 idle patches', met: r.idle.patchesEmitted === 0, detail: `${r.idle.patchesEmitted} in ${r.idle.seconds} s over ${r.idle.devices} devices` },
  ];
}

function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('   ')).join('\n');
}

/** The readable report printed without --json; `notes` are free-form lines added under it. */
export function formatReport(r: BenchResult, notes: readonly string[] = []): string {
  const p = r.poll;
  const b = p.baseline;
  const poll = table([
    ['poll', 'hub', 'baseline'],
    ['devices', String(p.devices), String(b.devices)],
    ['achieved Hz per device', fmt(p.achievedHz, 3), fmt(b.achievedHz, 3)],
    ['detect p50 (ms)', fmt(p.detectP50Ms), fmt(b.detectP50Ms)],
    ['detect p99 (ms)', fmt(p.detectP99Ms), fmt(b.detectP99Ms)],
    ['CPU (% of one core)', fmt(p.cpuPctOfCore), fmt(b.cpuPctOfCore)],
    ['RSS (MB)', fmt(p.rssMb), fmt(b.rssMb)],
  ]);
  const s = r.search;
  const search = table([
    ['search', 'index', 'array filter'],
    ['contacts', String(s.contacts), String(s.contacts)],
    ['build (ms)', fmt(s.buildMs), ''],
    ['query p50 (ms)', fmt(s.queryP50Ms, 3), fmt(s.baseline.queryP50Ms, 3)],
    ['query p99 (ms)', fmt(s.queryP99Ms, 3), fmt(s.baseline.queryP99Ms, 3)],
  ]);
  const idle = `idle: ${r.idle.patchesEmitted} patches from ${r.idle.devices} unchanging devices in ${r.idle.seconds} s`;
  const targets = checkTargets(r)
    .map((t) => `  ${t.met ? 'met   ' : 'MISSED'}  ${t.name}: ${t.detail}`)
    .join('\n');
  return [poll, '', search, '', idle, '', 'targets:', targets, ...(notes.length ? ['', 'notes:', ...notes.map((n) => `  ${n}`)] : [])].join('\n');
}

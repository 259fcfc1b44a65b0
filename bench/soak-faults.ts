/**
 * The soak's fault plan: faults switch on and off at random (seeded) on up to `maxActive` devices
 * at a time, each for 1–5 s, with the kinds that exist on the device. A device whose fault left it
 * stopped (credentials refused, a lock told in minutes) gets the user's Retry once the fault is
 * cleared, as a receptionist would press it.
 */
import type { FaultKind } from '../sim/lib/types';

export interface PlanDevice {
  id: string;
  kind: string;
  /** Farm phones: every 10th is SHA-256, every 10th + 5 passcode (bench/soak-farm.ts). */
  family?: string;
}

export interface ActiveFault {
  device: string;
  kind: FaultKind;
  until: number;
}

/** mulberry32: a small seeded generator, so a run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GENERIC: readonly [FaultKind, number][] = [
  ['offline', 3],
  ['slow', 2],
  ['error500', 3],
  ['malformed', 2],
  ['truncated', 2],
  ['reset', 3],
  ['huge-body', 1],
];

/** The faults a device can have, with weights. */
export function kindsFor(d: PlanDevice): readonly [FaultKind, number][] {
  const extra: [FaultKind, number][] = [['auth-expired', 2]];
  if (d.kind === 'grandstream-phone' && d.family !== 'passcode') extra.push(['lockout', 1]);
  if (d.kind === 'kalliope') extra.push(['license-expired', 2]);
  return [...GENERIC, ...extra];
}

function pick(rand: () => number, weighted: readonly [FaultKind, number][]): FaultKind {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [k, w] of weighted) {
    r -= w;
    if (r < 0) return k;
  }
  return weighted[weighted.length - 1]?.[0] ?? 'error500';
}

export interface FaultPlanOptions {
  devices: readonly PlanDevice[];
  maxActive: number;
  seed: number;
  minMs?: number;
  maxMs?: number;
}

export class FaultPlan {
  readonly active = new Map<string, ActiveFault>();
  readonly applied = new Map<FaultKind, number>();
  private readonly rand: () => number;
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(private readonly opts: FaultPlanOptions) {
    this.rand = seeded(opts.seed);
    this.minMs = opts.minMs ?? 1000;
    this.maxMs = opts.maxMs ?? 5000;
  }

  /** Faults whose time is up (to clear), removed from the active set. */
  expired(now: number): ActiveFault[] {
    const out: ActiveFault[] = [];
    for (const f of this.active.values()) if (f.until <= now) out.push(f);
    for (const f of out) this.active.delete(f.device);
    return out;
  }

  /** New faults to switch on now (at most one per call, so they spread in time). */
  next(now: number): ActiveFault | undefined {
    if (this.active.size >= this.opts.maxActive || this.opts.devices.length === 0) return undefined;
    const d = this.opts.devices[Math.floor(this.rand() * this.opts.devices.length)];
    if (!d || this.active.has(d.id)) return undefined;
    const kind = pick(this.rand, kindsFor(d));
    const f: ActiveFault = { device: d.id, kind, until: now + this.minMs + Math.floor(this.rand() * (this.maxMs - this.minMs)) };
    this.active.set(d.id, f);
    this.applied.set(kind, (this.applied.get(kind) ?? 0) + 1);
    return f;
  }

  /** Every active fault (to clear at the end), emptying the set. */
  drain(): ActiveFault[] {
    const out = [...this.active.values()];
    this.active.clear();
    return out;
  }
}

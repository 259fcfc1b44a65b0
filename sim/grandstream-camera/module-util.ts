import type { CameraCore } from './core';
import { invalid, isReply, type KvLine, type Params, type Reply } from './reply';

/** A module answer, optionally with something to do once it has been sent (e.g. reboot). */
export type ModuleReply = Reply & { after?: () => void };
export type ModuleHandler = (core: CameraCore, cmd: string, p: Params) => ModuleReply;

/**
 * Channels a `get` covers: the one named by `param`, or all of them. A single-channel camera
 * accepts only 0 ("IP Camera no need to set this parameter").
 */
export function channelsFor(core: CameraCore, p: Params, param = 'channel'): number[] | Reply {
  const raw = p.get(param);
  if (raw === undefined || raw === '') return core.channels.map((_, i) => i);
  if (!/^\d+$/.test(raw) || Number(raw) >= core.channels.length) return invalid(param);
  return [Number(raw)];
}

/** The channel a `set` applies to (default 0). */
export function channelFor(core: CameraCore, p: Params, param = 'channel'): number | Reply {
  const r = channelsFor(core, p, param);
  if (isReply(r)) return r;
  return p.get(param) ? (r[0] ?? 0) : 0;
}

/**
 * Per-channel blocks of a `get`. Multi-channel devices separate channels with `channel=N` lines
 * (seed 002 "Common URL Format"); single-channel cameras have no separator.
 */
export function perChannel(core: CameraCore, channels: number[], block: (i: number) => KvLine[]): KvLine[] {
  const out: KvLine[] = [];
  for (const i of channels) {
    if (core.channels.length > 1) out.push(['channel', i]);
    out.push(...block(i));
  }
  return out;
}

/** Check every named parameter against `known`; the first unknown one is `Invalid`. */
export function unknownParam(p: Params, known: readonly string[], ...ignore: string[]): Reply | null {
  for (const n of p.names(...ignore)) if (!known.includes(n)) return invalid(n);
  return null;
}

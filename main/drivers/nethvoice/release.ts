import type { PbxUserLimits } from '../../../shared/domain';
import { NETHVOICE_FAMILIES, type NethVoiceFamily } from '../../core/driver/types';
import { isRecord, ShapeError } from '../common/shape';
import type { NvMailbox } from './types';

/**
 * Readers for the routes whose answers tell the NethVoice server releases apart (public server
 * sources: nethvoice-wizard-restapi for NethServer 7, ns8-nethvoice for NethServer 8):
 * - `GET /mainextensions/userlimits` exists on NS8 only (NS7 reads "userlimits" as an extension
 *   number and answers 404, without the directory sync of the list route): the safe detection;
 * - `GET /users/sync` is a boolean on NS8; on NS7 the same path is caught by `/users/{all}` and
 *   returns every user with clear-text passwords, so the driver never asks it there;
 * - `GET /voicemails/{ext}` for no mailbox: `null` (200) on NS8, 404 with an empty body on NS7.
 */

/** The generation reported with each family. */
export const GENERATION_OF: Readonly<Record<NethVoiceFamily, string>> = { 'nethvoice-legacy': 'ns7', 'nethvoice-ns8': 'ns8' };

export function nethVoiceFamily(device: string, family: string | undefined): NethVoiceFamily | undefined {
  if (family === undefined || family === '') return undefined;
  const known = NETHVOICE_FAMILIES.find((f) => f === family);
  if (!known) throw new RangeError(`${device}: "${family.slice(0, 40)}" is not a NethVoice family; use ${NETHVOICE_FAMILIES.join(' or ')}, or leave it empty to detect it.`);
  return known;
}

/** A count sent as a number or a numeric string; null otherwise. */
function count(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return null;
}

/**
 * `{"configured":N,"limit":8,"configurable":M}` (community) or `{"configured":N,"limit":false,
 * "configurable":false}` (enterprise); a bare `false` is read as enterprise with nothing counted.
 */
export function parseUserLimits(data: unknown): PbxUserLimits {
  if (data === false || data === 'false') return { edition: 'enterprise', configured: null, limit: null, configurable: null };
  if (!isRecord(data)) throw new ShapeError('the user limits are not an object');
  const configured = count(data['configured']);
  if (data['limit'] === false || data['limit'] === 'false') {
    return { edition: 'enterprise', configured, limit: null, configurable: null };
  }
  const limit = count(data['limit']);
  if (limit === null) throw new ShapeError('the user limits have no "limit"');
  const configurable = count(data['configurable']) ?? (configured === null ? null : limit - configured);
  return { edition: 'community', configured, limit, configurable };
}

/** `GET /users/sync` on NS8: whether a directory sync is running. */
export function parseSyncFlag(data: unknown): boolean {
  if (data === true || data === 'true' || data === 1 || data === '1') return true;
  if (data === false || data === 'false' || data === 0 || data === '0') return false;
  throw new ShapeError('the sync state is not true or false');
}

/** `GET /voicemails/{ext}`: null (NS8) or an empty answer means no mailbox; the PIN (`pwd`) is not copied. */
export function parseMailboxEntry(ext: string, data: unknown): NvMailbox | null {
  if (data === null || data === undefined || data === false || (Array.isArray(data) && data.length === 0)) return null;
  if (!isRecord(data)) throw new ShapeError('the mailbox is not an object');
  const mailbox = typeof data['mailbox'] === 'string' && data['mailbox'] ? data['mailbox'] : ext;
  return { mailbox, name: typeof data['name'] === 'string' ? data['name'] : '' };
}

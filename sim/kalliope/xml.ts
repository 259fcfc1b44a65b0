import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * XML of the KalliopePBX REST API (seed 003): `<kpbx_request>` bodies in, `<kpbx_response>` out,
 * with `request_id` echoed directly under the root when the request carried one.
 */

export type XmlValue = string | XmlTree | XmlTree[] | undefined;
export interface XmlTree {
  [tag: string]: XmlValue;
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', ignoreAttributes: true, suppressEmptyNode: true });
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

export const XML_CONTENT_TYPE = 'application/xml; charset=UTF-8';

/** `<?xml version="1.0"?><kpbx_response>[<request_id>…</request_id>]…</kpbx_response>`. */
export function responseXml(requestId: string | undefined, content: XmlTree): string {
  const root: XmlTree = requestId === undefined ? content : { request_id: requestId, ...content };
  return `<?xml version="1.0"?>\n${builder.build({ kpbx_response: root }) as string}`;
}

/** `<error><code>…</code><message>…</message></error>` (tag name differs for CDR/click2call). */
export function errorTag(code: number, message: string, tag = 'error'): XmlTree {
  return { [tag]: { code: String(code), message } };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The content of `<kpbx_request>`: a record, `{}` for an empty root, or null when the body is
 * not well-formed XML or has another root.
 */
export function parseRequest(body: Buffer): Record<string, unknown> | null {
  const text = body.toString('utf8').replace(/^\uFEFF/, '').trim();
  if (!text) return null;
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return null;
  if (XMLValidator.validate(text) !== true) return null;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(doc) || !('kpbx_request' in doc)) return null;
  const root = doc['kpbx_request'];
  return isRecord(root) ? root : {};
}

/** Text of an element: '' for an empty one, undefined when absent or not text. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A child element as a record: `{}` for a self-closing `<x/>`, undefined when absent. */
export function child(parent: Record<string, unknown>, tag: string): Record<string, unknown> | undefined {
  if (!(tag in parent)) return undefined;
  const v = parent[tag];
  if (isRecord(v)) return v;
  if (Array.isArray(v)) return v.find(isRecord) ?? {};
  return {};
}

/** Boolean element: true/false (also 1/0, yes/no); undefined when absent or unreadable. */
export function boolOf(v: unknown): boolean | undefined {
  const s = textOf(v)?.toLowerCase();
  if (s === 'true' || s === '1' || s === 'yes') return true;
  if (s === 'false' || s === '0' || s === 'no') return false;
  return undefined;
}

export const bool = (b: boolean): string => (b ? 'true' : 'false');

/**
 * The seed's match rule for phonebook search and CDR filters: exact by default, `%` means "zero or
 * more characters" (SQL LIKE). Case-insensitive, as with the default SQL collations.
 */
export function likeMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('%')) return pattern.toLowerCase() === value.toLowerCase();
  const re = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`, 'is').test(value);
}

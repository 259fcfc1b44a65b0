import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { isRecord } from '../common/shape';
import { xmlRefusal } from '../common/xml-guard';

/**
 * XML for the KalliopePBX REST API: `<kpbx_request>` bodies are built with XMLBuilder (which
 * escapes & < > " ' in every value, so a contact name cannot inject tags or close a CDATA section),
 * `<kpbx_response>` bodies are validated before they are parsed, values are kept as strings.
 */

/** A value in a request tree: text, a nested element, or a list of repeated elements. */
export type XmlValue = string | number | boolean | XmlTree | XmlTree[] | undefined;
export interface XmlTree {
  [tag: string]: XmlValue;
}

const builder = new XMLBuilder({ format: false, ignoreAttributes: true, suppressEmptyNode: true });

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
});

/** Characters that XML 1.0 forbids anywhere (NUL and most C0 controls). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function clean(v: XmlValue): XmlValue {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v.replace(FORBIDDEN_CHARS, '');
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.map((t) => clean(t) as XmlTree);
  const out: XmlTree = {};
  for (const [k, val] of Object.entries(v)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k)) throw new Error(`invalid XML tag name "${k}"`);
    const c = clean(val);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/**
 * Build a `<kpbx_request>` document. `request_id` is placed directly under the root, first.
 * An empty element (e.g. `<cdr/>`) is produced for an empty object value.
 */
export function buildRequest(requestId: string, content: XmlTree): string {
  const tree = clean({ request_id: requestId, ...content }) as XmlTree;
  // A raw CR in text would reach the PBX as LF (XML 1.0, 2.11 End-of-Line Handling): send it as a character reference.
  return '<?xml version="1.0"?>\n' + (builder.build({ kpbx_request: tree }) as string).replace(/\r/g, '&#13;');
}

export type XmlParseResult = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/** Validate and parse an XML document. Refuses DTDs (no entity expansion from a device) and oversized tags or attributes (xml-guard.ts). */
export function parseXml(text: string): XmlParseResult {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t.startsWith('<')) return { ok: false, reason: 'the body is not XML' };
  if (/<!DOCTYPE|<!ENTITY/i.test(t)) return { ok: false, reason: 'the XML carries a DTD, which Frontdesk refuses' };
  const refused = xmlRefusal(t);
  if (refused) return { ok: false, reason: refused };
  const valid = XMLValidator.validate(t);
  if (valid !== true) return { ok: false, reason: `invalid XML (${valid.err.msg}, line ${valid.err.line})` };
  try {
    const value: unknown = parser.parse(t);
    if (!isRecord(value)) return { ok: false, reason: 'empty XML document' };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, reason: `unreadable XML (${e instanceof Error ? e.message : String(e)})` };
  }
}

export { isRecord };

/** Text of a parsed element: strings and numbers as a string, empty elements and objects as ''. */
export function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** A repeated element as a list: absent → [], one → [one], many → many. Non-objects are dropped. */
export function list(v: unknown): Record<string, unknown>[] {
  if (v === undefined || v === null || v === '') return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.filter(isRecord);
}

export function bool(v: unknown): boolean | null {
  const s = text(v).toLowerCase();
  if (s === 'true' || s === '1' || s === 'yes') return true;
  if (s === 'false' || s === '0' || s === 'no') return false;
  return null;
}

export function int(v: unknown): number | null {
  const s = text(v);
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

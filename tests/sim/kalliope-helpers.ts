import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';

/** Shared helpers of the KalliopePBX simulator conformance tests. */

export const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, ignoreDeclaration: true });

export type Tree = Record<string, unknown>;

export interface KRes {
  status: number;
  text: string;
  contentType: string;
  headers: Headers;
  /** Content of <kpbx_response> (throws in the getter when the body is not one). */
  root: Tree;
}

export function rootOf(text: string): Tree {
  expect(text.startsWith('<?xml version="1.0"?>')).toBe(true);
  const doc = parser.parse(text) as Tree;
  const r = doc['kpbx_response'];
  expect(r, 'a <kpbx_response> root').toBeDefined();
  return typeof r === 'object' && r !== null ? (r as Tree) : {};
}

export async function call(base: string, auth: string | null, method: string, path: string, body?: string, extra: Record<string, string> = {}): Promise<KRes> {
  const headers: Record<string, string> = { ...extra };
  if (auth) headers['Authorization'] = auth;
  if (body !== undefined) headers['Content-Type'] = 'application/xml';
  const r = await fetch(`${base}/rest${path}`, { method, headers, body });
  const text = await r.text();
  const contentType = r.headers.get('content-type') ?? '';
  return {
    status: r.status,
    text,
    contentType,
    headers: r.headers,
    get root(): Tree {
      return rootOf(text);
    },
  };
}

/** A `<kpbx_request>` document around `inner` (XML text). */
export const req = (inner: string, requestId?: string): string =>
  `<?xml version="1.0"?>\n<kpbx_request>${requestId === undefined ? '' : `<request_id>${requestId}</request_id>`}${inner}</kpbx_request>`;

/** `<tag><error|error_code><code/><message/></…></tag>` → [code, message]. */
export function errorOf(root: Tree, tag: string, inner = 'error'): [string, string] {
  const t = root[tag] as Tree | undefined;
  const e = t?.[inner] as Tree | undefined;
  return [String(e?.['code'] ?? ''), String(e?.['message'] ?? '')];
}

/** A repeated element as a list. */
export function many(v: unknown): Tree[] {
  if (v === undefined || v === '' || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as Tree[];
}

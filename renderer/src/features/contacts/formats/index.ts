/** Which format a file is in, and the readers and writers by format. */
import { parseCsv, writeCsv } from './csv';
import { parseGrandstreamXml, writeGrandstreamXml } from './grandstream';
import type { ExportContact, ParseResult } from './model';
import { parseVcard, writeVcard } from './vcard';

export type ImportFormat = 'xml' | 'vcard' | 'csv';
export type ExportFormat = 'xml' | 'vcard3' | 'vcard4' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xml', 'vcard3', 'vcard4', 'csv'];

/** Files larger than this are refused before reading (a phonebook of 100,000 contacts is ~20 MB of XML). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export function detectFormat(fileName: string, text: string): ImportFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xml') return 'xml';
  if (ext === 'vcf' || ext === 'vcard') return 'vcard';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 200);
  if (head.startsWith('<')) return 'xml';
  if (/^BEGIN:VCARD/i.test(head)) return 'vcard';
  if (/[,;\t]/.test(head.split(/\r?\n/, 1)[0] ?? '')) return 'csv';
  return undefined;
}

export function parseContactsFile(fileName: string, text: string): ParseResult & { format?: ImportFormat } {
  if (text.length > MAX_IMPORT_BYTES) return { rows: [], skipped: [], notes: [], fileProblem: 'tooBig' };
  const format = detectFormat(fileName, text);
  if (!format) return { rows: [], skipped: [], notes: [], fileProblem: text.trim() === '' ? 'empty' : 'unknownFormat' };
  const r = format === 'xml' ? parseGrandstreamXml(text) : format === 'vcard' ? parseVcard(text) : parseCsv(text);
  return { ...r, format };
}

export interface Written {
  text: string;
  mime: string;
  extension: string;
}

export function writeContacts(format: ExportFormat, contacts: readonly ExportContact[]): Written {
  switch (format) {
    case 'xml':
      return { text: writeGrandstreamXml(contacts), mime: 'application/xml', extension: 'xml' };
    case 'vcard3':
      return { text: writeVcard(contacts, '3.0'), mime: 'text/vcard', extension: 'vcf' };
    case 'vcard4':
      return { text: writeVcard(contacts, '4.0'), mime: 'text/vcard', extension: 'vcf' };
    case 'csv':
      return { text: writeCsv(contacts), mime: 'text/csv', extension: 'csv' };
  }
}

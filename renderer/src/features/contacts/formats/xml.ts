/**
 * A small, strict XML reader for phonebook files: elements, attributes, text, CDATA, comments,
 * processing instructions and the five predefined plus numeric entities. No DTDs (a DOCTYPE is
 * refused by the caller). Pure, so the importer behaves the same in tests and in the window.
 */

export interface XmlElement {
  /** Tag name in lower case (phonebook files vary: <Contact>, <contact>). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element, trimmed. */
  text: string;
}

export class XmlError extends Error {
  constructor(
    readonly code: 'xmlSyntax' | 'xmlMismatch' | 'xmlUnclosed',
    readonly params: Record<string, string | number>,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'XmlError';
  }
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function lineAt(src: string, pos: number, base: number): number {
  let n = base;
  for (let i = 0; i < pos && i < src.length; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

export function decodeEntities(s: string, onBad: (entity: string) => void = () => undefined): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);?/g, (m, body: string) => {
    if (!m.endsWith(';')) {
      onBad(m);
      return m;
    }
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (Number.isFinite(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
      onBad(m);
      return m;
    }
    const v = NAMED[body];
    if (v === undefined) {
      onBad(m);
      return m;
    }
    return v;
  });
}

// Sticky: matched in place at lastIndex, no substrings.
const NAME_RE = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const ATTR_RE = /\s+([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;
function matchAt(re: RegExp, src: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(src);
}

/**
 * Parse `src` (a whole document or a fragment with one or more elements). `firstLine` is the
 * line of `src`'s first character in the file, so errors name the file's line.
 */
export function parseXml(src: string, firstLine = 1): XmlElement[] {
  const roots: XmlElement[] = [];
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  let i = 0;
  const fail = (code: XmlError['code'], params: Record<string, string | number>, at: number): never => {
    throw new XmlError(code, { ...params, line: lineAt(src, at, firstLine) });
  };
  const badEntity = (at: number) => (e: string) => fail('xmlSyntax', { detail: e }, at);
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > i) {
      const raw = src.slice(i, textEnd);
      if (stack.length > 0) (texts[texts.length - 1] as string[]).push(decodeEntities(raw, badEntity(i)));
      else if (raw.trim() !== '') fail('xmlSyntax', { detail: raw.trim().slice(0, 20) }, i);
      i = textEnd;
      continue;
    }
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) fail('xmlUnclosed', { name: '<!--' }, i);
      i = end + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i + 9);
      if (end < 0) fail('xmlUnclosed', { name: 'CDATA' }, i);
      if (stack.length === 0) fail('xmlSyntax', { detail: 'CDATA' }, i);
      (texts[texts.length - 1] as string[]).push(src.slice(i + 9, end));
      i = end + 3;
    } else if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i + 2);
      if (end < 0) fail('xmlUnclosed', { name: '<?' }, i);
      i = end + 2;
    } else if (src.startsWith('<!', i)) {
      fail('xmlSyntax', { detail: src.slice(i, i + 12) }, i);
    } else if (src.startsWith('</', i)) {
      const m = matchAt(NAME_RE, src, i + 2);
      const gt = src.indexOf('>', i);
      if (!m || gt < 0 || src.slice(i + 2 + m[0].length, gt).trim() !== '') fail('xmlSyntax', { detail: src.slice(i, i + 20) }, i);
      const name = (m as RegExpExecArray)[0].toLowerCase();
      const open = stack.pop();
      if (!open) fail('xmlSyntax', { detail: `</${name}>` }, i);
      if ((open as XmlElement).name !== name) fail('xmlMismatch', { expected: (open as XmlElement).name, found: name }, i);
      (open as XmlElement).text = (texts.pop() as string[]).join('').trim();
      i = gt + 1;
    } else {
      const m = matchAt(NAME_RE, src, i + 1);
      if (!m) fail('xmlSyntax', { detail: src.slice(i, i + 20) }, i);
      const el: XmlElement = { name: (m as RegExpExecArray)[0].toLowerCase(), attrs: {}, children: [], text: '' };
      let j = i + 1 + (m as RegExpExecArray)[0].length;
      for (;;) {
        const a = matchAt(ATTR_RE, src, j);
        if (!a) break;
        el.attrs[(a[1] as string).toLowerCase()] = decodeEntities(a[3] ?? a[4] ?? '', badEntity(j));
        j += a[0].length;
      }
      while (j < src.length && /\s/.test(src[j] as string)) j++;
      let selfClosing = false;
      if (src.startsWith('/>', j)) {
        selfClosing = true;
        j += 2;
      } else if (src[j] === '>') j += 1;
      else fail('xmlSyntax', { detail: src.slice(i, Math.min(j + 1, i + 30)) }, i);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else roots.push(el);
      if (!selfClosing) {
        stack.push(el);
        texts.push([]);
      }
      i = j;
    }
  }
  const open = stack[stack.length - 1];
  if (open) fail('xmlUnclosed', { name: open.name }, src.length);
  return roots;
}

/** Children with this (lower-case) name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Text of the first child with this name, '' when none. */
export function childText(el: XmlElement, name: string): string {
  return el.children.find((c) => c.name === name)?.text ?? '';
}

export function xmlEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);
}

/**
 * A cheap check every device XML answer passes before it reaches the XML parser: no document type
 * declaration (so no entity expansion and no external entity, whatever the parser would do with
 * them), no single tag longer than MAX_TAG_CHARS and no more than MAX_ATTRIBUTE_CHARS of
 * attributes in the whole document. Real device answers (KalliopePBX `<kpbx_response>`, the
 * Grandstream phonebook, GSC36xx `<Configuration>`) carry a few short attributes at most; a
 * hostile or broken answer with megabytes of attributes would otherwise keep the parser busy for
 * seconds. One linear pass, no regular expression that could backtrack.
 */

/** The longest single tag (from `<` to `>`) accepted. */
export const MAX_TAG_CHARS = 64 * 1024;
/** The most attribute text (everything in start tags after the tag name) accepted per document. */
export const MAX_ATTRIBUTE_CHARS = 1024 * 1024;

const DTD = /<!DOCTYPE|<!ENTITY/i;

function isNameEnd(code: number): boolean {
  // whitespace, '/', '>'
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3e;
}

/**
 * Why an XML text must not be parsed, or undefined when it may be. Does not check well-formedness
 * (the parser's validator does that).
 */
export function xmlRefusal(text: string): string | undefined {
  if (DTD.test(text)) return 'the XML carries a document type or entity declaration, which Frontdesk refuses';
  let attributes = 0;
  let i = text.indexOf('<');
  while (i >= 0) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return undefined;
      i = text.indexOf('<', end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end < 0) return undefined;
      i = text.indexOf('<', end + 3);
      continue;
    }
    const close = text.indexOf('>', i + 1);
    const length = (close < 0 ? text.length : close + 1) - i;
    if (length > MAX_TAG_CHARS) return `the XML has a tag of ${length} characters (at most ${MAX_TAG_CHARS} are accepted)`;
    if (close < 0) return undefined;
    const first = text.charCodeAt(i + 1);
    // start tags only: not </end>, <?pi?> or <!…>
    if (first !== 0x2f && first !== 0x3f && first !== 0x21) {
      let nameEnd = i + 1;
      while (nameEnd < close && !isNameEnd(text.charCodeAt(nameEnd))) nameEnd++;
      attributes += close - nameEnd;
      if (attributes > MAX_ATTRIBUTE_CHARS) return `the XML carries more than ${MAX_ATTRIBUTE_CHARS} characters of attributes`;
    }
    i = text.indexOf('<', close + 1);
  }
  return undefined;
}

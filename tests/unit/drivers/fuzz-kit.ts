/**
 * Shared pieces of the parser fuzz tests (fuzz-*.test.ts): the run count, the "a value or our
 * typed error, nothing else" check, a case counter for the summary line, and generators that build
 * device answers as TEXT (JSON, XML, CSV, key=value) from a vocabulary of the keys and tags the
 * parsers look for, mixed with hostile ones (__proto__, constructor, toString), odd scalars,
 * entities and random damage. Text, not objects: the drivers read what came over the wire.
 */
import fc from 'fast-check';
import { afterAll } from 'vitest';
import { isDriverError } from '../../../main/core/driver/errors';
import { ShapeError } from '../../../main/drivers/common/shape';

/** Cases per parser property. */
export const RUNS = 10_000;
/** Per test: XML parsing costs about 0.1–0.6 ms a case on a loaded two-core machine. */
export const FUZZ_TIMEOUT = 180_000;

/** Keys that find Object.prototype members when a parser looks them up with `in` or `[]`. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'] as const;

const counted = new Map<string, number>();

/** Register a property's name; returns the predicate wrapper that counts its cases. */
export function counting<A extends unknown[]>(name: string, check: (...args: A) => void): (...args: A) => void {
  counted.set(name, 0);
  return (...args: A) => {
    counted.set(name, (counted.get(name) ?? 0) + 1);
    check(...args);
  };
}

export function casesOf(name: string): number {
  return counted.get(name) ?? 0;
}

/** Print one summary line per file: the parsers and how many cases each got. */
export function reportCounts(file: string): void {
  afterAll(() => {
    const parts = [...counted].map(([n, c]) => `${n}=${c}`);
    console.log(`[fuzz] ${file}: ${parts.join(', ')}`);
  });
}

/** fc.assert with RUNS cases, then a check that every case ran. */
export function fuzz<A extends unknown[]>(name: string, arbs: { [K in keyof A]: fc.Arbitrary<A[K]> }, check: (...args: A) => void, runs = RUNS): void {
  const wrapped = counting(name, check);
  fc.assert(fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), wrapped as (...a: unknown[]) => void), { numRuns: runs });
  if (casesOf(name) < runs) throw new Error(`${name}: only ${casesOf(name)} of ${runs} cases ran`);
}

/** What a parser produced: its value, or the typed error it threw. Anything else is rethrown (the property fails). */
export function valueOrTyped<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: Error } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof ShapeError || isDriverError(e)) return { ok: false, error: e };
    const name = e instanceof Error ? e.constructor.name : typeof e;
    throw new Error(`untyped ${name} escaped the parser: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** A function that must never throw at all (readers that answer undefined for "not this"). */
export function noThrow<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const name = e instanceof Error ? e.constructor.name : typeof e;
    throw new Error(`${name} escaped a reader that must not throw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

// ---------------------------------------------------------------------------------------------
// JSON as text

const jsonScalarText = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom('true', 'false', 'null', '""', '"0"', '"1"', '"2"', '"-1"', '" 4 "', '"none"', '"yes"', '"no"', '"idle"', '"ringing"', '"success"', '"error"', '"unauthorized"', '"9007199254740993"', '1e400', '-0'),
);

/** JSON text: objects use `keys` (and hostile and random keys), nested to `depth`. */
export function jsonText(keys: readonly string[], depth = 3): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
  const { node } = fc.letrec<{ node: string; obj: string; arr: string }>((tie) => ({
    node: fc.oneof({ maxDepth: depth, depthIdentifier: 'json' }, jsonScalarText, tie('obj'), tie('arr')),
    obj: fc
      .array(fc.tuple(key, tie('node')), { maxLength: 6, depthIdentifier: 'json' })
      .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    arr: fc.array(tie('node'), { maxLength: 4, depthIdentifier: 'json' }).map((items) => `[${items.join(',')}]`),
  }));
  return node;
}

/** A parsed JSON value built from `jsonText` (own `__proto__` keys as JSON.parse makes them). */
export function jsonValue(keys: readonly string[], depth = 3): fc.Arbitrary<unknown> {
  return jsonText(keys, depth).map((t) => JSON.parse(t) as unknown);
}

// ---------------------------------------------------------------------------------------------
// XML as text

export function xmlEscapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const xmlText = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 10 }).map(xmlEscapeText) },
  { weight: 2, arbitrary: fc.constantFrom('0', '1', '200', '"201"', 'true', 'OK', 'UNREACHABLE', 'secondary', '2024-05-01 08:00:00', '', '  ', '-7', '99999999999999999999') },
  { weight: 1, arbitrary: fc.constantFrom('&amp;', '&lt;', '&#65;', '&#x1F600;', '&#0;', '&#xD800;', '&#x110000;', '&nbsp;', '&copy;', '&foo;', ']]>', '<![CDATA[a<b&c]]>', '<!-- c -->', '&#9999999999;') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** An XML element tree as text; tag names from `tags` (sometimes in another case), attributes from `attrs`. */
export function xmlElement(tags: readonly string[], attrs: readonly string[] = [], depth = 3): fc.Arbitrary<string> {
  const tag = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...tags) },
    { weight: 1, arbitrary: fc.constantFrom(...tags).map((t) => t.toUpperCase()) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS, 'a-b', 'x.y', '_') },
  );
  const attr = attrs.length === 0 ? fc.constant('') : fc.array(fc.tuple(fc.constantFrom(...attrs, ...HOSTILE_KEYS), xmlText), { maxLength: 2 }).map((as) => as.map(([k, v]) => ` ${k}="${v}"`).join(''));
  const { el } = fc.letrec<{ el: string; body: string }>((tie) => ({
    el: fc.tuple(tag, attr, tie('body')).map(([t, a, b]) => (b === '' ? `<${t}${a}/>` : `<${t}${a}>${b}</${t}>`)),
    body: fc.oneof({ maxDepth: depth, depthIdentifier: 'xml' }, xmlText, fc.array(tie('el'), { maxLength: 4, depthIdentifier: 'xml' }).map((cs) => cs.join(''))),
  }));
  return el;
}

/** A document: an optional declaration, then `root` holding generated children. */
export function xmlDocument(root: string, tags: readonly string[], attrs: readonly string[] = [], depth = 3): fc.Arbitrary<string> {
  return fc
    .tuple(fc.boolean(), fc.array(xmlElement(tags, attrs, depth), { maxLength: 5 }))
    .map(([decl, children]) => `${decl ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<${root}>${children.join('\n')}</${root}>`);
}

/** Damage a text now and then: cut it, or splice random characters in. */
export function damaged(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.option(fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.string({ maxLength: 3 })), { freq: 3 })).map(([t, cut]) => {
    if (!cut) return t;
    const [at, drop, insert] = cut;
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + insert + t.slice(i + drop);
  });
}

/** Any string, often with the characters that matter to a format. */
export function noisyString(special: string, maxLength = 40): fc.Arbitrary<string> {
  const chars = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...special.split('')) }, { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) });
  return fc.array(chars, { maxLength }).map((cs) => cs.join(''));
}

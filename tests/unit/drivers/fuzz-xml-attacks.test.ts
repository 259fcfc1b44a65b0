/**
 * Hostile XML from a device: entity-expansion bombs, external entities (a file with a marker and
 * an HTTP URL that counts fetches), parameter entities, deep nesting, 10 MB of attributes in one
 * tag or spread over many, and reserved names (<__proto__>). Every XML reader refuses them with its
 * normal "not readable" outcome (a ShapeError, {ok:false} or undefined), never resolves an external
 * entity, and answers within a bound generous for a loaded machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTE_CHARS, xmlRefusal } from '../../../main/drivers/common/xml-guard';
import { parseGscXml } from '../../../main/drivers/grandstream-camera/gsc-auth';
import { parsePhonebookXml } from '../../../main/drivers/grandstream-phone/phonebook';
import { parseFirmwareVersion, parseSalt } from '../../../main/drivers/kalliope/signed';
import { parseXml } from '../../../main/drivers/kalliope/xml';
import { valueOrTyped } from './fuzz-kit';

const BOUND_MS = 2000;
const MARKER = 'FRONTDESK-XXE-MARKER-7f3a';

let dir: string;
let server: Server;
let fetches = 0;
let httpUrl = '';
let fileUrl = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-xxe-'));
  const file = join(dir, 'secret.txt');
  writeFileSync(file, MARKER);
  fileUrl = `file://${file}`;
  server = createServer((_req, res) => {
    fetches++;
    res.end(MARKER);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  httpUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.dtd`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

type Reader = { name: string; root: string; read: (xml: string) => { refused: boolean; text: string } };

/** Each XML reader with its own "refused" outcome. */
const READERS: Reader[] = [
  { name: 'kalliope parseXml', root: 'kpbx_response', read: (x) => { const r = parseXml(x); return { refused: !r.ok, text: JSON.stringify(r) }; } },
  {
    name: 'grandstream phonebook',
    root: 'AddressBook',
    read: (x) => {
      const r = valueOrTyped(() => parsePhonebookXml(x));
      return { refused: !r.ok, text: r.ok ? JSON.stringify(r.value) : r.error.message };
    },
  },
  { name: 'GSC36xx <Configuration>', root: 'Configuration', read: (x) => { const r = parseGscXml(x); return { refused: r === undefined, text: JSON.stringify(r ?? null) }; } },
  { name: 'kalliope 4.x salt', root: 'response', read: (x) => { const r = parseSalt(x); return { refused: r === undefined, text: String(r) }; } },
  { name: 'kalliope 4.x firmware', root: 'response', read: (x) => { const r = parseFirmwareVersion(x); return { refused: r === undefined, text: String(r) }; } },
];

function timed(reader: Reader, xml: string): { refused: boolean; text: string; ms: number } {
  const t = performance.now();
  const out = reader.read(xml);
  return { ...out, ms: performance.now() - t };
}

const lol = (root: string): string => {
  const ents = ['<!ENTITY l0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`)].join('');
  return `<?xml version="1.0"?><!DOCTYPE ${root} [${ents}]><${root}><salt>&l9;</salt><ResCode>&l9;</ResCode><FirstName>&l9;</FirstName></${root}>`;
};
const quadratic = (root: string): string => `<!DOCTYPE ${root} [<!ENTITY a "${'x'.repeat(50_000)}">]><${root}><salt>${'&a;'.repeat(20_000)}</salt></${root}>`;
const external = (root: string, url: string): string => `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY x SYSTEM "${url}">]><${root}><salt>&x;</salt><ResCode>&x;</ResCode><Contact><FirstName>&x;</FirstName></Contact></${root}>`;
const externalDtd = (root: string, url: string): string => `<?xml version="1.0"?><!DOCTYPE ${root} SYSTEM "${url}"><${root}><salt>&x;</salt></${root}>`;
const parameter = (root: string, url: string): string => `<!DOCTYPE ${root} [<!ENTITY % p SYSTEM "${url}"> %p;]><${root}><salt>1.0</salt></${root}>`;
const deep = (root: string, depth: number): string => `<${root}>${'<a>'.repeat(depth)}4.6.2${'</a>'.repeat(depth)}</${root}>`;
const attrsOneTag = (root: string): string => `<${root} ${Array.from({ length: 200_000 }, (_, i) => `a${i}="${'v'.repeat(40)}"`).join(' ')}><salt>abc</salt></${root}>`;
const attrsSpread = (root: string): string => `<${root}>${Array.from({ length: 440 }, (_, i) => `<e${i} ${Array.from({ length: 500 }, (__, j) => `a${j}="${'v'.repeat(40)}"`).join(' ')}/>`).join('')}<salt>abc</salt></${root}>`;
const oneHugeAttr = (root: string): string => `<${root} a="${'v'.repeat(10_000_000)}"><salt>abc</salt></${root}>`;

describe('hostile XML is refused quickly and resolves nothing', () => {
  const cases: [string, (root: string) => string][] = [
    ['billion laughs', lol],
    ['quadratic blow-up', quadratic],
    ['external entity (file)', (r) => external(r, fileUrl)],
    ['external entity (http)', (r) => external(r, httpUrl)],
    ['external DTD', (r) => externalDtd(r, httpUrl)],
    ['parameter entity', (r) => parameter(r, httpUrl)],
    ['10 MB of attributes in one tag', attrsOneTag],
    ['10 MB of attributes over 440 tags', attrsSpread],
    ['one 10 MB attribute', oneHugeAttr],
  ];
  for (const [what, build] of cases) {
    it(what, () => {
      for (const reader of READERS) {
        const xml = build(reader.root);
        if (what.startsWith('10 MB') || what.startsWith('one 10 MB')) expect(xml.length).toBeGreaterThan(10_000_000);
        const out = timed(reader, xml);
        expect(out.refused, `${reader.name}: ${what} was not refused`).toBe(true);
        expect(out.ms, `${reader.name}: ${what} took ${out.ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
        expect(out.text).not.toContain(MARKER);
        expect(out.text).not.toContain('lollol');
      }
      expect(fetches).toBe(0);
    }, 60_000);
  }

  it('deep nesting (100,000 levels) is refused without a stack overflow', () => {
    for (const reader of READERS) {
      const out = timed(reader, deep(reader.root, 100_000));
      expect(out.refused, reader.name).toBe(true);
      expect(out.ms, `${reader.name} took ${out.ms.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
    }
  }, 60_000);

  it('reserved names (<__proto__>, <constructor>) are refused or read as data, never thrown untyped, and pollute nothing', () => {
    for (const reader of READERS) {
      for (const tag of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) {
        const xml = `<${reader.root}><${tag}><polluted>yes</polluted></${tag}><salt>abc</salt><ResCode>0</ResCode></${reader.root}>`;
        expect(() => reader.read(xml), `${reader.name} <${tag}>`).not.toThrow();
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('the guard itself: legitimate answers pass, the limits are exact', () => {
    expect(xmlRefusal('<AddressBook><Contact><Phone type="Work"><phonenumber>201</phonenumber></Phone></Contact></AddressBook>')).toBeUndefined();
    expect(xmlRefusal('<a><!-- <b x="' + 'y'.repeat(100_000) + '"> --><![CDATA[<c>]]></a>')).toBeUndefined();
    const tag = (n: number): string => `<a ${'b="'}${'v'.repeat(n)}"/>`;
    expect(xmlRefusal(tag(60_000))).toBeUndefined();
    expect(xmlRefusal(tag(70_000))).toMatch(/tag of \d+ characters/);
    const many = `<r>${Array.from({ length: Math.ceil(MAX_ATTRIBUTE_CHARS / 50_000) + 1 }, () => tag(50_000)).join('')}</r>`;
    expect(xmlRefusal(many)).toMatch(/characters of attributes/);
    expect(xmlRefusal('<!doctype html><html/>')).toMatch(/document type/);
  });
});

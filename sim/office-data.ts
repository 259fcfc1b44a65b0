/**
 * Deterministic generation of a realistic Italian/European phonebook for the simulated office.
 * Same seed → same contacts, on every machine (a tiny PRNG, no Math.random).
 */

export interface OfficeContact {
  firstName: string;
  lastName: string;
  company?: string;
  work?: string;
  mobile?: string;
  home?: string;
  fax?: string;
  email?: string;
}

const FIRST = [
  'Giulia', 'Niccolò', 'Zoë', 'Francesca', 'Matteo', 'Chiara', 'Lorenzo', 'Sofia', 'Andrea', 'Martina',
  'Alessandro', 'Elena', 'Davide', 'Beatrice', 'Federico', 'Aurora', 'Riccardo', 'Ginevra', 'Tommaso', 'Alice',
  'Gabriele', 'Camilla', 'Pietro', 'Noemi', 'Simone', 'Ilaria', 'Emanuele', 'Bianca', 'Jürgen', 'Søren',
  'François', 'Hélène', 'José', 'Iñès', 'Łukasz', 'Agnès', 'Mirko', 'Nicolò', 'Fabrizio', 'Raffaella',
  'Maëlle', 'Björn', 'Ottavia', 'Sebastiano', 'Ludovica', 'Cosimo', 'Irene', 'Vittoria', 'Ettore', 'Anaïs',
];

const LAST = [
  'Rossi', 'Bianchi', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo',
  'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana',
  'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile',
  'Müller', 'Schäfer', 'Lefèvre', 'Núñez', 'Dvořák', 'Håkansson', 'D’Angelo', 'Dell’Acqua', 'Cocco', 'Fabbri',
  'Pellegrini', 'Bàrberi', 'Farè', 'Zanè', 'Cantù', 'Nicolò', 'Donà', 'Brambilla', 'Sala', 'Villa',
];

const COMPANIES = [
  'Tessitura Brianzola S.r.l.', 'Caffè Ambrosiano S.p.A.', 'Studio Legale Conti & Partners', 'Officine Meccaniche Lario',
  'Farmacia San Babila', 'Edilizia Dolomiti S.r.l.', 'Vetreria Muranese', 'Logistica Padana S.p.A.',
  'Müller Maschinenbau GmbH', 'Lefèvre & Fils SARL', 'Hotel Bellavista Como', 'Banca Popolare del Lario',
  'Consorzio Agrario Lombardo', 'Cantina Valtellinese', 'Ristorante Da Nicolò', 'Autofficina Bàrberi',
  'Schäfer Elektrotechnik AG', 'Assicurazioni Generose', 'Tipografia Ambrosiana', 'Ospedale San Raffaele — Accettazione',
];

/** Landline prefixes: Milano, Roma, Torino, Bologna, Firenze, Como, Bergamo; Zürich, München, Paris. */
const LANDLINE = ['+39 02', '+39 06', '+39 011', '+39 051', '+39 055', '+39 031', '+39 035', '+41 44', '+49 89', '+33 1'];
const MOBILE = ['+39 320', '+39 328', '+39 333', '+39 335', '+39 338', '+39 340', '+39 347', '+39 349', '+39 366', '+39 393'];

/** mulberry32: tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function digits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  const v = list[Math.floor(rnd() * list.length)];
  if (v === undefined) throw new Error('pick from empty list');
  return v;
}

/** E-mail local part: accents stripped, apostrophes and spaces dropped. */
export function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/ł/gi, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * `count` contacts from `seed`. About 60% have a company, 85% a mobile, 70% a work number,
 * 20% a home number and 60% an e-mail. Names may repeat; numbers are unique within the set.
 */
export function generatePhonebook(count: number, seed: number): OfficeContact[] {
  const rnd = prng(seed);
  const used = new Set<string>();
  const unique = (make: () => string): string => {
    for (;;) {
      const n = make();
      if (!used.has(n)) {
        used.add(n);
        return n;
      }
    }
  };
  const out: OfficeContact[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = pick(rnd, FIRST);
    const lastName = pick(rnd, LAST);
    const c: OfficeContact = { firstName, lastName };
    if (rnd() < 0.6) c.company = pick(rnd, COMPANIES);
    if (rnd() < 0.85) c.mobile = unique(() => `${pick(rnd, MOBILE)} ${digits(rnd, 7)}`);
    if (rnd() < 0.7 || !c.mobile) c.work = unique(() => `${pick(rnd, LANDLINE)} ${digits(rnd, 7)}`);
    if (rnd() < 0.2) c.home = unique(() => `${pick(rnd, LANDLINE)} ${digits(rnd, 7)}`);
    if (c.company && rnd() < 0.15) c.fax = unique(() => `${pick(rnd, LANDLINE)} ${digits(rnd, 7)}`);
    if (rnd() < 0.6) {
      const domain = c.company ? `${asciiSlug(c.company.split(' ')[0] ?? 'mail')}.example` : 'mail.example';
      c.email = `${asciiSlug(firstName)}.${asciiSlug(lastName)}${i}@${domain}`;
    }
    out.push(c);
  }
  return out;
}

/**
 * Seeded generator for the search benchmark: realistic Italian, German and English contacts (with diacritics
 * and apostrophes), companies, numbers in the formats people actually write, spread over sources like an
 * office's (one big PBX phonebook, PBX users, many phone phonebooks), and keystroke-by-keystroke queries.
 */
import type { Contact, ContactNumber, NumberType } from '../shared/domain';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
/** Word lists: one name per space-separated item, '_' standing for a space inside a name ('De_Luca'). */
const words = (s: string): string[] => s.split(' ').map((w) => w.replace(/_/g, ' '));
const digits = (r: Rng, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');

const IT_FIRST = words('Marco Giuseppe Giovanni Luca Francesco Alessandro Andrea Matteo Lorenzo Davide Stefano Paolo Roberto Simone Federico Niccolò Nicolò Mattia Gabriele Riccardo Tommaso Emanuele Salvatore Antonio Pietro Maria Giulia Francesca Chiara Sara Martina Valentina Alessia Elena Anna Laura Silvia Federica Beatrice Aurora Ginevra Noemi Benedetta Ilaria Caterina Raffaella Lucrezia Cosimo Fabrizio Gianluca Pierpaolo Agnese Rocco');
const IT_LAST = words("Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De_Santis D'Angelo D'Amico Dell'Acqua Marchetti Parisi Villa Conte Ferraro Ferri Fabbri Bianco Marini Grasso Valentini Messina Sala De_Angelis Gatti Pellegrini Palumbo Sanna Farina Rizzi Monti Cattaneo Morelli Amato Silvestri Mazza Testa Grassi Pellegrino Carbone Giuliani Benedetti Barone Rossetti Caputo Montanari Guerra Palmieri Bernardi Martino Fiore De_Rosa Ferretti Bellini Basile Riva Donati Piras Vitali Battaglia Sartori Neri Costantini Milani Pagano Ruggiero Sorrentino D'Alessandro Orlando Damiani Negri Cantù Forlì Mazzà Niccolò Pirrò");
const DE_FIRST = words('Jürgen Jörg Björn Günter Klaus Stefan Thomas Michael Andreas Wolfgang Uwe Dieter Matthias Frank Markus Sören Kai Jan Lukas Maximilian Jonas Leon Felix Paul Ute Ursula Sabine Petra Monika Renate Birgit Jutta Gisela Käthe Anja Katrin Claudia Jana Lena Leonie Hannah Sophie Marie Lea Jürgen Götz Hänsel Max Moritz');
const DE_LAST = words('Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Bäcker Löw Straße Ößmann');
const EN_FIRST = words('James John Robert Michael William David Richard Joseph Thomas Charles Oliver Harry George Noah Jack Jacob Leo Oscar Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Olivia Amelia Isla Ava Emily Sophia Grace Chloé Zoë Renée José François Siobhán Seán Niamh Aoife Éamon Saoirse Ruth Gemma Kate');
const EN_LAST = words("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins O'Brien O'Connor O'Neill McDonald MacLeod Brontë Ó_Súilleabháin");
const IT_CO = ['Officine Meccaniche', 'Studio Legale', 'Farmacia', 'Autoricambi', 'Elettrotecnica', 'Costruzioni', 'Trasporti', 'Ceramiche', 'Pasticceria', 'Assicurazioni', 'Immobiliare', 'Tipografia', 'Caffè', 'Ottica', 'Falegnameria', 'Lavanderia'];
const IT_SUFFIX = ['S.r.l.', 'S.p.A.', 'SpA', '& C. s.n.c.', 's.a.s.', 'Srl'];
const DE_CO = ['Maschinenbau', 'Bäckerei', 'Logistik', 'Elektrotechnik', 'Metallbau', 'Steuerberatung', 'Brauerei', 'Möbelhaus', 'Autohaus', 'Druckerei', 'Gärtnerei', 'Schlüsseldienst'];
const DE_SUFFIX = ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.'];
const EN_CO = ['Consulting', 'Solutions', 'Logistics', 'Engineering', 'Holdings', 'Partners', 'Design', 'Software', 'Catering', 'Plumbing', 'Accountants', 'Estates'];
const EN_SUFFIX = ['Ltd', 'plc', 'LLP', 'Limited', '& Sons'];
const IT_AREAS = ['02', '06', '011', '010', '051', '055', '081', '091', '0422', '0471', '045', '049', '041', '030', '035', '0331', '0721', '080'];
const IT_MOBILE = ['320', '328', '329', '333', '335', '338', '339', '340', '347', '348', '349', '366', '371', '377', '380', '388', '389', '391', '392', '393'];
const DE_AREAS = ['30', '40', '89', '69', '221', '211', '711', '351', '341', '511', '171', '151', '160', '176'];
const UK_AREAS = ['20', '161', '121', '131', '141', '113', '117', '7700', '7911', '7400'];

type Country = 'it' | 'de' | 'en';

function italian(r: Rng): string {
  if (r() < 0.4) {
    const m = pick(r, IT_MOBILE);
    const rest = digits(r, 7);
    return pick(r, [`${m} ${rest}`, `+39 ${m} ${rest.slice(0, 3)} ${rest.slice(3)}`, `${m}-${rest}`, `+39${m}${rest}`, `0039 ${m} ${rest}`]);
  }
  const area = pick(r, IT_AREAS);
  const sub = digits(r, Math.min(8, 10 - area.length + (r() < 0.5 ? 0 : 1)));
  return pick(r, [`${area} ${sub}`, `${area}-${sub}`, `+39 ${area} ${sub.slice(0, 4)} ${sub.slice(4)}`, `0039 ${area} ${sub}`, `(${area}) ${sub}`, `${area}${sub}`, `+39 ${area}/${sub}`]);
}

function german(r: Rng): string {
  const area = pick(r, DE_AREAS);
  const sub = digits(r, 6 + Math.floor(r() * 3));
  return pick(r, [`+49 ${area} ${sub}`, `+49 (0)${area} ${sub}`, `0049 ${area} ${sub}`, `+49-${area}-${sub}`, `+49${area}${sub}`]);
}

function british(r: Rng): string {
  const area = pick(r, UK_AREAS);
  const sub = digits(r, 10 - area.length);
  return pick(r, [`+44 ${area} ${sub.slice(0, 4)} ${sub.slice(4)}`, `+44 (0)${area} ${sub}`, `0044 ${area} ${sub}`, `+44${area}${sub}`]);
}

function person(r: Rng, country: Country): { first: string; last: string } {
  if (country === 'it') return { first: pick(r, IT_FIRST), last: pick(r, IT_LAST) };
  if (country === 'de') return { first: pick(r, DE_FIRST), last: pick(r, DE_LAST) };
  return { first: pick(r, EN_FIRST), last: pick(r, EN_LAST) };
}

function company(r: Rng, country: Country): string {
  const owner = person(r, country).last;
  if (country === 'it') return r() < 0.5 ? `${pick(r, IT_CO)} ${owner} ${pick(r, IT_SUFFIX)}` : `${owner} & ${person(r, 'it').last} ${pick(r, IT_SUFFIX)}`;
  if (country === 'de') return r() < 0.5 ? `${pick(r, DE_CO)} ${owner} ${pick(r, DE_SUFFIX)}` : `${owner} ${pick(r, DE_SUFFIX)}`;
  return r() < 0.5 ? `${owner} ${pick(r, EN_CO)} ${pick(r, EN_SUFFIX)}` : `${owner} & ${person(r, 'en').last} ${pick(r, EN_SUFFIX)}`;
}

export interface GeneratedSource {
  id: string;
  label: string;
  writable: boolean;
  contacts: Contact[];
}

/** `count` contacts: 70% Italian, 20% German, 10% English; 60% with a company; 1 to 3 numbers each. */
export function generateContacts(count: number, seed: number): GeneratedSource[] {
  const r = rng(seed);
  const phones = Math.max(1, Math.min(50, Math.floor(count / 2000)));
  const sources: GeneratedSource[] = [
    { id: 'pbx', label: 'KalliopePBX phonebook', writable: true, contacts: [] },
    { id: 'pbx:users', label: 'KalliopePBX extensions', writable: false, contacts: [] },
    { id: 'nethvoice', label: 'NethVoice', writable: false, contacts: [] },
    ...Array.from({ length: phones }, (_, i) => ({ id: `phone-${i + 1}`, label: `Phone ${i + 1}`, writable: true, contacts: [] as Contact[] })),
  ];
  for (let i = 0; i < count; i++) {
    const u = r();
    const country: Country = u < 0.7 ? 'it' : u < 0.9 ? 'de' : 'en';
    const { first, last } = person(r, country);
    const style = r();
    const name = country === 'it' && style < 0.5 ? `${last} ${first}` : style < 0.6 ? `${last}, ${first}` : `${first} ${last}`;
    const numbers: ContactNumber[] = [];
    const n = 1 + Math.floor(r() * r() * 3);
    for (let k = 0; k < n; k++) {
      const type: NumberType = pick(r, ['work', 'work', 'mobile', 'home', 'fax', 'other']);
      const c = r() < 0.85 ? country : pick(r, ['it', 'de', 'en'] as const);
      numbers.push({ type, number: c === 'it' ? italian(r) : c === 'de' ? german(r) : british(r) });
    }
    const which = r();
    const src = which < 0.02 ? sources[1] : which < 0.55 ? sources[0] : which < 0.7 ? sources[2] : sources[3 + Math.floor(r() * phones)];
    if (src === sources[1]) numbers.splice(0, numbers.length, { type: 'work', number: String(200 + (i % 800)) });
    const contact: Contact = { id: `c${i}`, name, firstName: first, lastName: last, numbers };
    if (src !== sources[1] && r() < 0.6) contact.company = company(r, country);
    (src as GeneratedSource).contacts.push(contact);
  }
  return sources;
}

/** What a receptionist types, one key at a time: each prefix of each target is one query. */
export function generateQueries(sources: readonly GeneratedSource[], count: number, seed: number): string[] {
  const r = rng(seed);
  const all = sources.flatMap((s) => s.contacts);
  const out: string[] = [];
  const plain = (s: string): string => (r() < 0.7 ? s.normalize('NFD').replace(/\p{M}/gu, '') : s);
  const casing = (s: string): string => (r() < 0.8 ? s.toLowerCase() : s);
  while (out.length < count) {
    const c = pick(r, all);
    const u = r();
    let target: string;
    if (u < 0.3) target = casing(plain(c.lastName ?? c.name));
    else if (u < 0.5) target = casing(plain(`${c.firstName ?? ''} ${c.lastName ?? ''}`.trim()));
    else if (u < 0.62 && c.company) target = casing(plain((c.company.split(' ').find((w) => w.length > 3) ?? c.company)));
    else if (u < 0.9 && c.numbers[0]) {
      const n = (c.numbers[0].number.replace(/^(\+|00)\d\d\s*(\(0\))?/, '').replace(/\D/g, ''));
      const it = /^(\+39|0039)/.test(c.numbers[0].number);
      target = it ? n.slice(0, 4 + Math.floor(r() * 6)) : n.slice(2, 8);
      if (r() < 0.2 && target.length > 4) target = `${target.slice(0, 3)} ${target.slice(3)}`;
    } else target = pick(r, ['zzq', 'xylophon', 'qwerty', 'ßtraße', 'Ñandú']);
    for (let i = 1; i <= target.length && out.length < count; i++) {
      if (target[i - 1] === ' ') continue; // the keystroke after the space shows the new word
      out.push(target.slice(0, i));
    }
  }
  return out;
}

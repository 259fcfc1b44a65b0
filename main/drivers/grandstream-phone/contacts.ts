/**
 * Contact writes of the phone (api-save_edit_contact): a ContactInput becomes the documented
 * parameters (firstname, lastname, group, newphone1..4 = work/home/mobile/fax, email), and the
 * saved contact is found again afterwards because the answer carries no id.
 */
import type { Contact, ContactInput, ContactNumber } from '../../../shared/domain';

export interface SaveContactParams {
  [key: string]: string | undefined;
  id?: string;
  firstname: string;
  lastname: string;
  group?: string;
  newphone1?: string;
  newphone2?: string;
  newphone3?: string;
  newphone4?: string;
  email?: string;
}

const SLOT_OF: Record<ContactNumber['type'], keyof SaveContactParams | undefined> = {
  work: 'newphone1',
  home: 'newphone2',
  mobile: 'newphone3',
  fax: 'newphone4',
  other: undefined,
};
const SLOTS = ['newphone1', 'newphone2', 'newphone3', 'newphone4'] as const;

/** Strip control characters; the phone stores plain text. */
function clean(s: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (s ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}

/** Build the request parameters. Throws RangeError for input the phone cannot store. */
export function contactParams(device: string, input: ContactInput): SaveContactParams {
  let first = clean(input.firstName);
  let last = clean(input.lastName);
  if (!first && !last) {
    const name = clean(input.name);
    const space = name.indexOf(' ');
    first = space < 0 ? name : name.slice(0, space);
    last = space < 0 ? '' : name.slice(space + 1).trim();
  }
  if (!first && !last) throw new RangeError(`${device}: a phone contact needs a name.`);
  const editing = input.id !== undefined && input.id.trim() !== '';
  if (editing && !/^\d{1,12}$/.test(input.id?.trim() ?? '')) throw new RangeError(`${device}: "${input.id}" is not a phone contact id (a number).`);
  const params: SaveContactParams = { firstname: first, lastname: last };
  if (editing) params.id = input.id?.trim();
  const slots: Partial<Record<(typeof SLOTS)[number], string>> = {};
  const leftovers: string[] = [];
  for (const n of input.numbers) {
    const num = clean(n.number);
    if (!num) continue;
    const slot = SLOT_OF[n.type];
    if (slot && slot !== 'id' && !(slot in slots)) slots[slot as (typeof SLOTS)[number]] = num;
    else leftovers.push(num);
  }
  for (const num of leftovers) {
    const free = SLOTS.find((s) => !(s in slots));
    if (!free) {
      throw new RangeError(`${device}: a phone contact holds at most 4 numbers (work, home, mobile, fax); this one has ${input.numbers.length}.`);
    }
    slots[free] = num;
  }
  for (const s of SLOTS) {
    const v = slots[s];
    if (v !== undefined) params[s] = v;
    else if (editing) params[s] = '';
  }
  const email = clean(input.email);
  if (email || editing) params.email = email;
  const group = clean(input.groupId);
  if (group) {
    if (!/^\d{1,6}$/.test(group)) throw new RangeError(`${device}: "${group}" is not a phone group id (a number).`);
    params.group = group;
  }
  return params;
}

/** Lower case, one space between words, no commas ("Brown, Jack" reads like "Brown Jack"). */
function fold(s: string): string {
  return s.replace(/,/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** A number as digits and dial symbols only, so "0471 555" and "0471555" compare equal. */
function digits(n: string): string {
  return n.replace(/[^0-9*#+]/g, '');
}

function wantedNumbers(params: SaveContactParams): string[] {
  return SLOTS.map((s) => params[s]).filter((v): v is string => !!v).map(digits);
}

/**
 * Whether the contact carries the saved name. The manuals never say how the phone builds
 * `contactName` from firstname and lastname (Grandstream GXV3370 WEB API User Guide, "Get
 * Contacts"), so "First Last", "Last First" and "Last, First" all count, as do the separate
 * first/last name fields when the phone sends them.
 */
export function hasSavedName(c: Contact, params: SaveContactParams): boolean {
  const first = fold(params.firstname);
  const last = fold(params.lastname);
  if (c.firstName !== undefined || c.lastName !== undefined) {
    if (fold(c.firstName ?? '') === first && fold(c.lastName ?? '') === last) return true;
  }
  const name = fold(c.name);
  return name === fold(`${first} ${last}`) || name === fold(`${last} ${first}`);
}

/** Same name (either order) and every saved number; `exact`: no other number either. */
export function matchesSaved(c: Contact, params: SaveContactParams, exact: boolean): boolean {
  if (!hasSavedName(c, params)) return false;
  const have = new Set(c.numbers.map((n) => digits(n.number)));
  const wanted = wantedNumbers(params);
  if (!wanted.every((w) => have.has(w))) return false;
  return !exact || have.size === new Set(wanted).size;
}

/**
 * The api-get_contacts keyword that finds the contact whatever the phone's name order: the longer
 * of first and last name alone is part of "First Last" and of "Last First" ("contactname: use
 * contactname as keyword to search if contact name in database contain the keyword").
 */
export function searchKeyword(params: SaveContactParams): string {
  return params.lastname.length > params.firstname.length ? params.lastname : params.firstname;
}

/**
 * Find the saved contact: by id when known, else a contact with the saved name (either order) and
 * numbers, preferring one whose id was not in `before` (the contacts that matched before the save),
 * then the highest id. Found by id, it must still carry the saved name and numbers: a phone that
 * answered "saved" but kept another number has not saved what the user typed.
 */
export function findSavedContact(list: Contact[], params: SaveContactParams, id: string | undefined, before: ReadonlySet<string> = new Set()): Contact | undefined {
  if (id !== undefined) return list.find((c) => c.id === id && matchesSaved(c, params, false));
  const num = (c: Contact): number => (/^\d+$/.test(c.id) ? Number(c.id) : -1);
  const matches = list.filter((c) => matchesSaved(c, params, false));
  matches.sort((a, b) => Number(before.has(a.id)) - Number(before.has(b.id)) || num(b) - num(a));
  return matches[0];
}

/** An existing contact that this insert would duplicate: same name (either order) and exactly the same numbers. */
export function findDuplicate(list: Contact[], params: SaveContactParams): Contact | undefined {
  return list.find((c) => matchesSaved(c, params, true));
}

/** Whether an existing contact already has the email and group this save asks for. */
export function sameDetails(c: Contact, params: SaveContactParams): boolean {
  if ((params.email ?? '') !== '' && fold(params.email ?? '') !== fold(c.email ?? '')) return false;
  if (params.group !== undefined && params.group !== (c.groupId ?? '0')) return false;
  return true;
}

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

/** Find the saved contact: by id when known, else the newest contact with the same name and numbers. */
export function findSavedContact(list: Contact[], params: SaveContactParams, id: string | undefined): Contact | undefined {
  if (id !== undefined) return list.find((c) => c.id === id);
  const name = [params.firstname, params.lastname].filter(Boolean).join(' ').toLowerCase();
  const wanted = SLOTS.map((s) => params[s]).filter((v): v is string => !!v);
  const matches = list.filter((c) => {
    const fullName = (c.name || [c.firstName, c.lastName].filter(Boolean).join(' ')).toLowerCase();
    if (fullName !== name) return false;
    const have = new Set(c.numbers.map((n) => n.number));
    return wanted.every((w) => have.has(w));
  });
  const num = (c: Contact): number => (/^\d+$/.test(c.id) ? Number(c.id) : -1);
  return matches.sort((a, b) => num(b) - num(a))[0];
}

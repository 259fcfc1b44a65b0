/** Public types of the contact index (re-exported by ./index). */
import type { Contact, ContactNumber } from '../../../shared/domain';
import type { NumberingRules } from './numbers';

/** One list of contacts: a device's phonebook, or a second list of one device ('<device-id>:users'). */
export interface ContactSource {
  id: string;
  label: string;
  writable: boolean;
}

/** A contact as the index holds it (frozen). key = `${sourceId}/${contact.id}`, unique in the index. */
export interface IndexedContact extends Contact {
  key: string;
  sourceId: string;
  sourceLabel: string;
  writable: boolean;
}

export type MatchedField = 'name' | 'company' | 'number';

export interface ContactHit {
  contact: IndexedContact;
  matched: MatchedField;
}

export interface CallerMatch {
  contact: IndexedContact;
  /** The number of the contact that matched. */
  number: ContactNumber;
  /** true for the same canonical number, false for a suffix match (at least 7 trailing digits). */
  exact: boolean;
}

export const DUMP_FORMAT = 'frontdesk.contact-index';
export const DUMP_VERSION = 1;

/** Persisted form: plain JSON, versioned. Derived structures are rebuilt on load. */
export interface ContactIndexDump {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  rules: NumberingRules;
  sources: (ContactSource & { contacts: Contact[] })[];
}

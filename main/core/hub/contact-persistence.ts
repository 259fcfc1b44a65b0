/**
 * The contact index on disk: saved as one JSON document so search works at start-up before any
 * device answers; a missing or unreadable document means an empty index, rebuilt from the devices.
 */
import { ContactIndex, type NumberingRules } from '../contacts/index';
import type { DataStore } from '../persistence/stores';
import { messageOf } from './health';

const CONTACTS_DOC = 'contacts.json';

export async function loadContactIndex(data: DataStore, rules: NumberingRules, log: (m: string) => void): Promise<ContactIndex> {
  const text = await data.read(CONTACTS_DOC).catch(() => undefined);
  if (text) {
    try {
      return ContactIndex.fromJSON(JSON.parse(text) as unknown, rules);
    } catch (e) {
      log(`contacts: the saved index could not be read (${messageOf(e)}); it will be rebuilt from the devices`);
    }
  }
  return new ContactIndex(rules);
}

export async function saveContactIndex(data: DataStore, index: ContactIndex, log: (m: string) => void): Promise<void> {
  await data.write(CONTACTS_DOC, JSON.stringify(index.toJSON())).catch((e: unknown) => {
    log(`contacts: the index could not be saved (${messageOf(e)})`);
  });
}

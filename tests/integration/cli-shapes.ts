/** Public JSON shapes the integration tests check CLI output against. */
export const CONTACT_KEYS: readonly string[] = ['id', 'name', 'firstName', 'lastName', 'company', 'numbers', 'email', 'groupId'];
export const PRESENCE_STATES_FOR_TEST: readonly string[] = ['available', 'online', 'busy', 'ringing', 'offline', 'unknown'];
export const HISTORY_KEYS: readonly string[] = ['id', 'start', 'durationSec', 'billSec', 'from', 'fromName', 'to', 'toName', 'direction', 'disposition'];

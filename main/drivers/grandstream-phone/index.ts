/**
 * Grandstream phone driver (GXV32xx/33xx, GXV3370/3380/3350, WP820; seeds 000/001).
 */
import type { Driver, DriverConfig } from '../../core/driver/types';
import { GrandstreamPhoneDriver, type GrandstreamPhoneOptions } from './driver';

export function createGrandstreamPhoneDriver(config: DriverConfig, opts: GrandstreamPhoneOptions = {}): Driver & GrandstreamPhoneDriver {
  return new GrandstreamPhoneDriver(config, opts);
}

export { GrandstreamPhoneDriver, PHONE_CAPABILITIES, type GrandstreamPhoneOptions } from './driver';
export { CALL_COMMANDS, DEFAULT_VERIFY_DELAYS_MS, LineControl, type LineNumbering, type LinePort } from './line-control';
export { PhoneClient, type PhoneClientOptions, type PhoneCallOptions, type Polled } from './client';
export { ChallengeLoginStrategy, parseRealm, parseSetCookie } from './auth';
export { parsePhonebookXml, type Phonebook } from './phonebook';
export { contactParams, findDuplicate, findSavedContact, hasSavedName, matchesSaved, searchKeyword, type SaveContactParams } from './contacts';
export {
  lineState,
  parseAccounts,
  parseContacts,
  parseDeviceValues,
  parseEnvelope,
  parseGroups,
  parseLines,
  parsePhoneStatus,
  PhoneParseError,
  FALLBACK_VALUE_KEYS,
  MANUAL_VALUE_KEYS,
} from './parsers';
export { DEFAULT_USER } from './types';
export type { LoginContext, LoginOutcome, PhoneAuthStrategy, PhoneEnvelope, PhoneSession, ValuesEndpoint } from './types';

/**
 * Grandstream phone driver (GXV32xx/33xx, GXV3370/3380/3350, WP820; seeds 000/001).
 */
import type { Driver, DriverConfig } from '../../core/driver/types';
import type { PhoneClientOptions } from './client';
import { GrandstreamPhoneDriver } from './driver';

export function createGrandstreamPhoneDriver(config: DriverConfig, opts: PhoneClientOptions = {}): Driver & GrandstreamPhoneDriver {
  return new GrandstreamPhoneDriver(config, opts);
}

export { GrandstreamPhoneDriver, PHONE_CAPABILITIES } from './driver';
export { PhoneClient, type PhoneClientOptions, type PhoneCallOptions } from './client';
export { ChallengeLoginStrategy, parseRealm, parseSetCookie } from './auth';
export { parsePhonebookXml, type Phonebook } from './phonebook';
export { contactParams, findSavedContact, type SaveContactParams } from './contacts';
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
} from './parsers';
export type { LoginContext, LoginOutcome, PhoneAuthStrategy, PhoneEnvelope, PhoneSession, ValuesEndpoint } from './types';

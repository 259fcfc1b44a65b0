/**
 * Grandstream phone drivers: the GXV family of seeds 000/001 (`createGrandstreamPhoneDriver`), the
 * SHA-256 session and passcode families of GXP/GRP/WP phones, and the family driver that pins or
 * detects one of them (`createPhoneFamilyDriver`, what the registry uses).
 */
import type { Driver, DriverConfig } from '../../core/driver/types';
import { GrandstreamPhoneDriver, type GrandstreamPhoneOptions } from './driver';

export function createGrandstreamPhoneDriver(config: DriverConfig, opts: GrandstreamPhoneOptions = {}): Driver & GrandstreamPhoneDriver {
  return new GrandstreamPhoneDriver(config, opts);
}

export { createPhoneFamilyDriver, detectPhoneFamily, GrandstreamPhoneFamilyDriver, pinnedPhoneFamily, type PhoneFamilyOptions } from './family-driver';
export { Sha256PhoneDriver, SHA256_CAPABILITIES, parseConfigs, type Sha256DriverOptions } from './sha256-driver';
export { Sha256Client, type Sha256ClientOptions } from './sha256-client';
export { sha256Hex, sha256Login, roleOf, readRefusal, ROLE_CANDIDATES, SHA256_DEFAULT_USER, type Sha256Session, type Sha256LoginOutcome } from './sha256-auth';
export { PasscodePhoneDriver, PASSCODE_CAPABILITIES, type PasscodeDriverOptions } from './passcode-driver';
export { CurrentCallControl, type CurrentCallPort } from './current-call';
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

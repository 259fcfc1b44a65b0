import type { DriverConfig } from '../../core/driver/types';
import { NethVoiceDriver, type NethVoiceDriverApi } from './driver';

/** NethVoice wizard REST API driver (seed 004 + field notes): NethServer 7 and NethServer 8 releases. */
export function createNethVoiceDriver(config: DriverConfig): NethVoiceDriverApi {
  return new NethVoiceDriver(config);
}

export { NethVoiceDriver, NETHVOICE_CAPABILITIES, MAIN_EXTENSIONS_TTL_MS, type NethVoiceDriverApi, type PhoneRebootResult } from './driver';
export { NethVoiceClient } from './client';
export { secretKey, authHeaders } from './auth';
export { voicemailStateBody, voicemailStateJson, type VoicemailStateBody } from './voicemail';
export { parseUsers, parseExtensions, parseVoicemails, toContacts, toPresence, toVoicemailBoxes } from './parsers';
export { parseUserLimits, parseSyncFlag, parseMailboxEntry, GENERATION_OF } from './release';
export { SECRET_KEYS } from './types';

/**
 * NethVoice records as the driver keeps them. These types deliberately have NO fields for the
 * secrets the API returns (user `password`, device `secret`/`web_password`, voicemail `pwd`):
 * the parsers copy whitelisted fields only, so a secret cannot leave the driver.
 */

export interface NvDevice {
  id: string;
  mac: string;
  vendor: string;
  model: string;
  /** 'physical' | 'mobile' | 'webrtc' | other words the server adds. */
  type: string;
  extension: string;
  mainExtension: string;
  /** Registration as far as the answer says it; null when it does not say. */
  registered: boolean | null;
  /** Call state word if the answer carries one ('' otherwise). */
  state: string;
}

export interface NvUser {
  id: string;
  username: string;
  displayName: string;
  firstName: string;
  lastName: string;
  /** Main extension; '' when the user has none (FreePBX "none"). */
  extension: string;
  email: string;
  company: string;
  mobile: string;
  work: string;
  home: string;
  fax: string;
  devices: NvDevice[];
}

export interface NvExtension {
  extension: string;
  name: string;
  /** FreePBX `voicemail` column: 'default' (has a mailbox) or 'novm'; null when absent. */
  hasVoicemail: boolean | null;
}

export interface NvMailbox {
  mailbox: string;
  name: string;
}

/** Keys that carry secrets somewhere in this API; used by tests and as a last-resort guard. */
export const SECRET_KEYS = ['password', 'pwd', 'pin', 'secret', 'web_password', 'web_user', 'sip_secret', 'vm_secret'] as const;

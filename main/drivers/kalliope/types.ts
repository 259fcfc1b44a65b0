/** Raw KalliopePBX records as read from `<kpbx_response>` (all values are strings on the wire). */

export interface KpbxContact {
  id: string;
  firstName: string;
  lastName: string;
  organization: string;
  organizationalUnit: string;
  type: string;
  phone: string;
  mail: string;
  speedDial: string;
}

export interface KpbxRegistration {
  exten: string;
  /** OK / UNREACHABLE / UNKNOWN per KalliopePBX REST API 1.1; other words are tolerated. */
  status: string;
  /** SIP contact of the registration: '' when given empty, null when the answer has no such tag. */
  contact: string | null;
  ip: string | null;
}

export interface KpbxUserBrief {
  exten: string;
  enabled: boolean | null;
  firstName: string;
  lastName: string;
}

export interface KpbxFirmware {
  primary: string;
  secondary: string;
  running: string;
}

export interface KpbxVoicemailCount {
  urgent: number | null;
  new: number | null;
  old: number | null;
}

/** One CDR row with the seed's tag names. */
export interface KpbxCdrRow {
  unique_id: string;
  id: string;
  direction: string;
  caller_num: string;
  caller_name: string;
  called_num: string;
  called_name: string;
  called_callgroup: string;
  gateway_id: string;
  gateway_name: string;
  status: string;
  billsec: string;
  start: string;
  answer: string;
  end: string;
  duration: string;
}

export const CDR_FIELDS_V10 = [
  'id',
  'direction',
  'caller_num',
  'caller_name',
  'called_num',
  'called_name',
  'called_callgroup',
  'gateway_id',
  'gateway_name',
  'status',
  'billsec',
  'start',
  'answer',
  'end',
  'duration',
] as const;

export const CDR_FIELDS_V11 = ['unique_id', ...CDR_FIELDS_V10] as const;

export type CdrField = (typeof CDR_FIELDS_V11)[number];

/**
 * Error codes and messages of the KalliopePBX REST API 1.1, exactly as the seed's tables
 * (seed 003). Codes are per API family: 12 is "One or more required field missing" for the
 * phonebook and "Internal error" for the CDR.
 */

/** "REST APIs and KalliopePBX license activation": `<request_not_allowed><error>`. */
export const LICENSE_ERRORS = {
  1: 'License missing',
  2: 'License expired',
  3: 'License disabled',
} as const;

/** POST/PUT/DELETE /phonebook/contacts and POST /phonebook/search. */
export const CONTACT_ERRORS = {
  0: 'Success',
  10: 'Invalid contact request',
  11: 'Invalid owner for user',
  12: 'One or more required field missing',
  13: 'Contact not saved',
  14: 'Invalid contact ID',
  15: 'Contact not found',
  16: 'User can not handle system contact',
  17: 'Admin can not handle private contact',
  18: 'Contact not deleted',
  19: 'Invalid filter request',
  20: 'This contact is not yours',
} as const;

/** POST /cdr (`<error_code>`). */
export const CDR_ERRORS = {
  0: 'Success',
  3: 'Authentication error',
  11: 'Invalid date time interval',
  12: 'Internal error',
} as const;

/** POST /click2call (`<error_code>`). */
export const CLICK2CALL_ERRORS = {
  0: 'Success',
  10: 'Error',
  11: 'Missing extension tag',
  12: 'Missing number to call tag',
} as const;

/** /users/configs. */
export const USER_ERRORS = {
  0: 'Success',
  10: 'Invalid user request',
  11: 'User already exists',
  12: 'One or more required field missing',
  13: 'Licensed extensions number reached',
  14: 'User not saved',
  15: 'User does not exist',
  16: 'Empty request',
} as const;

/** /pbx/callgroups. */
export const CALLGROUP_ERRORS = {
  0: 'Success',
  10: 'Invalid callgroup request',
  12: 'One or more required field missing',
  13: 'Licensed callgroup number reached',
  14: 'Callgroup not saved',
  15: 'Callgroup not exists',
  16: 'Empty request',
  17: 'Callgroup not deleted',
} as const;

/** GET /license/pxbinstance. */
export const LICENSE_INSTANCE_ERRORS = {
  10: 'Invalid part number for request',
  11: 'No license present',
  12: 'One or more required field missing',
} as const;

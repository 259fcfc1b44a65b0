/**
 * The ONLY way Frontdesk writes to `POST /voicemails`.
 *
 * On NethVoice that route enables a mailbox only for `{"extension":"<ext>","state":"yes"}`; ANY
 * other or missing `state` deletes the mailbox and still answers `200 {"status":true}`, and an
 * extension sent as a JSON number is rejected as "doesn't exist" (field notes, from the server
 * source). So the body is built here, from a string extension and a strict boolean, and always
 * carries an explicit state. Disabling (`state: "no"`) removes the mailbox configuration on the
 * server: callers must treat it as destructive.
 */

export interface VoicemailStateBody {
  extension: string;
  state: 'yes' | 'no';
}

const EXTENSION_RE = /^[0-9]{1,15}$/;

/** Validate and build the request body. Throws a TypeError/RangeError instead of sending anything doubtful. */
export function voicemailStateBody(extension: unknown, enabled: unknown): VoicemailStateBody {
  if (typeof extension !== 'string') {
    throw new TypeError(`a NethVoice mailbox extension must be a string of digits, got ${typeof extension}`);
  }
  const ext = extension.trim();
  if (!EXTENSION_RE.test(ext)) throw new RangeError(`"${ext.slice(0, 20)}" is not a NethVoice extension number`);
  if (enabled !== true && enabled !== false) {
    throw new TypeError('the voicemail state must be true (enable) or false (disable); refusing to send a request without state');
  }
  return { extension: ext, state: enabled ? 'yes' : 'no' };
}

/** The JSON text sent on the wire; checked again after serialisation. */
export function voicemailStateJson(extension: unknown, enabled: unknown): string {
  const body = voicemailStateBody(extension, enabled);
  const json = JSON.stringify({ extension: body.extension, state: body.state });
  const back = JSON.parse(json) as Record<string, unknown>;
  if (typeof back['extension'] !== 'string' || (back['state'] !== 'yes' && back['state'] !== 'no')) {
    throw new Error('internal error: voicemail request body lost its state');
  }
  return json;
}

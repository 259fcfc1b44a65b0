import { CLICK2CALL_ERRORS, LICENSE_INSTANCE_ERRORS } from './errors';
import { xml, type Click2CallRecord, type KalliopeState, type KReply, type KRequest } from './state';
import { child, errorTag, textOf } from './xml';

/** /system, /license, /voicemails and /click2call (seed 003). */

export function firmware(s: KalliopeState, r: KRequest): KReply {
  const primary = s.opts.firmware ?? (s.opts.generation === 4 ? '4.6.2-7511' : '3.9.5-2742');
  return xml(r, { firmware: { primary, secondary: s.opts.secondaryFirmware ?? '3.9.3-2664', running: 'primary' } });
}

export const pbxengineReload = (_s: KalliopeState, r: KRequest): KReply => xml(r, { pbxengine_reloaded: 'true' });

export function dns(_s: KalliopeState, r: KRequest): KReply {
  return xml(r, { dns: { ip_address: '192.168.1.1' } });
}

/** "POST /system/network/interfaces: Provides the list of network interfaces" (GET accepted too). */
export function interfaces(_s: KalliopeState, r: KRequest): KReply {
  return xml(r, { interfaces: { interface: [{ id: '0', enabled: 'true', name: 'eth0', ip_address: '192.168.1.10', netmask: '255.255.255.0' }] } });
}

/** GET /license/pxbinstance: available whatever the license state. */
export function licenseInstance(s: KalliopeState, r: KRequest): KReply {
  if (s.license === 'missing') return xml(r, { pbx_instance_license: errorTag(11, LICENSE_INSTANCE_ERRORS[11]) });
  const status = s.license === 'active' ? 'ACTIVE' : s.license === 'expired' ? 'EXPIRED' : 'DISABLED';
  return xml(r, { pbx_instance_license: { license_status: status, licensed_exten: '100' } });
}

/**
 * GET /voicemails/count/<mailbox>: urgent, unread (new, urgent ones included) and read (old)
 * messages. An unknown mailbox answers an empty `<voicemails/>`.
 */
export function voicemailCount(s: KalliopeState, r: KRequest): KReply {
  const box = s.mailboxes.get(r.params[0] ?? '');
  if (!box) return xml(r, { voicemails: '' });
  return xml(r, { voicemails: { voicemail: { urg_messages: String(box.urgent), new_messages: String(box.new), old_messages: String(box.old) } } });
}

type C2cCode = keyof typeof CLICK2CALL_ERRORS;
const c2cResult = (r: KRequest, code: C2cCode): KReply => xml(r, { click2call: errorTag(code, CLICK2CALL_ERRORS[code], 'error_code') });

/**
 * POST /click2call: ring `<exten>` first; when it answers, call `<number_to_call>` from it.
 * `type` auto (default) = internal if it is an extension, else out through the trunk; exten =
 * must be an extension; out = always external. An unknown calling extension, a bad type, or a
 * phone that cannot ring answers code 10 "Error".
 */
export function click2call(s: KalliopeState, r: KRequest): KReply {
  const c = r.body ? child(r.body, 'click2call') : undefined;
  if (!c) return c2cResult(r, 10);
  const exten = textOf(c['exten']) ?? '';
  if (!exten) return c2cResult(r, 11);
  const number = textOf(c['number_to_call']) ?? '';
  if (!number) return c2cResult(r, 12);
  const type = (textOf(c['type']) ?? '').toLowerCase() || 'auto';
  if (type !== 'auto' && type !== 'exten' && type !== 'out') return c2cResult(r, 10);
  const caller = s.applied.get(exten);
  if (!caller || !caller.enabled) return c2cResult(r, 10);
  const internal = type === 'out' ? false : s.applied.has(number);
  if (type === 'exten' && !internal) return c2cResult(r, 10);
  const phone = s.links?.phoneByExtension(exten);
  if (s.links && !phone) return c2cResult(r, 10); // not registered: nothing to ring
  const now = new Date();
  const row = s.addCdr({
    direction: internal ? 4 : 2,
    callerNum: exten,
    callerName: s.displayName(exten),
    calledNum: number,
    calledName: internal ? s.displayName(number) : '',
    ...(internal ? {} : { gatewayId: '1', gatewayName: 'Trunk SIP' }),
    status: 4,
    start: now,
    answer: null,
    end: now,
  });
  const rec: Click2CallRecord = { at: now.toISOString(), exten, number, type, outcome: phone ? 'ringing' : 'no-phone', cdrId: row.id };
  if (phone) {
    try {
      phone.ring(number, 'Click2Call', {
        onAnswer: () => {
          const t = new Date();
          row.status = 8;
          row.answer = t;
          row.end = t;
          rec.outcome = 'answered';
          try {
            phone.dialOut(number);
          } catch {
            row.status = 1; // the phone could not place the second leg
            rec.outcome = 'failed';
          }
        },
      });
    } catch {
      s.cdr.splice(s.cdr.indexOf(row), 1); // busy or rebooting: the call never started
      return c2cResult(r, 10);
    }
  }
  s.click2calls.push(rec);
  if (s.click2calls.length > 100) s.click2calls.shift();
  return c2cResult(r, 0);
}

import { CALLGROUP_ERRORS, USER_ERRORS } from './errors';
import { buildUser, type Callgroup, type UserConfig } from './model';
import { xml, type KalliopeState, type KReply, type KRequest } from './state';
import { bool, boolOf, child, errorTag, isRecord, textOf, type XmlTree } from './xml';

/** /users (registrations, brief, configs) and /pbx (pending, apply, revert, callgroups). */

function registrationXml(s: KalliopeState, u: UserConfig, index: number): XmlTree {
  const reg: XmlTree = { exten: u.exten };
  if (s.registered(u)) {
    const ip = `192.168.1.${(50 + index) % 250}`;
    Object.assign(reg, {
      status: 'OK',
      rtt: `${3 + (Number(u.exten) % 17 || 5)} ms`,
      contact: `sip:${u.exten}@${ip}:5060`,
      ip,
      port: '5060',
      useragent: 'Grandstream GXV3380 1.0.3.30',
    });
  } else {
    Object.assign(reg, { status: 'UNKNOWN', rtt: '', contact: '', ip: '', port: '', useragent: '' });
  }
  // KalliopePBX REST API 1.1, /users/registrations: exten, status (OK/UNREACHABLE/UNKNOWN), rtt,
  // contact, ip, port, useragent. No call state: busy or ringing is not in this answer.
  return reg;
}

/** GET /users/registrations[/<exten>]: the enabled (applied) extensions. */
export function registrations(s: KalliopeState, r: KRequest): KReply {
  const users = [...s.applied.values()];
  const omitUnregistered = s.opts.unregistered === 'omitted';
  const regs = users
    .map((u, i) => [u, i] as const)
    .filter(([u]) => u.enabled && (r.params[0] === undefined || u.exten === r.params[0]))
    .filter(([u]) => !omitUnregistered || s.registered(u))
    .map(([u, i]) => registrationXml(s, u, i));
  return xml(r, { registrations: regs.length ? { registration: regs } : '' });
}

/** GET /users/brief[/<exten>]. */
export function brief(s: KalliopeState, r: KRequest): KReply {
  const users = [...s.applied.values()].filter((u) => r.params[0] === undefined || u.exten === r.params[0]);
  const out = users.map((u) => ({ exten: u.exten, enabled: bool(u.enabled), first_name: u.firstName, last_name: u.lastName }));
  return xml(r, { users: out.length ? { user: out } : '' });
}

function configXml(u: UserConfig): XmlTree {
  return {
    exten: u.exten,
    sip_secret: u.sipSecret,
    enabled: bool(u.enabled),
    first_name: u.firstName,
    last_name: u.lastName,
    gui_secret_md5: u.guiSecretMd5,
    phonebook_manager: bool(u.phonebookManager),
    vm_enabled: bool(u.vmEnabled),
    vm_secret: u.vmSecret,
    vm_email: u.vmEmail,
    vm_attach_enabled: bool(u.vmAttachEnabled),
    vm_message_delete: bool(u.vmMessageDelete),
    failover: {
      intro: u.failover.intro,
      type: u.failover.type,
      destination: { name: u.failover.name, value: u.failover.value, gateway_type: '', gateway_id: '', gateway_name: '' },
    },
  };
}

/** GET /users/configs[/<exten>]: the configuration as edited (pending changes included). */
export function configs(s: KalliopeState, r: KRequest): KReply {
  const users = [...s.working.values()].filter((u) => r.params[0] === undefined || u.exten === r.params[0]);
  return xml(r, { configs: users.length ? { config: users.map(configXml) } : '' });
}

type UserCode = keyof typeof USER_ERRORS;
const userResult = (r: KRequest, code: UserCode): KReply => xml(r, { user: errorTag(code, USER_ERRORS[code]) });

/** Apply the optional tags of a `<user>` element; returns false if none was present. */
function applyUserTags(u: UserConfig, tag: Record<string, unknown>): boolean {
  let any = false;
  const str = (k: string, set: (v: string) => void): void => {
    const v = textOf(tag[k]);
    if (v !== undefined) {
      set(v);
      any = true;
    }
  };
  const flag = (k: string, set: (v: boolean) => void): void => {
    const v = boolOf(tag[k]);
    if (v !== undefined) {
      set(v);
      any = true;
    }
  };
  str('sip_secret', (v) => (u.sipSecret = v));
  str('first_name', (v) => (u.firstName = v));
  str('last_name', (v) => (u.lastName = v));
  str('vm_secret', (v) => (u.vmSecret = v));
  str('vm_email', (v) => (u.vmEmail = v));
  flag('vm_enabled', (v) => (u.vmEnabled = v));
  flag('vm_attach_enabled', (v) => (u.vmAttachEnabled = v));
  flag('vm_message_delete', (v) => (u.vmMessageDelete = v));
  const fo = tag['failover'];
  if (isRecord(fo)) {
    const dest = isRecord(fo['destination']) ? fo['destination'] : {};
    u.failover = { intro: textOf(fo['intro']) ?? '', type: textOf(fo['type']) ?? 'HANGUP', name: textOf(dest['name']) ?? '', value: textOf(dest['value']) ?? '' };
    any = true;
  }
  return any;
}

const MAX_EXTENSIONS = 500;

/** POST /users/configs: a new extension, pending until PUT /pbx/apply. */
export function addUser(s: KalliopeState, r: KRequest): KReply {
  const tag = r.body ? child(r.body, 'user') : undefined;
  if (!tag) return userResult(r, 10);
  const exten = textOf(tag['exten']);
  if (!exten || !textOf(tag['sip_secret']) || textOf(tag['first_name']) === undefined || textOf(tag['last_name']) === undefined) return userResult(r, 12);
  if (!/^\d{1,10}$/.test(exten)) return userResult(r, 14);
  if (s.working.has(exten)) return userResult(r, 11);
  if (s.working.size >= MAX_EXTENSIONS) return userResult(r, 13);
  const u = buildUser({ extension: exten, name: '' }, s.opts.receptionExtension, s.opts.id);
  applyUserTags(u, tag);
  s.working.set(exten, u);
  s.pending = true;
  return userResult(r, 0);
}

export function updateUser(s: KalliopeState, r: KRequest): KReply {
  const tag = r.body ? child(r.body, 'user') : undefined;
  if (!tag) return userResult(r, 10);
  const u = s.working.get(r.params[0] ?? '');
  if (!u) return userResult(r, 15);
  const next: UserConfig = { ...u, failover: { ...u.failover } };
  if (!applyUserTags(next, tag)) return userResult(r, 16);
  s.working.set(u.exten, next);
  s.pending = true;
  return userResult(r, 0);
}

export function deleteUser(s: KalliopeState, r: KRequest): KReply {
  const exten = r.params[0] ?? '';
  if (!s.working.has(exten)) return userResult(r, 15);
  s.working.delete(exten);
  s.pending = true;
  return userResult(r, 0);
}

export const pbxPending = (s: KalliopeState, r: KRequest): KReply => xml(r, { pbx_pending: bool(s.pending) });

export function pbxApply(s: KalliopeState, r: KRequest): KReply {
  s.apply();
  return xml(r, { pbx_applied: 'true' });
}

export function pbxRevert(s: KalliopeState, r: KRequest): KReply {
  s.revert();
  return xml(r, { pbx_reverted: 'true' });
}

function callgroupXml(s: KalliopeState, g: Callgroup): XmlTree {
  return {
    id: g.id,
    name: g.name,
    selection: g.selection,
    enabled: bool(g.enabled),
    timeout: String(g.timeout),
    failover: { intro: '', type: 'HANGUP', destination: { name: '', value: '', gateway_type: '', gateway_id: '', gateway_name: '' } },
    priorities: {
      priority: g.priorities.map((members, i) => ({
        id: String(i + 1),
        members: members.length ? { member: members.map((exten) => ({ exten, display_name: s.displayName(exten) })) } : '',
      })),
    },
  };
}

/** GET /pbx/callgroups[/<id>]. An unknown id answers the write APIs' code 15. */
export function callgroups(s: KalliopeState, r: KRequest): KReply {
  const id = r.params[0];
  const groups = s.callgroups.filter((g) => id === undefined || g.id === id);
  if (id !== undefined && groups.length === 0) return xml(r, { callgroup: errorTag(15, CALLGROUP_ERRORS[15]) });
  return xml(r, { callgroups: groups.length ? { callgroup: groups.map((g) => callgroupXml(s, g)) } : '' });
}

/**
 * The many-desk protocol over MQTT 5: every topic in ONE place. A hub (`npm run hub`) polls the
 * office once and publishes it; desks subscribe and send their commands to the hub. All topics live
 * under `<prefix>/<office>/` (prefix default `frontdesk`, may hold several levels; office = an id):
 *
 *   state/<entity key>   retained, hub → all   {v, run, rev, entity}; empty payload = the entity is gone.
 *                        The key is the office store's own key (device/<id>, line/<dev>/<n>, ext/<pbx>/<ext>,
 *                        mailbox/<pbx>/<box>, camera/<id>, call/<id>): topic = base + "state/" + key, with
 *                        only "+", "#" and "%" percent-encoded (they cannot stand in a topic name).
 *   meta                 retained, hub → all   {v, minDesk, run, rev, entities, startedAt, demo}: where the office is.
 *   hub                  retained, hub → all   {v, run, online, at}: published online on connect, offline on a clean
 *                        stop, and as the MQTT last will (offline) when the hub dies or loses the broker.
 *   patch                not retained          {v, run, at, patch}: one OfficePatch per hub tick, in revision order
 *                        (a gap or another `run` = resync by asking `office.state`).
 *   event/<name>         not retained          {v, run, name, payload}: derived events (call.incoming, …), the
 *                        contract's EventMap payloads.
 *   cmd/<desk>           desk → hub            {v, method, input}: an MQTT 5 request with response topic
 *                        reply/<desk> and correlation data; only the methods in REMOTE_METHODS.
 *   reply/<desk>         hub → that desk       {v, result}: the contract's IpcResult for that method.
 *
 * Every payload is JSON checked on receipt with the schemas of ./messages (which reuse the
 * contract's). `v` is PROTOCOL_VERSION; a hub refuses a desk older than MIN_DESK_PROTOCOL with an
 * `unsupported` answer saying to update the desk. Broker ACLs (deploy/mosquitto/acl) give the hub
 * write on state/meta/hub/patch/event/reply and read on cmd; a desk reads state, meta, hub, patch,
 * event and its own reply/<desk>, and writes only its own cmd/<desk> (desk id = its broker user).
 */
import type { InvokeMethod } from '../ipc/contract';

export const PROTOCOL_VERSION = 1;
/** The oldest desk protocol this hub still serves. */
export const MIN_DESK_PROTOCOL = 1;
export const DEFAULT_PREFIX = 'frontdesk';
export const DEFAULT_OFFICE = 'office';

/** One topic level of an id (office, desk): no wildcard, no separator, no leading `$`. */
export const TOPIC_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A prefix: one or more id levels separated by `/`. */
export const TOPIC_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}){0,4}$/;

/**
 * The contract methods a desk may send to the hub. Everything else is answered on the desk itself
 * (app.info, office.state from its mirror, its own settings, desk.*) or refused: devices and their
 * passwords are managed on the hub, never over the broker.
 */
export const REMOTE_METHODS = [
  'office.state',
  'devices.list',
  'devices.refresh',
  'contacts.search',
  'contacts.lookup',
  'contacts.sources',
  'contacts.list',
  'contacts.save',
  'contacts.delete',
  'contacts.refresh',
  'calls.dial',
  'calls.control',
  'calls.history',
  'cameras.watch',
  'cameras.unwatch',
  'cameras.snapshot',
  'cameras.ptz',
  'voicemail.refresh',
] as const satisfies readonly InvokeMethod[];
export type RemoteMethod = (typeof REMOTE_METHODS)[number];
/** Answered on the desk itself (office.state from its mirror; its own settings and desk link). */
export const DESK_METHODS = ['app.info', 'office.state', 'settings.get', 'settings.update', 'desk.get', 'desk.connect', 'desk.disconnect'] as const satisfies readonly InvokeMethod[];
/** Never over the broker: device configuration and passwords stay on the hub. */
export const HUB_ONLY_METHODS = ['devices.add', 'devices.update', 'devices.remove', 'devices.setEnabled', 'devices.test'] as const satisfies readonly InvokeMethod[];
const REMOTE = new Set<string>(REMOTE_METHODS);
export const isRemoteMethod = (m: string): m is RemoteMethod => REMOTE.has(m);

/** Events the hub publishes (office.patch goes on `patch`; settings.changed stays on each machine). */
export const PUBLISHED_EVENTS = [
  'call.incoming',
  'call.answered',
  'call.ended',
  'call.missed',
  'voicemail.new',
  'camera.motion',
  'camera.snapshot',
  'device.offline',
  'device.online',
  'device.authFailed',
  'contacts.changed',
] as const;
export type PublishedEvent = (typeof PUBLISHED_EVENTS)[number];
const PUBLISHED = new Set<string>(PUBLISHED_EVENTS);
export const isPublishedEvent = (e: string): e is PublishedEvent => PUBLISHED.has(e);

export interface TopicRoot {
  prefix: string;
  office: string;
}

export class TopicError extends Error {
  override readonly name = 'TopicError';
}

export function checkRoot(root: TopicRoot): TopicRoot {
  if (!TOPIC_PREFIX.test(root.prefix)) throw new TopicError(`the topic prefix "${root.prefix.slice(0, 80)}" must be levels of letters, digits, dot, dash or underscore separated by /`);
  if (!TOPIC_ID.test(root.office)) throw new TopicError(`the office id "${root.office.slice(0, 80)}" must be letters, digits, dot, dash or underscore (at most 64)`);
  return root;
}

/** An entity key as topic levels: "+", "#" and "%" are percent-encoded, nothing else changes. */
export function encodeKey(key: string): string {
  return key.replace(/[%+#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function decodeKey(levels: string): string {
  return levels.replace(/%(25|2B|23)/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export interface Topics {
  readonly base: string;
  state(key: string): string;
  readonly stateAll: string;
  readonly meta: string;
  readonly hub: string;
  readonly patch: string;
  event(name: string): string;
  readonly eventAll: string;
  command(desk: string): string;
  readonly commandAll: string;
  reply(desk: string): string;
  /** The entity key of a state topic, or undefined for any other topic. */
  keyOf(topic: string): string | undefined;
  /** The desk of a command topic, or undefined. */
  deskOf(topic: string): string | undefined;
  /** The event name of an event topic, or undefined. */
  eventOf(topic: string): string | undefined;
}

export function topicsFor(root: TopicRoot): Topics {
  const { prefix, office } = checkRoot(root);
  const base = `${prefix}/${office}`;
  const under = (sub: string) => (topic: string): string | undefined => (topic.startsWith(`${base}/${sub}/`) ? topic.slice(base.length + sub.length + 2) : undefined);
  const stateRest = under('state');
  const cmdRest = under('cmd');
  const eventRest = under('event');
  const deskId = (desk: string): string => {
    if (!TOPIC_ID.test(desk)) throw new TopicError(`the desk id "${desk.slice(0, 80)}" must be letters, digits, dot, dash or underscore (at most 64)`);
    return desk;
  };
  return {
    base,
    state: (key) => `${base}/state/${encodeKey(key)}`,
    stateAll: `${base}/state/#`,
    meta: `${base}/meta`,
    hub: `${base}/hub`,
    patch: `${base}/patch`,
    event: (name) => `${base}/event/${name}`,
    eventAll: `${base}/event/#`,
    command: (desk) => `${base}/cmd/${deskId(desk)}`,
    commandAll: `${base}/cmd/+`,
    reply: (desk) => `${base}/reply/${deskId(desk)}`,
    keyOf: (topic) => {
      const rest = stateRest(topic);
      return rest === undefined || rest === '' ? undefined : decodeKey(rest);
    },
    deskOf: (topic) => {
      const rest = cmdRest(topic);
      return rest !== undefined && TOPIC_ID.test(rest) ? rest : undefined;
    },
    eventOf: (topic) => {
      const rest = eventRest(topic);
      return rest !== undefined && rest !== '' && !rest.includes('/') ? rest : undefined;
    },
  };
}

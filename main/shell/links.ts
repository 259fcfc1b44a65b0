/**
 * tel:, callto: and sip: links. Parsing is strict and pure: a link either yields a number we can
 * dial (shown normalised in the confirmation bar before anything is dialled) or a plain-words
 * refusal. Links reach the app from argv (Windows and Linux start a second instance with the URL),
 * from macOS's open-url event, and before the app is ready: the inbox queues them until then.
 */
import { canonicalNumber, dialString, looksLikeNumber, type NumberingRules } from '../core/contacts/numbers';
import type { ShellStrings } from './strings';

export const CALL_SCHEMES = ['tel', 'callto', 'sip'] as const;
export type CallScheme = (typeof CALL_SCHEMES)[number] | 'sips';

export type CallLink =
  | {
      ok: true;
      scheme: CallScheme;
      /** The number as the link wrote it (decoded, parameters removed). */
      raw: string;
      /** Normalised for showing and dialling ('+39061234567', or an extension as written). */
      number: string;
      /** What the phone will be sent, with the office's numbering rules. */
      dial: string;
    }
  | { ok: false; message: string };

const SCHEME = /^(tel|callto|sips?):/i;
const MAX_LINK = 256;

export function isCallLink(text: string): boolean {
  return SCHEME.test(text.trim());
}

export function parseCallLink(url: string, rules: NumberingRules, s: ShellStrings): CallLink {
  const text = url.trim();
  const m = SCHEME.exec(text);
  if (!m?.[1]) return { ok: false, message: s.linkNotCall };
  if (text.length > MAX_LINK) return { ok: false, message: s.linkTooLong };
  const scheme = m[1].toLowerCase() as CallScheme;
  let rest = text.slice(m[0].length);
  if (scheme === 'callto') rest = rest.replace(/^\/\//, '');
  // Parameters (;phone-context=, ;ext=, ;transport=) and headers (?subject=) are not part of the number.
  rest = rest.split(/[;?#]/, 1)[0] ?? '';
  let user = rest;
  if (scheme === 'sip' || scheme === 'sips' || scheme === 'callto') {
    const at = rest.indexOf('@');
    if (at >= 0) user = rest.slice(0, at);
  }
  try {
    user = decodeURIComponent(user);
  } catch {
    return { ok: false, message: s.linkDamaged };
  }
  user = user.replace(/^\/\//, '').trim();
  if (user === '') return { ok: false, message: s.linkEmpty };
  const shown = user.length > 40 ? `${user.slice(0, 40)}…` : user;
  if (!looksLikeNumber(user)) return { ok: false, message: s.linkNotNumber(shown) };
  let dial: string;
  try {
    dial = dialString(user, rules);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : s.linkNotNumber(shown) };
  }
  return { ok: true, scheme, raw: user, number: canonicalNumber(user, rules), dial };
}

/** The call link a second instance was started with (Windows, Linux), if any: the last argument that is one. */
export function callLinkInArgv(argv: readonly string[]): string | undefined {
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i];
    if (a !== undefined && !a.startsWith('-') && isCallLink(a)) return a;
  }
  return undefined;
}

/**
 * How to register as the protocol client: a packaged app registers itself; a development run
 * (`electron .`) must name the app folder, or the OS would start bare Electron.
 */
export function protocolClientArgs(opts: { defaultApp: boolean; execPath: string; appPath: string | undefined }): [path?: string, args?: string[]] {
  if (!opts.defaultApp || !opts.appPath) return [];
  return [opts.execPath, [opts.appPath]];
}

/**
 * Holds links until the app is ready to show the confirmation bar, then hands them over in order.
 * At most `max` links wait (the newest win): a flood of links cannot pile up dialogs.
 */
export class LinkInbox {
  private readonly queue: string[] = [];
  private handler: ((url: string) => void) | undefined;

  constructor(private readonly max = 5) {}

  push(url: string): void {
    if (this.handler) return this.handler(url);
    this.queue.push(url);
    while (this.queue.length > this.max) this.queue.shift();
  }

  /** From now on links go straight to `handler`; queued ones are delivered first. */
  ready(handler: (url: string) => void): void {
    this.handler = handler;
    for (const url of this.queue.splice(0)) handler(url);
  }

  get pending(): readonly string[] {
    return this.queue;
  }
}

/** The part of Electron's `app` that delivers links. */
export interface LinkSource {
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
}

/**
 * Feed the inbox from every way a link arrives: this process's own argv (the first instance was
 * started by a link), a second instance's argv (Windows, Linux; it quits at once), macOS's
 * open-url. A second instance without a link just brings the window back (`onPlainSecondInstance`).
 */
export function listenForLinks(app: LinkSource, inbox: LinkInbox, argv: readonly string[], onPlainSecondInstance: () => void): void {
  const first = callLinkInArgv(argv);
  if (first) inbox.push(first);
  app.on('second-instance', (_event, otherArgv) => {
    const link = callLinkInArgv(otherArgv);
    if (link) inbox.push(link);
    else onPlainSecondInstance();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.push(url);
  });
}

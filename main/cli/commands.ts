/**
 * The command table of the `frontdesk` CLI: command → capability and driver method → JSON output.
 * A command is supported when the driver has the method and (if one is named) declares the capability.
 */
import type { Capability, MotionStatus } from '../../shared/domain';
import { UnsupportedOperationError } from '../core/driver/errors';
import type { CallOptions, Driver, HistoryQuery } from '../core/driver/types';
import { COMMAND_NAMES, type CliCommand, type CommandName } from './args';
import {
  accountsJson,
  contactsJson,
  historyJson,
  linesJson,
  presenceJson,
  probeJson,
  statusJson,
  voicemailJson,
} from './output';
import { UsageError } from './usage-error';

export interface CommandContext {
  signal?: AbortSignal;
  /** Write the snapshot file (injected so tests need no disk). */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
}

type OptionalMethod = 'status' | 'lines' | 'accounts' | 'contacts' | 'dial' | 'callControl' | 'voicemail' | 'presence' | 'snapshot' | 'motion' | 'history' | 'reboot';
type CommandOf<N extends CommandName> = Extract<CliCommand, { name: N }>;

export interface CommandSpec<C extends CliCommand = CliCommand> {
  /** Capability the driver must declare, when the domain has one for this command. */
  capability?: Capability;
  /** Driver method that runs it; `probe` is on every driver. */
  method: OptionalMethod | 'probe';
  run(driver: Driver, cmd: C, ctx: CommandContext): Promise<unknown>;
}

function missing(driver: Driver, method: string): never {
  throw new UnsupportedOperationError(driver.kind, method);
}

const opts = (ctx: CommandContext): CallOptions => (ctx.signal ? { signal: ctx.signal } : {});

/** `motion`: `{"motion":bool,"alarmInputs":[bool|null…]}`; null = the camera reported that input empty or unknown. */
export function motionJson(m: MotionStatus): { motion: boolean; alarmInputs: (boolean | null)[] } {
  return { motion: m.motion, alarmInputs: [...(m.alarmInputStates ?? m.alarmInputs)] };
}

/** A driver that can say whether the device confirmed a reboot (NethVoice: `rebootReport`). */
interface RebootReporting {
  rebootReport(opts?: CallOptions): Promise<{ confirmed: boolean }>;
}

function reportsReboot(d: Driver): d is Driver & RebootReporting {
  return typeof (d as Partial<RebootReporting>).rebootReport === 'function';
}

/** `reboot`: `{"ok":true,"confirmed":bool,"status":"rebooting"|"sent, not confirmed"}`. */
export function rebootJson(confirmed: boolean): { ok: true; confirmed: boolean; status: 'rebooting' | 'sent, not confirmed' } {
  return { ok: true, confirmed, status: confirmed ? 'rebooting' : 'sent, not confirmed' };
}

export const COMMANDS: { readonly [N in CommandName]: CommandSpec<CommandOf<N>> } = {
  probe: {
    method: 'probe',
    run: async (d, _c, ctx) => probeJson(await d.probe(opts(ctx))),
  },
  status: {
    method: 'status',
    run: async (d, _c, ctx) => statusJson(await (d.status ?? missing(d, 'status')).call(d, opts(ctx))),
  },
  lines: {
    capability: 'lines',
    method: 'lines',
    run: async (d, _c, ctx) => linesJson(await (d.lines ?? missing(d, 'lines')).call(d, opts(ctx))),
  },
  accounts: {
    method: 'accounts',
    run: async (d, _c, ctx) => accountsJson(await (d.accounts ?? missing(d, 'accounts')).call(d, opts(ctx))),
  },
  contacts: {
    capability: 'contacts',
    method: 'contacts',
    run: async (d, c, ctx) => {
      const query = c.search === undefined ? {} : { search: c.search };
      return contactsJson(await (d.contacts ?? missing(d, 'contacts')).call(d, query, opts(ctx)));
    },
  },
  dial: {
    capability: 'dial',
    method: 'dial',
    run: async (d, c, ctx) => {
      const req = { number: c.number, ...(c.account === undefined ? {} : { account: c.account }), ...(c.exten === undefined ? {} : { extension: c.exten }) };
      await (d.dial ?? missing(d, 'dial')).call(d, req, opts(ctx));
      return { ok: true, number: c.number, ...(c.account === undefined ? {} : { account: c.account }), ...(c.exten === undefined ? {} : { exten: c.exten }) };
    },
  },
  call: {
    capability: 'callControl',
    method: 'callControl',
    run: async (d, c, ctx) => {
      await (d.callControl ?? missing(d, 'callControl')).call(d, c.action, c.line, opts(ctx));
      return { ok: true, action: c.action, line: c.line };
    },
  },
  voicemail: {
    capability: 'voicemail',
    method: 'voicemail',
    run: async (d, _c, ctx) => voicemailJson(await (d.voicemail ?? missing(d, 'voicemail')).call(d, opts(ctx))),
  },
  presence: {
    capability: 'presence',
    method: 'presence',
    run: async (d, _c, ctx) => presenceJson(await (d.presence ?? missing(d, 'presence')).call(d, opts(ctx))),
  },
  snapshot: {
    capability: 'snapshot',
    method: 'snapshot',
    run: async (d, c, ctx) => {
      const shot = await (d.snapshot ?? missing(d, 'snapshot')).call(d, 'primary', opts(ctx));
      try {
        await ctx.writeFile(c.out, shot.bytes);
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        throw new UsageError(`cannot write --out ${c.out}: ${typeof code === 'string' ? code : e instanceof Error ? e.message : String(e)}`);
      }
      return { ok: true, out: c.out, bytes: shot.bytes.byteLength, contentType: shot.contentType };
    },
  },
  motion: {
    capability: 'motion',
    method: 'motion',
    run: async (d, _c, ctx) => motionJson(await (d.motion ?? missing(d, 'motion')).call(d, opts(ctx))),
  },
  reboot: {
    capability: 'reboot',
    method: 'reboot',
    run: async (d, _c, ctx) => {
      if (reportsReboot(d)) return rebootJson((await d.rebootReport(opts(ctx))).confirmed);
      await (d.reboot ?? missing(d, 'reboot')).call(d, opts(ctx));
      return rebootJson(true);
    },
  },
  history: {
    capability: 'callHistory',
    method: 'history',
    run: async (d, c, ctx) => {
      const query: HistoryQuery = {};
      if (c.from !== undefined) query.from = c.from;
      if (c.to !== undefined) query.to = c.to;
      return historyJson(await (d.history ?? missing(d, 'history')).call(d, query, opts(ctx)));
    },
  },
};

/** Whether `driver` can run `name` (method present, capability declared). No network. */
export function isSupported(driver: Driver, name: CommandName): boolean {
  const spec: CommandSpec = COMMANDS[name] as CommandSpec;
  if (typeof driver[spec.method] !== 'function') return false;
  return spec.capability === undefined || driver.capabilities.has(spec.capability);
}

export function supportedCommands(driver: Driver): CommandName[] {
  return COMMAND_NAMES.filter((n) => isSupported(driver, n));
}

/** Run one parsed command; throws UsageError naming the kind and its commands when unsupported. */
export async function runCommand(driver: Driver, cmd: CliCommand, ctx: CommandContext): Promise<unknown> {
  if (!isSupported(driver, cmd.name)) {
    throw new UsageError(`"${cmd.name}" is not supported by ${driver.kind} devices; supported commands for ${driver.kind}: ${supportedCommands(driver).join(', ')}`);
  }
  const spec = COMMANDS[cmd.name] as CommandSpec;
  return spec.run(driver, cmd, ctx);
}

import { dirname, join } from 'node:path';
import defaultOffice from './office.json';
import { fileURLToPath } from 'node:url';
import { GrandstreamPhoneSim } from './grandstream-phone';
import type { ServedDevice } from './lib/server';
import type { Manifest, OfficeLinks, PhoneControl, SimDevice } from './lib/types';
import { NethVoiceSim } from './nethvoice';
import { startControlServer, type ControlServer } from './control';
import { newControlToken } from './lib/control-auth';
import { buildOtherDevice } from './office-devices';
import { loadOfficeFile, parseOffice, type OfficeConfig, type OfficeDeviceConfig, type ParsedOffice } from './office-schema';
import { serveOfficeDevice, type OfficeServed } from './office-serve';

export { OfficeConfigError, parseOffice, loadOfficeFile } from './office-schema';
export type { OfficeConfig, ParsedOffice } from './office-schema';

/** The default demo office shipped with the repo. */
export const DEFAULT_OFFICE_FILE = join(dirname(fileURLToPath(import.meta.url)), 'office.json');

export interface StartOfficeOptions {
  /** Office file to load (default sim/office.json). Ignored when `office` is given. */
  officeFile?: string;
  /** An office config object (validated like a file). */
  office?: OfficeConfig;
  /** Port of the control API on 127.0.0.1 (default 0 = random). */
  controlPort?: number;
}

export interface RunningOffice {
  /** Every device with its credentials (in memory only: GET /manifest serves it without secrets). */
  manifest: Manifest;
  /** Control API root, e.g. http://127.0.0.1:40100 */
  control: string;
  /** This run's random control token: send `Authorization: Bearer <controlToken>` (sim/lib/control-client.ts). */
  controlToken: string;
  device(id: string): ServedDevice | undefined;
  close(): Promise<void>;
}

/** Presence of a phone as PBXs see it. Phones without `presence()` are derived from `state()`. */
function phonePresence(d: SimDevice & PhoneControl): 'idle' | 'ringing' | 'busy' {
  const p = (d as { presence?: () => 'idle' | 'ringing' | 'busy' }).presence;
  if (typeof p === 'function') return p.call(d);
  const st = d.state() as { lines?: { state?: unknown }[] } | null;
  const states = (st?.lines ?? []).map((l) => String(l.state ?? ''));
  if (states.some((s) => s === 'ringing' || s === '2')) return 'ringing';
  if (states.some((s) => s !== 'idle' && s !== '0' && s !== '')) return 'busy';
  return 'idle';
}

function buildDevice(cfg: OfficeDeviceConfig, links: OfficeLinks): SimDevice {
  switch (cfg.kind) {
    case 'grandstream-phone':
      return new GrandstreamPhoneSim({
        id: cfg.id,
        name: cfg.name,
        model: cfg.model ?? 'GXV3380',
        username: cfg.username,
        password: cfg.password,
        extension: cfg.extension,
        lineCount: cfg.lineCount,
        lineStyle: cfg.lineStyle,
        answerDelayMs: cfg.answerDelayMs,
        lineNumbering: cfg.lineNumbering,
        lineParam: cfg.lineParam,
        valueNames: cfg.valueNames,
        contactNameOrder: cfg.contactNameOrder,
        sessionsPerUser: cfg.sessionsPerUser,
        operationDelayMs: cfg.operationDelayMs,
        family: cfg.family,
        userWebAccess: cfg.userWebAccess,
        apiEnabled: cfg.apiEnabled,
        firmware: cfg.firmware,
        mac: cfg.mac,
        groups: cfg.groups,
        contacts: cfg.contacts,
      });
    case 'nethvoice':
      return new NethVoiceSim({
        id: cfg.id,
        name: cfg.name,
        user: cfg.username,
        password: cfg.password,
        secret: cfg.secret,
        version: cfg.version,
        rebootAnswer: cfg.rebootAnswer,
        release: cfg.release,
        edition: cfg.edition,
        syncMs: cfg.syncMs,
        users: cfg.users,
      });
    default:
      return buildOtherDevice(cfg, links);
  }
}

/**
 * Start every device of an office on its own 127.0.0.1 port, plus the control API.
 * Throws OfficeConfigError (naming the bad field) for an invalid office.
 */
export async function startOffice(opts: StartOfficeOptions = {}): Promise<RunningOffice> {
  // The default office is imported (not read from disk) so it also works inside a bundled app.
  const parsed: ParsedOffice =
    opts.office !== undefined
      ? parseOffice(opts.office)
      : opts.officeFile !== undefined
        ? loadOfficeFile(opts.officeFile)
        : parseOffice(defaultOffice, DEFAULT_OFFICE_FILE);

  const phonesByExt = new Map<string, SimDevice & PhoneControl>();
  const links: OfficeLinks = {
    phoneByExtension: (ext) => phonesByExt.get(ext),
    extensionBusy: (ext) => {
      const p = phonesByExt.get(ext);
      return p ? phonePresence(p) : undefined;
    },
  };

  const devices: SimDevice[] = [];
  try {
    for (const cfg of parsed.devices) devices.push(buildDevice(cfg, links));
  } catch (e) {
    for (const d of devices) d.dispose?.();
    throw e;
  }
  for (const d of devices) {
    const p = d as SimDevice & Partial<PhoneControl>;
    if (typeof p.ring === 'function' && typeof p.remoteHangup === 'function' && p.extension) phonesByExt.set(p.extension, p as SimDevice & PhoneControl);
  }

  const served = new Map<string, OfficeServed>();
  let control: ControlServer | undefined;
  const closeAll = async (): Promise<void> => {
    await control?.close();
    await Promise.all([...served.values()].map((s) => s.close()));
  };
  try {
    for (let i = 0; i < devices.length; i++) {
      const d = devices[i];
      const cfg = parsed.devices[i];
      if (!d || !cfg) continue;
      try {
        served.set(d.id, await serveOfficeDevice(d, cfg.port ?? 0));
      } catch (e) {
        d.dispose?.();
        throw new Error(`device ${d.id}: cannot listen on 127.0.0.1:${cfg.port ?? 0}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }
    let controlUrl = '';
    const buildManifest = (): Manifest => ({
      control: controlUrl,
      devices: [...served.values()].map((s) => s.device.manifestEntry(s.url)),
    });
    control = await startControlServer(
      { manifest: buildManifest, get: (id) => served.get(id), all: () => [...served.values()] },
      newControlToken(),
      opts.controlPort ?? 0,
    );
    controlUrl = control.url;
    let closed: Promise<void> | undefined;
    return {
      manifest: buildManifest(),
      control: control.url,
      controlToken: control.token,
      device: (id) => served.get(id)?.served,
      close: () => (closed ??= closeAll()),
    };
  } catch (e) {
    await closeAll();
    for (const d of devices) if (!served.has(d.id)) d.dispose?.();
    throw e;
  }
}

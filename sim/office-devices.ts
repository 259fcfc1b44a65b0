import { GrandstreamCameraSim } from './grandstream-camera';
import { KalliopeSim, kalliopeContactsFromOffice, type KalliopeContactSeed } from './kalliope';
import type { OfficeLinks, SimDevice } from './lib/types';
import { generatePhonebook } from './office-data';
import type { OfficeDeviceConfig } from './office-schema';

type KalliopeConfig = Extract<OfficeDeviceConfig, { kind: 'kalliope' }>;

/**
 * The Kalliope phonebook of an office file. A Kalliope contact has one `<phone>`, so each person
 * becomes one entry per number. The literal contacts come first; then `generate` entries made from
 * generated people (deterministic from `seed`), cut at exactly `generate`.
 */
export function kalliopePhonebook(pb: KalliopeConfig['phonebook']): KalliopeContactSeed[] {
  if (!pb) return [];
  const literal = kalliopeContactsFromOffice(pb.contacts);
  const generated = pb.generate > 0 ? kalliopeContactsFromOffice(generatePhonebook(pb.generate, pb.seed)).slice(0, pb.generate) : [];
  return [...literal, ...generated];
}

/** Builds the camera and KalliopePBX simulators of an office. */
export function buildOtherDevice(cfg: OfficeDeviceConfig, links: OfficeLinks): SimDevice {
  switch (cfg.kind) {
    case 'grandstream-camera':
      return new GrandstreamCameraSim({
        id: cfg.id,
        name: cfg.name,
        model: cfg.model,
        username: cfg.username,
        password: cfg.password,
        firmware: cfg.firmware,
        mac: cfg.mac,
        ptz: cfg.ptz,
        channels: cfg.channels,
        viewer: cfg.viewer,
        primaryCodec: cfg.primaryCodec,
        secondaryCodec: cfg.secondaryCodec,
        alarmServerUpload: cfg.alarmServerUpload,
        motionStatusForm: cfg.motionStatusForm,
        alarmInputStatus: cfg.alarmInputStatus,
        family: cfg.family,
      });
    case 'kalliope':
      return new KalliopeSim({
        id: cfg.id,
        name: cfg.name,
        username: cfg.username,
        password: cfg.password,
        firmware: cfg.firmware,
        serial: cfg.serial,
        generation: cfg.generation,
        tenantDomain: cfg.tenantDomain,
        clockOffsetSeconds: cfg.clockOffsetSeconds,
        unavailable: cfg.unavailable,
        licenseValid: cfg.licenseValid,
        privacyPassword: cfg.privacyPassword,
        requestIdEcho: cfg.requestIdEcho,
        unregistered: cfg.unregistered,
        cdrCsvQuoting: cfg.cdrCsvQuoting,
        receptionExtension: cfg.receptionExtension,
        extensions: cfg.extensions,
        callgroups: cfg.callgroups,
        contacts: kalliopePhonebook(cfg.phonebook),
        links,
      });
    default:
      throw new Error(`device ${cfg.id}: no simulator for kind ${cfg.kind}`);
  }
}


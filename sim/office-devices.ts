import { GrandstreamCameraSim } from './grandstream-camera';
import type { OfficeLinks, SimDevice } from './lib/types';
import type { OfficeDeviceConfig } from './office-schema';

/** Builds the camera and KalliopePBX simulators of an office. */
export function buildOtherDevice(cfg: OfficeDeviceConfig, _links: OfficeLinks): SimDevice {
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
      });
    default:
      throw new Error(`device ${cfg.id}: the ${cfg.kind} simulator is not available yet`);
  }
}

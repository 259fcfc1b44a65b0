import type { OfficeLinks, SimDevice } from './lib/types';
import type { OfficeDeviceConfig } from './office-schema';

/** Builds the camera and KalliopePBX simulators of an office. */
export function buildOtherDevice(cfg: OfficeDeviceConfig, _links: OfficeLinks): SimDevice {
  throw new Error(`device ${cfg.id}: the ${cfg.kind} simulator is not available yet`);
}

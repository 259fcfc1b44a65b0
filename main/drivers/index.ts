/**
 * The driver registry: one factory per device family, chosen by kind. The monitor, the runtime
 * and the `frontdesk` CLI create drivers only through this.
 */
import type { DeviceKind } from '../../shared/domain';
import type { Driver, DriverConfig } from '../core/driver/types';
import { createGrandstreamCameraDriver } from './grandstream-camera';
import { createPhoneFamilyDriver } from './grandstream-phone';
import { createKalliopeDriver } from './kalliope';
import { createNethVoiceDriver } from './nethvoice';

const FACTORIES: Record<DeviceKind, (config: DriverConfig) => Driver> = {
  // The phone family (GXV challenge, SHA-256 session, passcode) is pinned by config.family or detected.
  'grandstream-phone': (c) => createPhoneFamilyDriver(c),
  'grandstream-camera': createGrandstreamCameraDriver,
  kalliope: createKalliopeDriver,
  nethvoice: createNethVoiceDriver,
};

export function createDriver(config: DriverConfig): Driver {
  const factory = FACTORIES[config.kind] as ((c: DriverConfig) => Driver) | undefined;
  if (!factory) {
    throw new Error(`Unknown device kind "${String(config.kind)}". Use one of: ${Object.keys(FACTORIES).join(', ')}.`);
  }
  return factory(config);
}

/**
 * Grandstream camera/encoder driver (GXV35xx/36xx, GXV3500/3504; seed 002) and GSC36xx cameras
 * (challenge login, XML settings); the family is pinned by `config.family` or detected.
 */
import type { Driver, DriverConfig } from '../../core/driver/types';
import type { CameraClientOptions } from './client';
import { GrandstreamCameraDriver } from './driver';

export function createGrandstreamCameraDriver(config: DriverConfig, opts: CameraClientOptions = {}): Driver & GrandstreamCameraDriver {
  return new GrandstreamCameraDriver(config, opts);
}

export { GrandstreamCameraDriver, CAMERA_BASE_CAPABILITIES, GSC_CAPABILITIES } from './driver';
export { CameraClient, cameraBase, strategyFor, type CameraClientOptions, type CameraRequestOptions } from './client';
export { BasicAuthStrategy } from './auth';
export { AutoCameraStrategy, GscChallengeStrategy, GscLoginAbsent, GSC_AUTH_SALT, parseGscXml, xmlField } from './gsc-auth';
export { gscReadConfig, gscReboot, gscWriteConfig } from './gsc-config';
export {
  alarmStates,
  ioBit,
  ptzParamRange,
  readMotionStatus,
  UNKNOWN_ALARM_IO,
  type AlarmIo,
  type MotionReading,
  CameraParseError,
  indexList,
  isJpeg,
  kvAll,
  kvChannels,
  kvGroups,
  kvRecord,
  MAX_SNAPSHOT_BYTES,
  parseAlarmIo,
  parseKeyValues,
  parseMotionStatus,
  parseStatusLine,
  parseSystemInfo,
  PTZ_CODES,
  supportsPtz,
  type KvPair,
  type StatusLine,
  type SystemInfo,
} from './parsers';
export type { CameraAuthContext, CameraAuthorization, CameraAuthStrategy } from './types';

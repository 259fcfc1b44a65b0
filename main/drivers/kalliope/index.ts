import type { Driver, DriverConfig } from '../../core/driver/types';
import { KalliopeDriver } from './driver';

/** KalliopePBX driver: 3.x REST API 1.1 (seed 003) and 4.x with the signed X-authenticate header. */
export function createKalliopeDriver(config: DriverConfig): Driver & KalliopeDriver {
  return new KalliopeDriver(config);
}

export { KalliopeDriver, KALLIOPE_CAPABILITIES, type KalliopeHistoryReport } from './driver';
export { KalliopeClient, newRequestId, requestIdMatches } from './client';
export { ClockSkewError, KalliopeAuth } from './auth';
export {
  CLOCK_TOLERANCE_MS,
  classifyRefusal,
  createdStamp,
  digestPassword,
  generationOf,
  newNonce,
  parseFirmwareVersion,
  parseSalt,
  signature,
  xAuthenticate,
} from './signed';
export { errorForCode, licenseError, LICENSE_CODES, OPERATION_CODES, type KalliopeOperation } from './errors';
export { buildRequest, parseXml } from './xml';
export { parseCdrCsv, parseCdrCsvReport, type CdrCsvReport, parseCdrXml, parseCsv, toHistory, toKpbxDate, historyBound, fromKpbxDate, disposition } from './cdr';

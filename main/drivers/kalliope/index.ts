import type { Driver, DriverConfig } from '../../core/driver/types';
import { KalliopeDriver } from './driver';

/** KalliopePBX 3.x REST API driver (seed 003). */
export function createKalliopeDriver(config: DriverConfig): Driver & KalliopeDriver {
  return new KalliopeDriver(config);
}

export { KalliopeDriver, KALLIOPE_CAPABILITIES, type KalliopeHistoryReport } from './driver';
export { KalliopeClient, newRequestId, requestIdMatches } from './client';
export { errorForCode, licenseError, LICENSE_CODES, OPERATION_CODES, type KalliopeOperation } from './errors';
export { buildRequest, parseXml } from './xml';
export { parseCdrCsv, parseCdrCsvReport, type CdrCsvReport, parseCdrXml, parseCsv, toHistory, toKpbxDate, historyBound, fromKpbxDate, disposition } from './cdr';

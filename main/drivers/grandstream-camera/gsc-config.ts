/**
 * The XML settings of GSC36xx cameras (GSC36xx HTTP API; issue 11, observed on real firmware):
 * `GET /goform/config?cmd=get&type=<video|osd|audio|date|…>` answers
 * `<Configuration><ResCode>0</ResCode><P…>…</P…></Configuration>`; `cmd=set&<P…>=<value>…`
 * succeeds when the answer contains "Successful" (any case); `cmd=reboot` reboots.
 */
import { AuthError, DeviceRejectedError } from '../../core/driver/errors';
import type { CameraClient, CameraRequestOptions } from './client';
import { parseGscXml, xmlField } from './gsc-auth';

const META = new Set(['rescode', 'retmsg']);

function refused(client: CameraClient, endpoint: string, what: string, retMsg: string | undefined, code: string): Error {
  if (retMsg && /no\s*privilege/i.test(retMsg)) {
    return new AuthError({ device: client.device, endpoint, message: `${client.device}: ${endpoint} answered "No Privilege": the account is not the camera's administrator. Use the admin account.` });
  }
  return new DeviceRejectedError({
    device: client.device,
    endpoint,
    code,
    message: `${client.device}: the camera refused ${what}${retMsg ? ` ("${retMsg.slice(0, 60)}")` : ''}. Its model or firmware may not support it.`,
  });
}

/** One settings group (`type`) as P-value → value. */
export async function gscReadConfig(client: CameraClient, type: string, opts: CameraRequestOptions = {}): Promise<Record<string, string>> {
  if (!/^[A-Za-z0-9_]{1,32}$/.test(type)) throw new RangeError(`${client.device}: "${type.slice(0, 40)}" is not a settings type (e.g. video, osd, audio, date).`);
  const res = await client.send('goform/config', { cmd: 'get', type }, opts);
  const xml = parseGscXml(res.text());
  if (!xml) throw client.protocol(res, 'expected the <Configuration> XML of the settings');
  const code = xmlField(xml, 'ResCode');
  if (code !== undefined && code !== '0') throw refused(client, res.endpoint, `the settings type "${type}"`, xmlField(xml, 'RetMsg'), code);
  return Object.fromEntries(Object.entries(xml).filter(([k]) => !META.has(k.toLowerCase())));
}

/** Set P-values; resolves when the camera answers "Successful" (any case). */
export async function gscWriteConfig(client: CameraClient, values: Readonly<Record<string, string | number>>, opts: CameraRequestOptions = {}): Promise<void> {
  const names = Object.keys(values);
  if (names.length === 0) return;
  const bad = names.find((n) => !/^P?\d{1,6}$/i.test(n));
  if (bad !== undefined) throw new RangeError(`${client.device}: "${bad.slice(0, 40)}" is not a P-value name (like P12904).`);
  const res = await client.send('goform/config', { cmd: 'set', ...values }, opts);
  const text = res.text();
  if (/successful/i.test(text)) return;
  const xml = parseGscXml(text);
  throw refused(client, res.endpoint, `the change of ${names.join(', ')}`, xml ? xmlField(xml, 'RetMsg') : text.trim().slice(0, 60), xml ? (xmlField(xml, 'ResCode') ?? 'not-successful') : 'not-successful');
}

/** `cmd=reboot`: a ResCode other than 0 is a refusal; any other 200 answer counts as accepted. */
export async function gscReboot(client: CameraClient, opts: CameraRequestOptions = {}): Promise<void> {
  const res = await client.send('goform/config', { cmd: 'reboot' }, opts);
  const xml = parseGscXml(res.text());
  const code = xml ? xmlField(xml, 'ResCode') : undefined;
  if (code !== undefined && code !== '0') throw refused(client, res.endpoint, 'the reboot', xml ? xmlField(xml, 'RetMsg') : undefined, code);
}

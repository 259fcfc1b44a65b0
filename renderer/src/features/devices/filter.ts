/** The Devices filter box: matches name, kind, address, model, firmware and the last problem, accent- and case-insensitively. */
import type { DeviceEntity } from '../../../../shared/office';

export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

export function filterDevices(devices: readonly DeviceEntity[], urls: ReadonlyMap<string, string>, query: string): DeviceEntity[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...devices];
  return devices.filter((d) => {
    const hay = fold([d.name, d.kind, urls.get(d.id) ?? '', d.model ?? '', d.firmware ?? '', d.health, d.problem ?? ''].join(' '));
    return words.every((w) => hay.includes(w));
  });
}

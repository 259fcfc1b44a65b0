/** Camera watching (snapshots only while someone looks), one-off snapshots, PTZ, voicemail refresh. */
import type { Hub, DeviceRuntime } from '../hub/hub';
import { snapshotJob } from '../hub/jobs';
import { ConflictError } from '../hub/registry';
import { UnsupportedOperationError } from '../driver/errors';
import type { Handlers } from '../ipc/router';

/** A watcher renews its lease every few seconds; a window that closed or crashed stops costing snapshots within this. */
export const WATCH_LEASE_MS = 15_000;

function camera(hub: Hub, id: string, cap: 'snapshot' | 'ptz'): DeviceRuntime {
  const e = hub.registry.must(id);
  if (e.config.kind !== 'grandstream-camera') throw new ConflictError(`${e.config.name} is not a camera.`);
  const rt = hub.runtimes.get(id);
  if (!rt || rt.health === 'disabled') throw new ConflictError(`${e.config.name} is disabled. Enable it in Devices first.`);
  if (rt.health === 'online' && !rt.caps.has(cap)) throw new UnsupportedOperationError(e.config.name, cap === 'ptz' ? 'pan/tilt/zoom' : 'snapshots');
  return rt;
}

export function mediaHandlers(hub: Hub): Pick<Handlers, 'cameras.watch' | 'cameras.unwatch' | 'cameras.snapshot' | 'cameras.ptz' | 'voicemail.refresh'> {
  return {
    'cameras.watch': ({ deviceId }) => {
      const rt = camera(hub, deviceId, 'snapshot');
      rt.watchUntil = hub.clock.now() + WATCH_LEASE_MS;
      if (rt.health === 'online' && rt.caps.has('snapshot') && !hub.scheduler.has(deviceId, 'snapshot')) {
        const j = snapshotJob(hub, rt);
        hub.scheduler.add(deviceId, j.name, hub.job(rt, j.name, j.run), 0);
      }
      return { leaseMs: WATCH_LEASE_MS };
    },
    'cameras.unwatch': ({ deviceId }) => {
      const rt = camera(hub, deviceId, 'snapshot');
      rt.watchUntil = 0;
      hub.scheduler.remove(deviceId, 'snapshot');
      return { ok: true as const };
    },
    'cameras.snapshot': async ({ deviceId }) => {
      const rt = camera(hub, deviceId, 'snapshot');
      const snap = await hub.command(rt, (d, signal) => {
        if (!d.snapshot) throw new UnsupportedOperationError(rt.entry.config.name, 'snapshots');
        return d.snapshot('primary', { signal });
      });
      hub.reducers.snapshotTaken(deviceId, snap.takenAt);
      return { deviceId, takenAt: snap.takenAt, dataUrl: `data:${snap.contentType};base64,${Buffer.from(snap.bytes).toString('base64')}` };
    },
    'cameras.ptz': async ({ deviceId, action, speed }) => {
      const rt = camera(hub, deviceId, 'ptz');
      await hub.command(rt, (d, signal) => {
        if (!d.ptz) throw new UnsupportedOperationError(rt.entry.config.name, 'pan/tilt/zoom');
        return d.ptz(action, speed, { signal });
      });
      return { ok: true as const };
    },
    'voicemail.refresh': (input) => {
      for (const rt of hub.runtimes.values()) {
        if (input?.deviceId !== undefined && rt.id !== input.deviceId) continue;
        if (rt.caps.has('voicemail')) hub.poke(rt.id, 'voicemail');
      }
      return { ok: true as const };
    },
  };
}

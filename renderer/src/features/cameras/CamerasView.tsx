/**
 * The camera wall: one tile per camera with its live snapshot (watched only while the tile is on
 * screen and the window visible; unwatched when it scrolls away or the section closes), its age
 * (ticking every second), offline / stale marks, motion and alarm badges. Click a tile for the
 * large view with Save snapshot and, on cameras that have it, pan/tilt/zoom.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceEntity } from '../../../../shared/office';
import { EmptyState } from '../../app/EmptyState';
import { entitiesOf, useOffice } from '../../state/office';
import { CameraLarge } from './CameraLarge';
import { type CameraInfo, CameraTile } from './CameraTile';
import { ptzSupport, useNow, useSnapshotFeed } from './watch';
import './cameras.css';

export function CamerasView() {
  const { t } = useTranslation('cameras');
  useSnapshotFeed();
  const now = useNow(1000);
  const entities = useOffice((s) => s.entities);
  const cams: CameraInfo[] = useMemo(() => {
    const devices = new Map(entitiesOf(entities, 'device').map((d) => [d.id, d]));
    const list = entitiesOf(entities, 'camera').map((c) => {
      const device: DeviceEntity | undefined = devices.get(c.deviceId);
      return { id: c.deviceId, name: device?.name ?? c.deviceId, camera: c, ...(device ? { device } : {}) };
    });
    // Cameras configured but not yet reporting still get a tile.
    for (const d of devices.values()) {
      if (d.kind === 'grandstream-camera' && !list.some((c) => c.id === d.id)) list.push({ id: d.id, name: d.name, device: d, camera: { type: 'camera', deviceId: d.id, motion: false, alarmInputs: [] } });
    }
    return list;
  }, [entities]);
  const [open, setOpen] = useState<string | null>(null);
  const ptz = usePtz(cams);
  const openCam = cams.find((c) => c.id === open);
  const alarms = cams.filter((c) => c.camera.motion || c.camera.alarmInputs.some(Boolean)).length;

  if (cams.length === 0) return <EmptyState title={t('empty.title')}>{t('empty.body')}</EmptyState>;
  return (
    <section className="cam-view" aria-labelledby="cam-title">
      <header className="section-header">
        <h1 id="cam-title">{t('title')}</h1>
        <span className="muted small" role="status">
          {alarms > 0 ? t('summary.alarms', { count: alarms }) : t('summary.quiet', { count: cams.length })}
        </span>
      </header>
      <div className="cam-wall">
        {cams.map((c) => (
          <CameraTile key={c.id} cam={c} now={now} ptz={ptz[c.id] === true} onOpen={() => setOpen(c.id)} />
        ))}
      </div>
      {openCam ? <CameraLarge cam={openCam} now={now} ptz={ptz[openCam.id] === true} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

/** PTZ support per online camera, asked once per session (see ptzSupport). */
function usePtz(cams: CameraInfo[]): Record<string, boolean> {
  const [known, setKnown] = useState<Record<string, boolean>>({});
  const online = cams
    .filter((c) => c.device?.health === 'online')
    .map((c) => c.id)
    .join(',');
  useEffect(() => {
    let live = true;
    for (const id of online ? online.split(',') : []) {
      void ptzSupport(id).then((yes) => {
        if (live) setKnown((k) => (k[id] === yes ? k : { ...k, [id]: yes }));
      });
    }
    return () => {
      live = false;
    };
  }, [online]);
  return known;
}

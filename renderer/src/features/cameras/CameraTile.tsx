/** One camera on the wall: its live snapshot (watched only while on screen), age, state and badges. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraEntity, DeviceEntity } from '../../../../shared/office';
import { type TileStatus, ageMs, ageParts, tileStatus } from './logic';
import { useOnScreen, useSnapshots, useWatch } from './watch';

export interface CameraInfo {
  id: string;
  name: string;
  device?: DeviceEntity;
  camera: CameraEntity;
}

export function useAgeText(): (ms: number | undefined) => string {
  const { t } = useTranslation('cameras');
  return (ms) => {
    if (ms === undefined) return t('age.none');
    const a = ageParts(ms);
    return t(`age.${a.unit}`, { count: a.value });
  };
}

export function Badges(props: { cam: CameraInfo; status: TileStatus; ptz: boolean }) {
  const { t } = useTranslation('cameras');
  const { camera } = props.cam;
  return (
    <div className="cam-badges">
      {props.status === 'offline' ? <span className="badge badge-bad">{t('status.offline')}</span> : null}
      {props.status === 'disabled' ? <span className="badge badge-muted">{t('status.disabled')}</span> : null}
      {props.status === 'stale' ? <span className="badge badge-warn">{t('status.stale')}</span> : null}
      {camera.motion ? (
        <span className="badge badge-bad cam-motion" data-badge="motion">
          {t('badge.motion')}
        </span>
      ) : null}
      {camera.alarmInputs.map((on, i) =>
        on ? (
          <span key={i} className="badge badge-bad" data-badge="alarm">
            {t('badge.alarm', { index: i + 1 })}
          </span>
        ) : null,
      )}
      {props.ptz ? <span className="badge badge-muted">{t('badge.ptz')}</span> : null}
    </div>
  );
}

export function CameraTile(props: { cam: CameraInfo; now: number; ptz: boolean; onOpen(): void }) {
  const { t } = useTranslation('cameras');
  const ageText = useAgeText();
  const { cam } = props;
  const [el, setEl] = useState<HTMLElement | null>(null);
  const visible = useOnScreen(el);
  useWatch(cam.id, visible);
  const snap = useSnapshots((s) => s.byId[cam.id]);
  const since = useSnapshots((s) => s.watchingSince[cam.id]);
  const error = useSnapshots((s) => s.errors[cam.id]);
  const status = tileStatus({ health: cam.device?.health, takenAt: snap?.takenAt, watchingSince: since, now: props.now });
  const age = ageMs(snap?.takenAt, props.now);
  const alarm = cam.camera.motion || cam.camera.alarmInputs.some(Boolean);
  return (
    <article ref={setEl} className={`cam-tile cam-${status}${alarm ? ' cam-alarm' : ''}`} data-testid={`camera-${cam.id}`} data-status={status} aria-labelledby={`cam-title-${cam.id}`}>
      <button type="button" className="cam-shot" onClick={props.onOpen} aria-label={t('tile.open', { name: cam.name })}>
        {snap ? <img src={snap.dataUrl} alt={t('tile.alt', { name: cam.name, age: ageText(age) })} draggable={false} /> : null}
        {status !== 'live' ? (
          <span className="cam-overlay">
            {status === 'offline'
              ? t('overlay.offline', { problem: cam.device?.problem ?? '' })
              : status === 'stale'
                ? snap
                  ? t('overlay.stale', { age: ageText(age) })
                  : t('overlay.noneYet')
                : t(`overlay.${status}`)}
          </span>
        ) : null}
      </button>
      <div className="cam-meta">
        <div className="cam-title-row">
          <h2 id={`cam-title-${cam.id}`} className="cam-name">
            {cam.name}
          </h2>
          <time className={`cam-age${status === 'stale' ? ' cam-age-stale' : ''}`} dateTime={snap?.takenAt} data-testid={`camera-age-${cam.id}`}>
            {ageText(age)}
          </time>
        </div>
        <Badges cam={cam} status={status} ptz={props.ptz} />
        {error ? <div className="cam-error">{error}</div> : null}
      </div>
    </article>
  );
}

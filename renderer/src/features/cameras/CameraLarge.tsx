/** The large view of one camera: the live snapshot, Save snapshot (a file download), and PTZ. */
import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvokeInput } from '../../../../shared/ipc/contract';
import { invoke } from '../../bridge/api';
import { downloadUrl, errorText } from '../contacts/data';
import { Modal } from '../contacts/Modal';
import { Badges, type CameraInfo, useAgeText } from './CameraTile';
import { ageMs, snapshotFileName, tileStatus } from './logic';
import { useSnapshots, useWatch } from './watch';

type PtzAction = InvokeInput<'cameras.ptz'>['action'];

export function CameraLarge(props: { cam: CameraInfo; now: number; ptz: boolean; onClose(): void }) {
  const { t } = useTranslation('cameras');
  const ageText = useAgeText();
  const { cam } = props;
  useWatch(cam.id, true);
  const snap = useSnapshots((s) => s.byId[cam.id]);
  const since = useSnapshots((s) => s.watchingSince[cam.id]);
  const status = tileStatus({ health: cam.device?.health, takenAt: snap?.takenAt, watchingSince: since, now: props.now });
  const age = ageMs(snap?.takenAt, props.now);
  const [message, setMessage] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    setMessage(null);
    try {
      // Save what is on screen; when that is stale or missing, take one now.
      const shot = snap && status === 'live' ? snap : await invoke('cameras.snapshot', { deviceId: cam.id });
      const file = snapshotFileName(cam.name, shot.takenAt, shot.dataUrl);
      downloadUrl(file, shot.dataUrl);
      setMessage({ tone: 'good', text: t('save.done', { file }) });
    } catch (e) {
      setMessage({ tone: 'bad', text: t('save.failed', { message: errorText(e) }) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal title={cam.name} onClose={props.onClose} wide className="cam-large">
      <div className="cam-large-body">
        <div className={`cam-large-shot cam-${status}`}>
          {snap ? <img src={snap.dataUrl} alt={t('tile.alt', { name: cam.name, age: ageText(age) })} data-testid="camera-large-image" /> : null}
          {status !== 'live' ? <span className="cam-overlay">{status === 'offline' ? t('overlay.offline', { problem: cam.device?.problem ?? '' }) : status === 'stale' && snap ? t('overlay.stale', { age: ageText(age) }) : t('overlay.noneYet')}</span> : null}
        </div>
        <div className="cam-large-side">
          <time className={`cam-age${status === 'stale' ? ' cam-age-stale' : ''}`} dateTime={snap?.takenAt}>
            {ageText(age)}
          </time>
          <Badges cam={cam} status={status} ptz={false} />
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving || status === 'offline'}>
            {saving ? t('save.saving') : t('save.action')}
          </button>
          {message ? (
            <div className={`alert alert-${message.tone} small`} role={message.tone === 'bad' ? 'alert' : 'status'}>
              {message.text}
            </div>
          ) : null}
          {props.ptz ? <PtzPad deviceId={cam.id} disabled={status === 'offline'} /> : null}
          <span className="spacer" />
          <button type="button" className="btn" onClick={props.onClose}>
            {t('common:action.close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** Press and hold to move; release stops. A click without a press (assistive tech) nudges briefly. */
function PtzPad(props: { deviceId: string; disabled: boolean }) {
  const { t } = useTranslation('cameras');
  const [error, setError] = useState<string | null>(null);
  const pressed = useRef<PtzAction | null>(null);
  const lastPress = useRef(0);
  const send = (action: PtzAction) =>
    invoke('cameras.ptz', { deviceId: props.deviceId, action })
      .then(() => setError(null))
      .catch((e: unknown) => setError(errorText(e)));
  const start = (action: PtzAction) => {
    if (pressed.current) return;
    pressed.current = action;
    void send(action);
  };
  const stop = () => {
    if (!pressed.current) return;
    pressed.current = null;
    lastPress.current = Date.now();
    void send('stop');
  };
  const button = (action: PtzAction, label: string, glyph: string, cls = '') => (
    <button
      type="button"
      className={`btn cam-ptz-btn ${cls}`}
      aria-label={label}
      title={label}
      disabled={props.disabled}
      onPointerDown={(e: PointerEvent) => {
        if (e.button !== 0) return;
        (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
        start(action);
      }}
      onPointerUp={stop}
      onPointerCancel={stop}
      onLostPointerCapture={stop}
      onKeyDown={(e: KeyboardEvent) => {
        if ((e.key === 'Enter' || e.key === ' ') && !e.repeat) {
          e.preventDefault();
          start(action);
        }
      }}
      onKeyUp={(e: KeyboardEvent) => {
        if (e.key === 'Enter' || e.key === ' ') stop();
      }}
      onBlur={stop}
      onClick={(e) => {
        // detail 0: a click from the keyboard or assistive tech without pointer/key presses seen.
        if (e.detail === 0 && !pressed.current && Date.now() - lastPress.current > 500) {
          void send(action).then(() => window.setTimeout(() => void send('stop'), 400));
        }
      }}
    >
      <span aria-hidden="true">{glyph}</span>
    </button>
  );
  return (
    <div className="cam-ptz" role="group" aria-label={t('ptz.label')}>
      <div className="cam-ptz-pad">
        {button('up', t('ptz.up'), '▲', 'cam-ptz-up')}
        {button('left', t('ptz.left'), '◀', 'cam-ptz-left')}
        {button('home', t('ptz.home'), '⌂', 'cam-ptz-home')}
        {button('right', t('ptz.right'), '▶', 'cam-ptz-right')}
        {button('down', t('ptz.down'), '▼', 'cam-ptz-down')}
      </div>
      <div className="cam-ptz-zoom">
        {button('zoom-in', t('ptz.zoomIn'), '+')}
        {button('zoom-out', t('ptz.zoomOut'), '−')}
      </div>
      <p className="muted small cam-ptz-hint">{t('ptz.hint')}</p>
      {error ? (
        <div className="alert alert-bad" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

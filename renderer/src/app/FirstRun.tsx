import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDevicesUi } from '../features/devices/ui-store';
import { useOffice } from '../state/office';
import { useNavigation } from './navigation';

/**
 * No device configured and no demo office running. The demo office is chosen when Frontdesk
 * starts (nothing configured, or --demo), so "Try the demo office" explains how to get it rather
 * than pretending to switch it on: the contract has no call to start it in a running app.
 */
export function FirstRun() {
  const { t } = useTranslation();
  const mode = useOffice((s) => s.info?.mode);
  const [demoHelp, setDemoHelp] = useState(false);
  const addDevice = () => {
    useDevicesUi.getState().openAdd();
    useNavigation.getState().go('devices');
  };
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">{t('firstRun.title')}</h1>
      <p className="muted">{t('firstRun.intro')}</p>
      <div className="grid-2 first-run-choices">
        <div className="card stack">
          <h2>{t('firstRun.addTitle')}</h2>
          <p className="muted">{t('firstRun.addBody')}</p>
          <div>
            <button type="button" className="btn btn-primary" onClick={addDevice}>
              {t('firstRun.add')}
            </button>
          </div>
        </div>
        <div className="card stack">
          <h2>{t('firstRun.demoTitle')}</h2>
          <p className="muted">{t('firstRun.demoBody')}</p>
          <div>
            <button type="button" className="btn" aria-expanded={demoHelp} aria-controls="first-run-demo-help" onClick={() => setDemoHelp((v) => !v)}>
              {t('firstRun.demo')}
            </button>
          </div>
          {demoHelp ? (
            <div id="first-run-demo-help" className="alert alert-info" role="status">
              <p>{t('firstRun.demoHow')}</p>
              <p>{mode === 'web' ? t('firstRun.demoHowWeb') : t('firstRun.demoHowDesktop')}</p>
              {mode === 'web' ? <code className="mono">npm run start:web -- --demo</code> : null}
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}

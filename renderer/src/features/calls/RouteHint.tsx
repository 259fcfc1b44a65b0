import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import { invoke, subscribe } from '../../bridge/api';
import { useOffice } from '../../state/office';

type Route = InvokeOutput<'settings.get'>['dialRoute'];

/** Which device places calls (the Settings route), so the receptionist knows before pressing Enter. */
export function RouteHint() {
  const { t } = useTranslation('calls');
  const [route, setRoute] = useState<Route | 'loading'>('loading');
  const entities = useOffice((s) => s.entities);
  useEffect(() => {
    let alive = true;
    invoke('settings.get')
      .then((s) => alive && setRoute(s.dialRoute))
      .catch(() => alive && setRoute(undefined));
    const off = subscribe('settings.changed', (s) => setRoute(s.dialRoute));
    return () => {
      alive = false;
      off();
    };
  }, []);
  if (route === 'loading') return null;
  let text: string;
  if (!route) text = t('route.default');
  else {
    const e = entities[`device/${route.deviceId}`];
    const device = e?.type === 'device' ? e.name : route.deviceId;
    if (route.kind === 'phone') text = route.account ? t('route.phoneAccount', { device, account: route.account }) : t('route.phone', { device });
    else text = route.extension ? t('route.pbxExtension', { device, extension: route.extension }) : t('route.pbx', { device });
  }
  return (
    <p className="route-hint small muted" data-testid="route-hint">
      {text}
    </p>
  );
}

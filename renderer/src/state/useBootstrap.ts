import { useEffect } from 'react';
import { invoke, onBridgeReconnect, subscribe } from '../bridge/api';
import { useOffice } from './office';
import { OfficeSync } from './sync';

/** Loads the app info and office snapshot, then follows `office.patch` events (resyncing on a gap or a reconnect). */
export function useBootstrap(): void {
  useEffect(() => {
    const store = useOffice.getState();
    const sync = new OfficeSync({
      fetchSnapshot: () => invoke('office.state'),
      onChange: (s) => {
        useOffice.getState().setSync(s);
        useOffice.getState().setBridgeError(null);
      },
      onError: (m) => useOffice.getState().setBridgeError(m),
    });
    const offPatch = subscribe('office.patch', (p) => sync.onPatch(p));
    const offReconnect = onBridgeReconnect(() => void sync.resync());
    void sync.start();
    invoke('app.info')
      .then((info) => store.setInfo(info))
      .catch((e: unknown) => store.setBridgeError(e instanceof Error ? e.message : String(e)));
    return () => {
      offPatch();
      offReconnect();
    };
  }, []);
}

import { useEffect } from 'react';
import { invoke, subscribe } from '../bridge/api';
import { useOffice } from './office';

/** Loads the app info and office snapshot, then follows `office.patch` events. */
export function useBootstrap(): void {
  useEffect(() => {
    const store = useOffice.getState();
    let cancelled = false;
    const off = subscribe('office.patch', (patch) => {
      const s = useOffice.getState();
      // A gap means a missed patch: reload the whole snapshot.
      if (patch.revision > s.revision + 1 && s.revision !== 0) {
        void invoke('office.state').then((st) => useOffice.getState().setState(st));
      } else s.applyPatch(patch);
    });
    Promise.all([invoke('app.info'), invoke('office.state')])
      .then(([info, state]) => {
        if (cancelled) return;
        store.setInfo(info);
        if (state.revision >= useOffice.getState().revision) store.setState(state);
        store.setBridgeError(null);
      })
      .catch((e: unknown) => store.setBridgeError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      off();
    };
  }, []);
}

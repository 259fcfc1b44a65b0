/** App info, the office snapshot and office-wide settings. */
import type { AppMode } from '../../../shared/ipc/contract';
import type { Hub } from '../hub/hub';
import type { Handlers } from '../ipc/router';
import { resolveRoute } from './calls';

export interface AppFacts {
  mode: AppMode;
  version: string;
}

export function appHandlers(hub: Hub, facts: AppFacts): Pick<Handlers, 'app.info' | 'office.state' | 'settings.get' | 'settings.update'> {
  const publicSettings = () => {
    const s = hub.settings();
    const pushStatus = { running: hub.push !== undefined, ...(hub.push ? { url: hub.push.url } : {}), ...(hub.pushProblem ? { problem: hub.pushProblem } : {}) };
    let effectiveRoute;
    try {
      const r = resolveRoute(hub, undefined);
      const e = hub.registry.get(r.deviceId);
      const extension = r.kind === 'pbx' ? (r.extension ?? e?.config.extension) : undefined;
      if (e) effectiveRoute = { kind: r.kind, deviceId: r.deviceId, deviceName: e.config.name, ...(r.kind === 'phone' && r.account ? { account: r.account } : {}), ...(extension ? { extension } : {}) };
    } catch {
      effectiveRoute = undefined;
    }
    return {
      ...(s.dialRoute ? { dialRoute: s.dialRoute } : {}),
      ...(effectiveRoute ? { effectiveRoute } : {}),
      numbering: s.numbering,
      pushListener: s.pushListener,
      pushStatus,
      desktop: s.desktop,
      ...(hub.shellStatus ? { shell: hub.shellStatus } : {}),
    };
  };
  return {
    'app.info': () => ({
      name: 'Frontdesk',
      version: facts.version,
      mode: facts.mode,
      demo: hub.demo,
      platform: process.platform,
      secretProtection: hub.opts.secrets.protection,
    }),
    'office.state': () => hub.store.snapshot(),
    'settings.get': () => publicSettings(),
    'settings.update': async ({ dialRoute, numbering, pushListener, desktop }) => {
      if (dialRoute) hub.registry.must(dialRoute.deviceId);
      const s = hub.settings();
      const next = { ...s };
      if (dialRoute === null) delete next.dialRoute;
      else if (dialRoute) next.dialRoute = dialRoute;
      if (numbering) next.numbering = numbering;
      if (pushListener) next.pushListener = pushListener;
      if (desktop) {
        const { hotkeys, notifications, ...rest } = desktop;
        next.desktop = {
          ...s.desktop,
          ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<typeof s.desktop>),
          hotkeys: { ...s.desktop.hotkeys, ...(Object.fromEntries(Object.entries(hotkeys ?? {}).filter(([, v]) => v !== undefined)) as Partial<typeof s.desktop.hotkeys>) },
          notifications: { ...s.desktop.notifications, ...(Object.fromEntries(Object.entries(notifications ?? {}).filter(([, v]) => v !== undefined)) as Partial<typeof s.desktop.notifications>) },
        };
      }
      await hub.registry.saveSettings(next);
      if (pushListener) await hub.configurePush(pushListener);
      if (numbering) {
        hub.contacts.setRules(numbering);
        hub.saveContactsSoon();
      }
      const result = publicSettings();
      hub.events.emit('settings.changed', result);
      return result;
    },
  };
}

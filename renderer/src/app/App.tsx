// The design system first: feature sheets imported below come after it and may refine it.
import '../styles.css';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CallsView } from '../features/calls/CallsView';
import { IncomingBanner } from '../features/calls/IncomingBanner';
import { CamerasView } from '../features/cameras/CamerasView';
import { ContactsView } from '../features/contacts/ContactsView';
import { DevicesView } from '../features/devices/DevicesView';
import { PresenceView } from '../features/presence/PresenceView';
import { SettingsView } from '../features/settings/SettingsView';
import { VoicemailView } from '../features/voicemail/VoicemailView';
import { invoke } from '../bridge/api';
import { entitiesOf, useOffice } from '../state/office';
import { useBootstrap } from '../state/useBootstrap';
import { FirstRun } from './FirstRun';
import { firstRunState, isSearchShortcut } from './frame-logic';
import { Nav } from './Nav';
import { focusSectionSearch, useNavigation } from './navigation';
import { applyRememberedTheme, useDesktopPreferences } from './preferences';
import { SectionBoundary } from './SectionBoundary';
import type { SectionId } from './sections';
import { StatusBar } from './StatusBar';

const VIEWS: Record<SectionId, () => React.JSX.Element> = {
  calls: CallsView,
  contacts: ContactsView,
  cameras: CamerasView,
  voicemail: VoicemailView,
  presence: PresenceView,
  devices: DevicesView,
  settings: SettingsView,
};

/** Sections that stay useful with no device at all (the rest show the first-run choices). */
const WITHOUT_DEVICES: ReadonlySet<SectionId> = new Set(['devices', 'settings']);

applyRememberedTheme();

/** app.info again when devices come and go: adding the first device ends the demo office. */
function useInfoFollowsDevices(ids: string): void {
  useEffect(() => {
    if (ids === '') return;
    invoke('app.info')
      .then((info) => useOffice.getState().setInfo(info))
      .catch(() => undefined);
  }, [ids]);
}

/** The global "/" shortcut: focus the shown section's search box, if it has one. */
function useSearchShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const focused = document.activeElement as (HTMLElement & { type?: string }) | null;
      if (!isSearchShortcut(e, focused)) return;
      if (focusSectionSearch()) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App() {
  useBootstrap();
  useDesktopPreferences();
  useSearchShortcut();
  const { t } = useTranslation();
  const section = useNavigation((s) => s.section);
  const info = useOffice((s) => s.info);
  const ready = useOffice((s) => s.ready);
  const entities = useOffice((s) => s.entities);
  const deviceIds = useMemo(
    () =>
      entitiesOf(entities, 'device')
        .map((d) => d.id)
        .join(','),
    [entities],
  );
  useInfoFollowsDevices(ready ? deviceIds || '-' : '');
  const deviceCount = deviceIds === '' ? 0 : deviceIds.split(',').length;
  const firstRun = firstRunState(info, ready, deviceCount) === 'first-run' && !WITHOUT_DEVICES.has(section);
  const View = VIEWS[section];
  const name = t(`section.${section}`);
  return (
    <div className="app-frame">
      <Nav />
      <main className="content" aria-label={name}>
        <SectionBoundary name={t('section.calls')}>
          <IncomingBanner />
        </SectionBoundary>
        <SectionBoundary key={section} name={name}>
          {firstRun ? <FirstRun /> : <View />}
        </SectionBoundary>
      </main>
      <StatusBar />
    </div>
  );
}

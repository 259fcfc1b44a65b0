import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallsView } from '../features/calls/CallsView';
import { IncomingBanner } from '../features/calls/IncomingBanner';
import { CamerasView } from '../features/cameras/CamerasView';
import { ContactsView } from '../features/contacts/ContactsView';
import { DevicesView } from '../features/devices/DevicesView';
import { PresenceView } from '../features/presence/PresenceView';
import { SettingsView } from '../features/settings/SettingsView';
import { VoicemailView } from '../features/voicemail/VoicemailView';
import { useBootstrap } from '../state/useBootstrap';
import { SECTIONS, type SectionId } from './sections';
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

export function App() {
  useBootstrap();
  const { t } = useTranslation();
  const [section, setSection] = useState<SectionId>('calls');
  const View = VIEWS[section];
  return (
    <div className="app-frame">
      <nav className="side-nav" aria-label={t('nav.sections')}>
        <div className="brand">{t('appName')}</div>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={s.id === section ? 'nav-item active' : 'nav-item'}
                aria-current={s.id === section ? 'page' : undefined}
                onClick={() => setSection(s.id)}
              >
                {t(`section.${s.id}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <IncomingBanner />
        <View />
      </main>
      <StatusBar />
    </div>
  );
}

import { EmptyState } from '../../app/EmptyState';

export function SettingsView() {
  return <EmptyState title="Settings">Preferences for notifications, hotkeys and start-up will appear here. This section is not built yet.</EmptyState>;
}

import { EmptyState } from '../../app/EmptyState';

export function PresenceView() {
  return <EmptyState title="Presence">Who is free, busy or ringing will appear here. This section is not built yet.</EmptyState>;
}

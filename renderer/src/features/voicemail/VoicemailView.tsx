import { EmptyState } from '../../app/EmptyState';

export function VoicemailView() {
  return <EmptyState title="Voicemail">Voicemail counts per mailbox will appear here. This section is not built yet.</EmptyState>;
}

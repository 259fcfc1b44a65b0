import { EmptyState } from '../../app/EmptyState';

export function ContactsView() {
  return <EmptyState title="Contacts">The unified contact book from your phones and PBXs will appear here, with instant search. This section is not built yet.</EmptyState>;
}

import { EmptyState } from '../../app/EmptyState';

export function CallsView() {
  return <EmptyState title="Calls">Incoming and active calls will appear here, with accept, reject, hold and end for each line. This section is not built yet.</EmptyState>;
}

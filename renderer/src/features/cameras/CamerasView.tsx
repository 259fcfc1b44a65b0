import { EmptyState } from '../../app/EmptyState';

export function CamerasView() {
  return <EmptyState title="Cameras">Snapshots from your cameras will appear here, with motion and alarm alerts. This section is not built yet.</EmptyState>;
}

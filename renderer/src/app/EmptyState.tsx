export function EmptyState(props: { title: string; children: React.ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <h2>{props.title}</h2>
      <p>{props.children}</p>
    </div>
  );
}

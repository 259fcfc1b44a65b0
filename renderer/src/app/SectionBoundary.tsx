import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The section's translated name. */
  name: string;
  children: ReactNode;
}
interface State {
  failed: boolean;
}

/**
 * A calm error boundary around one section: a bug in one section never blanks the window; the
 * others keep working. No stack is shown (it goes to the console for developers).
 */
export class SectionBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Frontdesk: the ${this.props.name} section failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <SectionFailed name={this.props.name} onRetry={() => this.setState({ failed: false })} />;
  }
}

function SectionFailed(props: { name: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="section-error alert alert-warn" role="alert">
      <h2>{t('boundary.title', { section: props.name })}</h2>
      <p>{t('boundary.body')}</p>
      <button type="button" className="btn btn-primary" onClick={props.onRetry}>
        {t('action.retry')}
      </button>
    </div>
  );
}

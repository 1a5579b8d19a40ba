// One per page: a page that throws says so in plain words, and the sidebar, the banner and
// every other page keep working. Navigating to another page (a new `key`) starts afresh.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** The page's name, for the message. */
  page: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.page} page failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="page" role="alert" data-testid="page-error">
        <h1>{this.props.page}</h1>
        <p className="error">This page failed to draw: {error.message}</p>
        <p className="muted">The rest of Opsdeck keeps working — the other pages, the connectivity banner and notifications. The local cache is untouched.</p>
        <div className="actions">
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </section>
    );
  }
}

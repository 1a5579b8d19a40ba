// The one loading / error block for a view backed by a query: a calm "reading…" line until
// the first answer, a plain error when there is none, and the view itself as soon as there is
// data (kept on screen through later errors: stale beats blank in an incident).
import type { ReactNode } from 'react';

export function Loading({ children = 'Reading the local cache…' }: { children?: ReactNode }) {
  return <p className="muted">{children}</p>;
}

export function LoadError({ children }: { children: ReactNode }) {
  return <p className="error">{children}</p>;
}

interface QueryLike<T> {
  data: T | undefined;
  error: Error | null;
  isPending: boolean;
}

export function Loader<T>({
  query,
  failed,
  loading,
  frame = (block) => block,
  children,
}: {
  query: QueryLike<T>;
  /** What could not be done, as in "Could not read the overview": the error's message follows. */
  failed: string;
  loading?: ReactNode;
  /** Where the loading or error line sits until there is data (e.g. under the page's heading). */
  frame?: (block: ReactNode) => ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <>{frame(<LoadError>{`${failed}: ${query.error.message}`}</LoadError>)}</>;
  return <>{frame(<Loading>{loading}</Loading>)}</>;
}

/** A page section with its heading, for the loading or error line of a whole page. */
export function pageFrame(title: ReactNode): (block: ReactNode) => ReactNode {
  return function PageFrame(block) {
    return (
      <section className="page">
        {title !== null && <h1>{title}</h1>}
        {block}
      </section>
    );
  };
}

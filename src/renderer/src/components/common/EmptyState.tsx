// What an empty list says: why it is empty, never just a blank table.
import type { ReactNode } from 'react';

export function EmptyState({ children, testId, small }: { children: ReactNode; testId?: string; small?: boolean }) {
  return (
    <p className={small ? 'muted small' : 'muted'} data-testid={testId}>
      {children}
    </p>
  );
}

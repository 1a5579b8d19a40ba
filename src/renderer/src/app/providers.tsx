// Everything the pages read from context, in one place: preferences, the API (transport and
// query cache), and the shortcut registry. The clock is provided by the shell (App), which
// knows the demo platform's offset from the sources query.
import type { ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { ApiProvider } from '@renderer/data/api';
import type { Transport } from '@renderer/data/transport';
import { PrefsProvider } from '@renderer/lib/prefs';
import { ShortcutProvider } from '@renderer/lib/shortcuts';

export function AppProviders({ children, transport, client }: { children: ReactNode; transport?: Transport; client?: QueryClient }) {
  return (
    <PrefsProvider>
      <ApiProvider transport={transport} client={client}>
        <ShortcutProvider>{children}</ShortcutProvider>
      </ApiProvider>
    </PrefsProvider>
  );
}

// The keys that work on every page. Navigation lines are made from the routes, so a new page
// gets its number, its `g` letter and its line in the help together.
import { defineScope, type ShortcutDef, type ShortcutHandler, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { ROUTES, go } from './routes';

const navigation: Record<string, ShortcutDef> = Object.fromEntries(ROUTES.map((r, i) => [`go-${r.id}`, { keys: [`g ${r.key}`, String(i + 1)], description: r.label }]));

export const GLOBAL_SHORTCUTS = defineScope({
  id: 'global',
  heading: 'Everywhere',
  global: true,
  table: {
    ...navigation,
    toggleTime: { keys: ['t'], description: 'Toggle UTC / local time' },
    toggleTheme: { keys: ['L'], description: 'Toggle light / dark theme' },
    refresh: { keys: ['r'], description: 'Refresh from the cache now' },
    help: { keys: ['?'], description: 'Show / hide this help' },
    close: { keys: ['Escape'], description: 'Close dialogs' },
  },
});

type GlobalActions = { toggleTime: () => void; toggleTheme: () => void; refresh: () => void; toggleHelp: () => void; closeHelp: () => false | void };

/** The global handlers: one per line of GLOBAL_SHORTCUTS' table (navigation included). */
export function globalHandlers(a: GlobalActions): ShortcutHandlers<typeof GLOBAL_SHORTCUTS.table> {
  const nav: Record<string, ShortcutHandler> = Object.fromEntries(ROUTES.map((r) => [`go-${r.id}`, () => go(r.id)]));
  return { ...nav, toggleTime: a.toggleTime, toggleTheme: a.toggleTheme, refresh: a.refresh, help: a.toggleHelp, close: a.closeHelp };
}

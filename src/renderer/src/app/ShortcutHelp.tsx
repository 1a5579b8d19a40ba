// The `?` help: every scope's table, grouped under its heading — the same tables the key
// handlers are bound to (lib/shortcuts), so the list cannot drift from what the keys do.
import { Dialog } from '@renderer/components/common/Dialog';
import { ALERT_SCOPES } from '@renderer/features/alerts/shortcuts';
import { BACKUP_SCOPES } from '@renderer/features/backups/shortcuts';
import { INCIDENT_SCOPES } from '@renderer/features/incidents/shortcuts';
import { METRICS_SHORTCUTS } from '@renderer/features/metrics/shortcuts';
import { SLO_SCOPES } from '@renderer/features/slos/shortcuts';
import { shortcutLabel, type ShortcutScope } from '@renderer/lib/shortcuts';
import { GLOBAL_SHORTCUTS } from './shortcuts';

export const HELP_SCOPES: readonly ShortcutScope[] = [GLOBAL_SHORTCUTS, ...ALERT_SCOPES, ...SLO_SCOPES, ...BACKUP_SCOPES, ...INCIDENT_SCOPES, METRICS_SHORTCUTS];

/** Scopes sharing a heading read as one table. */
export function helpSections(scopes: readonly ShortcutScope[] = HELP_SCOPES): { heading: string; lines: { keys: string; description: string }[] }[] {
  const sections: { heading: string; lines: { keys: string; description: string }[] }[] = [];
  for (const scope of scopes) {
    let section = sections.find((s) => s.heading === scope.heading);
    if (!section) sections.push((section = { heading: scope.heading, lines: [] }));
    for (const def of Object.values(scope.table)) section.lines.push({ keys: shortcutLabel(def), description: def.description });
  }
  return sections;
}

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog label="Keyboard shortcuts" onClose={onClose}>
      <h2>Keyboard shortcuts</h2>
      <div className="shortcut-columns">
        {helpSections().map(({ heading, lines }) => (
          <table className="grid" key={heading}>
            <thead>
              <tr>
                <th colSpan={2}>{heading}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map(({ keys, description }) => (
                // One key may do different things in two scopes under one heading (the queue, a dialog).
                <tr key={`${keys}\u0000${description}`}>
                  <td>
                    <kbd>{keys}</kbd>
                  </td>
                  <td>{description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <button onClick={onClose}>Close (Esc)</button>
    </Dialog>
  );
}

import { ALERT_SHORTCUTS } from './AlertShortcuts';
import { INCIDENT_SHORTCUTS } from '../features/incidents/shared';

export const GLOBAL_SHORTCUTS: [string, string][] = [
  ['g o / 1', 'Overview'],
  ['g s / 2', 'SLOs'],
  ['g a / 3', 'Alerts'],
  ['g b / 4', 'Backups'],
  ['g c / 5', 'Capacity'],
  ['g i / 6', 'Incidents'],
  ['g , / 7', 'Settings'],
  ['t', 'Toggle UTC / local time'],
  ['Shift+L', 'Toggle light / dark theme'],
  ['r', 'Refresh from the cache now'],
  ['?', 'Show / hide this help'],
  ['Esc', 'Close dialogs'],
];

const SECTIONS: { heading: string; keys: [string, string][] }[] = [
  { heading: 'Everywhere', keys: GLOBAL_SHORTCUTS },
  { heading: 'Alerts page', keys: ALERT_SHORTCUTS },
  { heading: 'Incidents page', keys: INCIDENT_SHORTCUTS },
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <div className="shortcut-columns">
          {SECTIONS.map(({ heading, keys }) => (
            <table className="grid" key={heading}>
              <thead>
                <tr>
                  <th colSpan={2}>{heading}</th>
                </tr>
              </thead>
              <tbody>
                {keys.map(([k, v]) => (
                  <tr key={k}>
                    <td>
                      <kbd>{k}</kbd>
                    </td>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
        <button onClick={onClose}>Close (Esc)</button>
      </div>
    </div>
  );
}

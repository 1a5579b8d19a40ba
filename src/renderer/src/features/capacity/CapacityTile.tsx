// Overview tile: the nearest capacity crossings (already beyond, then by P10), linking to the page.
import { useApi } from '@renderer/data/api';
import { usePrefs } from '@renderer/lib/prefs';
import { useNow } from '@renderer/lib/clock';
import { autoscalerText, crossingText } from './text';
import './capacity.css';

export function CapacityTile({ count = 3 }: { count?: number }) {
  const { timeMode } = usePrefs();
  const now = useNow(60_000);
  const list = useApi('capacity', {}, { refetchIntervalMs: 60_000 });
  const nearest = (list.data?.rows ?? []).filter((r) => r.crossing?.state === 'already' || r.crossing?.state === 'crossing' || r.autoscaler?.atMax?.state === 'crossing').slice(0, count);
  return (
    <>
      <h2>
        Capacity · nearest crossings <a href="#/capacity">all forecasts →</a>
      </h2>
      <div className="card" data-testid="capacity-tile">
        {!list.data ? (
          <span className="muted">Reading stored forecasts…</span>
        ) : nearest.length === 0 ? (
          <span className="muted">No resource crosses its scale trigger within the forecast horizon.</span>
        ) : (
          <ul className="cap-tile">
            {nearest.map((r) => (
              <li key={r.id}>
                <strong>
                  {r.resource} · {r.metric}
                </strong>{' '}
                <span className="muted">{r.crossing?.state === 'crossing' || r.crossing?.state === 'already' ? crossingText(r.crossing, timeMode, now) : autoscalerText(r, timeMode, now)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

// The Overview's second half: the seeds' three metric families as compact figure tiles (now,
// 6-hour trend, against the seeds' target or the same time last week), each a link to its
// Metrics page family over the same range. Loaded as its own chunk after the "now" panel.
import type { MetricFamily, MetricTile, MetricsSummary } from '@shared/contract/metrics';
import { Sparkline } from '@renderer/components/common/Sparkline';
import { useApi } from '@renderer/data/api';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatChangePct, formatTime, NO_DATA, NO_FIGURE, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { isStale, SECOND_MS } from '@renderer/lib/time';
import { FAMILIES, hashOf } from './routes';
import { formatMetric } from './text';
import './families.css';

/** Figures where a rise is the bad direction (the rest: a fall is). */
const RISE_IS_WORSE = new Set(['cart-abandonment']);
/** A change against last week this large, in the bad direction, is marked. */
const NOTABLE_CHANGE_PCT = 25;

const FAMILY_ORDER: readonly MetricFamily[] = ['business', 'application', 'infrastructure'];

function labelOf(family: MetricFamily): string {
  return FAMILIES.find((f) => f.id === family)?.label ?? family;
}

function WeekAgo({ tile }: { tile: MetricTile }) {
  if (tile.value === null || tile.weekAgo === null) return null;
  if (tile.weekAgo === 0) return <span className="muted">no traffic a week ago</span>;
  const pct = ((tile.value - tile.weekAgo) / Math.abs(tile.weekAgo)) * 100;
  const worse = RISE_IS_WORSE.has(tile.id) ? pct >= NOTABLE_CHANGE_PCT : pct <= -NOTABLE_CHANGE_PCT;
  return (
    <span className={worse ? 'bad' : 'muted'} data-testid="tile-weekago" title={`Same 5 minutes one week earlier: ${formatMetric(tile.weekAgo, tile.unit, tile.unitLabel)}`}>
      {formatChangePct(pct)} vs week ago
    </span>
  );
}

export function Tile({ tile, preset, now, timeMode }: { tile: MetricTile; preset: MetricsSummary['preset']; now: number; timeMode: TimeMode }) {
  const href = hashOf(tile.family, { kind: 'preset', preset });
  const stale = isStale(tile.dataAsOf, now);
  if (tile.missing !== null) {
    return (
      <a className="fam-tile fam-missing" href={href} data-testid="family-tile" data-tile={tile.id} data-state="missing">
        <span className="fam-title">{tile.title}</span>
        <span className="fam-value muted">not in this account</span>
        <span className="fam-foot muted">looked for {tile.missing} · see the chart for how to map it</span>
      </a>
    );
  }
  if (tile.value === null) {
    return (
      <a className="fam-tile" href={href} data-testid="family-tile" data-tile={tile.id} data-state="no-data">
        <span className="fam-title">{tile.title}</span>
        <span className="fam-qual muted">{tile.qualifier}</span>
        <span className="fam-value muted">{NO_FIGURE}</span>
        <span className="fam-foot muted">{NO_DATA}</span>
      </a>
    );
  }
  const state = tile.breached ? 'breached' : stale ? 'stale' : 'ok';
  return (
    <a className={`fam-tile${tile.breached ? ' fam-breached' : ''}`} href={href} data-testid="family-tile" data-tile={tile.id} data-state={state}>
      <span className="fam-title">{tile.title}</span>
      <span className="fam-qual muted">{tile.qualifier}</span>
      <span className={`fam-value${tile.breached ? ' bad' : ''}`} data-testid="tile-value">
        {formatMetric(tile.value, tile.unit, tile.unitLabel)}
      </span>
      <span className="fam-foot">
        {tile.target && (
          <span className={tile.breached ? 'bad' : 'muted'} data-testid="tile-target">
            {tile.breached ? 'over ' : ''}
            {tile.target.label}
          </span>
        )}
        <WeekAgo tile={tile} />
        {tile.worst && (
          <span className="muted" data-testid="tile-worst">
            worst {tile.worst.label} <span className="nowrap">{formatMetric(tile.worst.value, tile.unit, tile.unitLabel)}</span>
          </span>
        )}
      </span>
      {tile.spark.length > 1 && (
        <Sparkline
          points={tile.spark.map(([x, y]) => ({ x, y }))}
          width={132}
          height={24}
          label={`${tile.title}, last ${preset.replace('h', ' h')} in 5-minute means`}
        />
      )}
      {stale && tile.dataAsOf !== null && (
        <span className="tag tag-warn fam-stale" data-testid="tile-stale" title={`Newest datapoint ${formatTime(tile.dataAsOf, timeMode)}`}>
          STALE · {formatAge(now - tile.dataAsOf, 'old')}
        </span>
      )}
    </a>
  );
}

export function FamilyTilesView({ summary, now, timeMode }: { summary: MetricsSummary; now: number; timeMode: TimeMode }) {
  return (
    <div className="families" data-testid="families" data-state="ready">
      {FAMILY_ORDER.map((family) => {
        const tiles = summary.tiles.filter((t) => t.family === family);
        if (tiles.length === 0) return null;
        return (
          <section key={family} className="fam-row" data-testid={`family-${family}`} aria-label={`${labelOf(family)} metrics`}>
            <h3 className="fam-head">
              <a href={hashOf(family, { kind: 'preset', preset: summary.preset })}>{labelOf(family)}</a>
            </h3>
            <div className="fam-tiles">
              {tiles.map((t) => (
                <Tile key={t.id} tile={t} preset={summary.preset} now={now} timeMode={timeMode} />
              ))}
            </div>
          </section>
        );
      })}
      <p className="muted small fam-note">
        Newest 5-minute bucket; trends over the last {summary.preset.replace('h', ' h')}
        {summary.dataAsOf !== null && ` · data as of ${formatTime(summary.dataAsOf, timeMode)}`}
      </p>
    </div>
  );
}

export function FamilyTiles() {
  const { timeMode } = usePrefs();
  const now = useNow(10 * SECOND_MS);
  const q = useApi('metricsSummary', {}, { refetchIntervalMs: 60_000 });
  if (q.error) return <p className="bad" data-testid="families" data-state="error">Could not read the metric families: {q.error.message}</p>;
  if (!q.data) return <p className="muted" data-testid="families" data-state="loading">Reading the metric families…</p>;
  return <FamilyTilesView summary={q.data} now={now} timeMode={timeMode} />;
}

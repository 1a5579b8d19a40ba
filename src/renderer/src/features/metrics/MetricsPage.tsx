// The Metrics page: the seeds' three metric families as ready dashboards over one time range
// (last 1 h … 30 d, custom, or dragged on any chart), the range in the address so a link
// reproduces the view, alarm changes and incident milestones marked on every chart.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MetricAnnotation, MetricFamily, MetricsDashboard } from '@shared/contract/metrics';
import { useApi } from '@renderer/data/api';
import { StaleTag } from '@renderer/components/common/StaleTag';
import { useClock, useNow } from '@renderer/lib/clock';
import { formatDuration, formatTime, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useShortcuts } from '@renderer/lib/shortcuts';
import { parseWhen } from '@renderer/lib/time';
import { MetricChart } from './MetricChart';
import { DEFAULT_RANGE, FAMILIES, PRESETS, boundsOf, hashOf, stepRange, viewOf, zoomRange, type FamilyView, type ViewRange } from './routes';
import { METRICS_SHORTCUTS } from './shortcuts';
import './metrics.css';

/** Points per series: about a chart's width in pixels (two charts a row), far under the 2,000 bound. */
const POINTS_PER_SERIES = 600;

function useView() {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return useMemo(() => viewOf(hash), [hash]);
}

function navigate(family: FamilyView, range: ViewRange): void {
  window.location.hash = hashOf(family, range);
}

function rangeText(range: ViewRange, timeMode: TimeMode): string {
  if (range.kind === 'preset') return `last ${range.preset.replace('h', ' h').replace('d', ' d')}`;
  return `${formatTime(range.from, timeMode)} – ${formatTime(range.to, timeMode)}`;
}

function CustomRange({ range, now, timeMode, onApply }: { range: ViewRange; now: number; timeMode: TimeMode; onApply: (r: ViewRange) => void }) {
  const b = boundsOf(range, now);
  const [from, setFrom] = useState(() => formatTime(b.from, timeMode).slice(0, 16));
  const [to, setTo] = useState(() => formatTime(b.to, timeMode).slice(0, 16));
  const [error, setError] = useState<string | null>(null);
  const apply = (e: React.FormEvent): void => {
    e.preventDefault();
    const f = parseWhen(from, now, timeMode);
    const t = parseWhen(to, now, timeMode);
    if (f === null) return setError(`from: "${from}" is not a time (YYYY-MM-DD HH:MM, e.g. 2026-10-26 16:00)`);
    if (t === null) return setError(`to: "${to}" is not a time (YYYY-MM-DD HH:MM, or now)`);
    const r = zoomRange(f, t);
    if (!r) return setError('to: the range must be at least 5 minutes long');
    setError(null);
    onApply(r);
  };
  return (
    <form className="metrics-custom" onSubmit={apply} aria-label="Custom time range">
      <label>
        From <input value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From" size={16} />
      </label>
      <label>
        To <input value={to} onChange={(e) => setTo(e.target.value)} aria-label="To" size={16} />
      </label>
      <span className="muted">{timeMode === 'utc' ? 'UTC' : 'local time'}</span>
      <button type="submit">Apply</button>
      {error && (
        <span className="metrics-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function FamilyCharts({ family, range, timeMode, onZoom }: { family: MetricFamily; range: ViewRange; timeMode: TimeMode; onZoom: (a: number, b: number) => void }) {
  const input = range.kind === 'preset' ? { family, preset: range.preset, maxPoints: POINTS_PER_SERIES } : { family, from: range.from, to: range.to, maxPoints: POINTS_PER_SERIES };
  const q = useApi('metricsDashboard', input, { refetchIntervalMs: 60_000 });
  const d = q.data;
  // One colour per series name across the family's charts (payment-service is green everywhere).
  const colourOf = useMemo(() => {
    // Names on many charts (the services) take the first colours, so they never share one.
    const count = new Map<string, number>();
    for (const c of d?.charts ?? []) for (const s of c.series) count.set(s.label, (count.get(s.label) ?? 0) + 1);
    const labels = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || a.localeCompare(b));
    const index = new Map(labels.map((l, i) => [l, i]));
    return (label: string): number => index.get(label) ?? 0;
  }, [d]);
  return (
    <section className="metrics-family" data-testid={`metrics-family-${family}`} aria-label={`${family} metrics`}>
      <h2>{FAMILIES.find((f) => f.id === family)!.label}</h2>
      {q.error && <p className="metrics-error">{q.error.message}</p>}
      {!d ? (
        <p className="muted">Loading {family} metrics…</p>
      ) : (
        <>
          <div className="metrics-grid" data-testid="metrics-grid" data-from={d.from} data-to={d.to} data-resolution={d.resolutionSec}>
            {d.charts.map((c) => (
              <MetricChart key={c.id} chart={c} from={d.from} to={d.to} annotations={d.annotations} timeMode={timeMode} onZoom={onZoom} colourOf={colourOf} />
            ))}
          </div>
          <Annotations d={d} timeMode={timeMode} />
        </>
      )}
    </section>
  );
}

function Annotations({ d, timeMode }: { d: MetricsDashboard; timeMode: TimeMode }) {
  if (d.annotations.length === 0) return <p className="muted metrics-events-none">No alarm changes or incident milestones in this range.</p>;
  const tone = (a: MetricAnnotation): string => (a.tone === 'bad' ? 'metrics-bad' : a.tone === 'ok' ? 'metrics-ok' : '');
  return (
    <details className="metrics-events" data-testid="metrics-events">
      <summary>
        {d.annotations.length} events marked on the charts (alarm changes: solid lines; incident milestones: dotted)
        {d.annotationsOmitted > 0 && `, ${d.annotationsOmitted} older ones not shown`}
      </summary>
      <ul>
        {[...d.annotations].reverse().map((a, i) => (
          <li key={`${a.at}-${i}`}>
            <span className="muted">{formatTime(a.at, timeMode)}</span> <span className={tone(a)}>{a.label}</span> <span className="muted">{a.detail}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function MetricsPage() {
  const view = useView();
  const { timeMode, toggleTimeMode } = usePrefs();
  const now = useNow(30_000);
  const clock = useClock();
  const sources = useApi('sources', {});
  const [custom, setCustom] = useState(false);
  const families: MetricFamily[] = view.family === 'all' ? ['business', 'application', 'infrastructure'] : [view.family];
  const dashboards = useApi(
    'metricsDashboard',
    view.range.kind === 'preset'
      ? { family: families[0]!, preset: view.range.preset, maxPoints: POINTS_PER_SERIES }
      : { family: families[0]!, from: view.range.from, to: view.range.to, maxPoints: POINTS_PER_SERIES },
  );
  const dataAsOf = dashboards.data?.dataAsOf ?? null;
  const source = sources.data?.[0];
  const offline = source ? source.state !== 'online' : false;

  const onZoom = useCallback(
    (a: number, b: number) => {
      const r = zoomRange(a, b);
      if (r) navigate(view.family, r);
    },
    [view.family],
  );
  // Keys read the address itself, not the last render's view: two quick presses step twice.
  const handlers = useMemo(() => {
    const current = () => viewOf(window.location.hash);
    return {
      back: () => navigate(current().family, stepRange(current().range, -1, clock())),
      forward: () => navigate(current().family, stepRange(current().range, 1, clock())),
      family: () => navigate(FAMILIES[(FAMILIES.findIndex((f) => f.id === current().family) + 1) % FAMILIES.length]!.id, current().range),
      reset: () => navigate(current().family, DEFAULT_RANGE),
    };
  }, [clock]);
  useShortcuts(METRICS_SHORTCUTS, handlers);

  return (
    <div className="page metrics-page" data-testid="metrics-page">
      <div className="page-head">
        <h1>Metrics</h1>
        <span className="muted" data-testid="metrics-range-text">
          {rangeText(view.range, timeMode)}
        </span>
        {offline && dataAsOf !== null && (
          <span className="tag tag-warn" data-testid="metrics-offline">
            {source?.state === 'offline' ? 'offline' : 'degraded'} · cached data {formatDuration(Math.max(0, now - dataAsOf))} old
          </span>
        )}
        <StaleTag dataAsOf={dataAsOf} now={now} timeMode={timeMode} />
      </div>
      <nav className="tabs" aria-label="Metric families">
        {FAMILIES.map((f) => (
          <a key={f.id} href={hashOf(f.id, view.range)} className={f.id === view.family ? 'tab active' : 'tab'} aria-current={f.id === view.family ? 'page' : undefined}>
            {f.label}
          </a>
        ))}
      </nav>
      <div className="metrics-toolbar" role="group" aria-label="Time range">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            className={view.range.kind === 'preset' && view.range.preset === p ? 'active' : ''}
            aria-pressed={view.range.kind === 'preset' && view.range.preset === p}
            onClick={() => {
              setCustom(false);
              navigate(view.family, { kind: 'preset', preset: p });
            }}
          >
            {p}
          </button>
        ))}
        <button type="button" className={view.range.kind === 'custom' ? 'active' : ''} aria-pressed={view.range.kind === 'custom'} aria-expanded={custom} onClick={() => setCustom((c) => !c)}>
          custom
        </button>
        <button type="button" onClick={handlers.back} aria-label="Step back ([)" title="Step back ([)">
          ◀
        </button>
        <button type="button" onClick={handlers.forward} aria-label="Step forward (])" title="Step forward (])">
          ▶
        </button>
        <button type="button" onClick={toggleTimeMode} aria-label={`Times in ${timeMode === 'utc' ? 'UTC' : 'local time'}; switch (t)`}>
          {timeMode === 'utc' ? 'UTC' : 'local'}
        </button>
        <span className="muted metrics-hint">drag on a chart to zoom · [ ] step</span>
      </div>
      {custom && <CustomRange key={JSON.stringify(view.range)} range={view.range} now={now} timeMode={timeMode} onApply={(r) => (setCustom(false), navigate(view.family, r))} />}
      {view.problem && (
        <p className="metrics-error" role="alert" data-testid="metrics-range-problem">
          {view.problem}
        </p>
      )}
      {families.map((f) => (
        <FamilyCharts key={f} family={f} range={view.range} timeMode={timeMode} onZoom={onZoom} />
      ))}
    </div>
  );
}

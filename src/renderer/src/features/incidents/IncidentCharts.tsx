// The affected services' metrics under the timeline, on the same time axis (the window the
// timeline shows), downsampled on the main side (LTTB, ≤ 500 points per series).
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { IncidentMetrics } from '@shared/contract/incidents';
import { useApi } from '@renderer/data/api';
import { valueAxis } from '@renderer/components/common/plot';
import { timeAxisProps } from '@renderer/components/common/timeAxis';
import { formatMeasured, formatTime, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';

const UNIT: Record<string, string> = { Milliseconds: 'ms', Count: '' };

export function IncidentCharts({ id, window, marks }: { id: string; window: { from: number; to: number }; marks: { at: number; label: string }[] }) {
  const { timeMode } = usePrefs();
  const q = useApi('incidentMetrics', { id, from: window.from, to: window.to });
  if (q.error) return <p className="error small">{q.error.message}</p>;
  if (!q.data) return null;
  if (q.data.note) return <p className="muted small">{q.data.note}</p>;
  return (
    <div data-testid="incident-charts">
      {q.data.series.map((s) => (
        <Chart key={s.key} s={s} from={q.data.from} to={q.data.to} marks={marks} timeMode={timeMode} />
      ))}
    </div>
  );
}

const Chart = memo(function Chart({ s, from, to, marks, timeMode }: { s: IncidentMetrics['series'][number]; from: number; to: number; marks: { at: number; label: string }[]; timeMode: TimeMode }) {
  const unit = s.unit ? (UNIT[s.unit] ?? s.unit) : '';
  // One unit and precision per axis (a latency reaching 1,000 ms in seconds), named once above the chart.
  const axis = useMemo(() => valueAxis(s.points.map((p) => p.v), unit), [s.points, unit]);
  return (
    <div className="inc-chart">
      <div className="small muted">
        {s.label}
        {axis.unit ? ` (${axis.unit})` : ''}
        {s.points.length === 0 ? ' — no cached datapoints in this window' : ''}
      </div>
      <ResponsiveContainer width="100%" height={90}>
        <LineChart data={s.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(from, to, timeMode, 10)} />
          <YAxis tickFormatter={axis.number} ticks={axis.ticks} domain={axis.domain} stroke="var(--muted)" fontSize={10} width={44} />
          <Tooltip labelFormatter={(t) => formatTime(Number(t), timeMode, true)} formatter={(v) => [formatMeasured(Number(v), unit), s.label]} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
          {marks.map((m) => (
            <ReferenceLine key={`${m.label}-${m.at}`} x={m.at} stroke="var(--warn)" strokeDasharray="3 3" />
          ))}
          <Line type="linear" dataKey="v" stroke="var(--accent)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});

// The alarm's metric around the firing time, with its threshold line and the firing and
// resolution instants. Data comes downsampled from the main side (≤ 2,000 points).
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AlertMember } from '@shared/contract/alerts';
import { valueAxis } from '@renderer/components/common/plot';
import { timeAxisProps, unitLabel } from '@renderer/components/common/timeAxis';
import { formatCompact as compact, formatTime, type TimeMode } from '@renderer/lib/format';

type Metric = NonNullable<AlertMember['metric']>;

export const AlertMetricChart = memo(function AlertMetricChart({
  metric,
  firedAt,
  resolvedAt,
  timeMode,
}: {
  metric: Metric;
  firedAt: number | null;
  resolvedAt: number | null;
  timeMode: TimeMode;
}) {
  // Round ticks in one precision, thousands separated ("0 2,000 4,000", never "0 2000 4000").
  const axis = useMemo(() => valueAxis([...metric.points.map((p) => p.v), metric.threshold], ''), [metric]);
  if (metric.points.length === 0) {
    return (
      <p className="muted small" data-testid="metric-empty">
        No datapoints for {metric.metricName} are cached around the firing time
        {metric.threshold !== null ? ` (threshold ${compact(metric.threshold)})` : ''}. The chart fills in once the sync has fetched that period.
      </p>
    );
  }
  return (
    <div className="alert-chart" data-testid="metric-chart">
      <ResponsiveContainer width="100%" height={220}>
        {/* Labels sit in the margins (threshold on the right, fired/resolved above), never on the line. */}
        <LineChart data={metric.points} margin={{ top: 18, right: 96, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(metric.from, metric.to, timeMode)} />
          <YAxis domain={axis.domain} ticks={axis.ticks} tickFormatter={axis.format} stroke="var(--muted)" fontSize={11} width={68} label={unitLabel(`${metric.metricName} (${metric.statistic})`)} />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), timeMode, true)}
            formatter={(v) => [compact(Number(v)), metric.statistic]}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
          />
          {metric.threshold !== null && (
            <ReferenceLine y={metric.threshold} stroke="var(--bad)" strokeDasharray="6 3" label={{ value: `threshold ${compact(metric.threshold)}`, fill: 'var(--bad)', fontSize: 10, position: 'right' }} />
          )}
          {firedAt !== null && <ReferenceLine x={firedAt} stroke="var(--warn)" label={{ value: 'fired', fill: 'var(--warn)', fontSize: 11, position: 'top' }} />}
          {resolvedAt !== null && <ReferenceLine x={resolvedAt} stroke="var(--ok)" label={{ value: 'resolved', fill: 'var(--ok)', fontSize: 11, position: 'top' }} />}
          <Line type="linear" dataKey="v" stroke="var(--accent)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});

// One target's chart: hourly history, the forecast median, its 80 % and 95 % bands and the
// threshold line (what-if forecast dashed when one is set). The main side sends ≤ 2,000
// points a series; recharts draws them without animation or dots.
import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CapacityChart as Chart, CapacityWhatIf } from '@shared/contract/capacity';
import { valueAxis } from '@renderer/components/common/plot';
import { timeAxisProps } from '@renderer/components/common/timeAxis';
import { formatTime, type TimeMode } from '@renderer/lib/format';
import { formatValue } from './text';

const AXIS_UNIT: Record<Chart['row']['unit'], string> = { percent: '%', count: '', bytes: 'bytes', ms: 'ms' };

interface Point {
  t: number;
  actual?: number;
  p50?: number;
  b80?: [number, number];
  b95?: [number, number];
  whatIf?: number;
}

export const CapacityChart = memo(function CapacityChart({ chart, whatIf, timeMode }: { chart: Chart; whatIf: CapacityWhatIf | null; timeMode: TimeMode }) {
  const { row } = chart;
  const data = useMemo(() => {
    const points: Point[] = chart.history.map(([t, v]) => ({ t, actual: v }));
    const byT = new Map<number, Point>();
    for (const [t, p50, l80, u80, l95, u95] of chart.forecast) {
      const p: Point = { t, p50, b80: [l80, u80], b95: [l95, u95] };
      byT.set(t, p);
      points.push(p);
    }
    for (const [t, v] of whatIf?.forecast ?? []) {
      const p = byT.get(t);
      if (p) p.whatIf = v;
    }
    return points;
  }, [chart, whatIf]);
  const from = data[0]?.t ?? 0;
  const to = data[data.length - 1]?.t ?? 1;
  const unitShort = (v: number): string => formatValue(v, row.unit);
  // Ticks in one unit and one precision (a latency axis never reads "500 ms, 1.00 s").
  const axis = useMemo(() => {
    const values: number[] = [row.threshold];
    for (const p of data) values.push(p.actual ?? NaN, p.p50 ?? NaN, p.whatIf ?? NaN, ...(p.b95 ?? []), ...(p.b80 ?? []));
    return valueAxis(values, AXIS_UNIT[row.unit]);
  }, [data, row.threshold, row.unit]);
  return (
    <div className="cap-chart" data-testid={`cap-chart-${row.id}`}>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={data} margin={{ top: 8, right: 96, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="2 4" />
          <XAxis {...timeAxisProps(from, to, timeMode)} />
          <YAxis tickFormatter={axis.format} ticks={axis.ticks} domain={axis.domain} stroke="var(--muted)" fontSize={11} width={70} />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), timeMode)}
            formatter={(v, name) => {
              const label = name === 'b95' ? '95 % band' : name === 'b80' ? '80 % band' : name === 'p50' ? 'forecast (P50)' : name === 'whatIf' ? 'what-if' : 'actual';
              const text = Array.isArray(v) ? `${unitShort(Number(v[0]))} – ${unitShort(Number(v[1]))}` : unitShort(Number(v));
              return [text, label];
            }}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', fontSize: 12 }}
          />
          {row.cleaning.spans.map((s) => (
            <ReferenceArea key={s.from} x1={s.from} x2={s.to} fill="var(--warn)" fillOpacity={0.15} stroke="none" ifOverflow="hidden" />
          ))}
          <Area dataKey="b95" stroke="none" fill="var(--accent)" fillOpacity={0.12} isAnimationActive={false} dot={false} activeDot={false} />
          <Area dataKey="b80" stroke="none" fill="var(--accent)" fillOpacity={0.22} isAnimationActive={false} dot={false} activeDot={false} />
          <Line dataKey="actual" stroke="var(--text)" strokeWidth={1.2} dot={false} isAnimationActive={false} />
          <Line dataKey="p50" stroke="var(--accent)" strokeWidth={1.8} dot={false} isAnimationActive={false} />
          {whatIf && <Line dataKey="whatIf" stroke="var(--ok)" strokeWidth={1.6} strokeDasharray="5 4" dot={false} isAnimationActive={false} />}
          <ReferenceLine y={row.threshold} stroke="var(--bad)" strokeDasharray="6 3" label={{ value: `threshold ${unitShort(row.threshold)}`, fill: 'var(--bad)', fontSize: 10, position: 'right' }} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});

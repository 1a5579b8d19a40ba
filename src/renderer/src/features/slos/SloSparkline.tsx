// 30 days of daily attainment in a table cell. The y-axis stops at ten times the error
// budget below the target, so a 99.99 % target is not a flat line at 100 %; worse days run
// off the bottom edge, which is the point.
import { memo } from 'react';
import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';
import { formatPct } from '@renderer/lib/format';

export function sloFloor(target: number): number {
  return Math.max(0, target - 10 * (100 - target));
}

export const SloSparkline = memo(function SloSparkline({ daily, target }: { daily: { day: number; attainmentPct: number | null }[]; target: number }) {
  const points = daily.map((d) => ({ x: d.day, y: d.attainmentPct }));
  const below = daily.filter((d) => d.attainmentPct !== null && d.attainmentPct < target).length;
  return (
    <span className="slo-spark" title={`${below} of ${daily.length} days below the ${formatPct(target)} target (dashed)`}>
      <LineChart width={112} height={28} data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={[sloFloor(target), 100]} allowDataOverflow />
        <ReferenceLine y={target} stroke="var(--bad)" strokeOpacity={0.6} strokeDasharray="2 2" />
        <Line type="linear" dataKey="y" stroke="var(--accent)" strokeWidth={1.4} dot={false} isAnimationActive={false} connectNulls={false} />
      </LineChart>
    </span>
  );
});

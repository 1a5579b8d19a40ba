import { memo } from 'react';
import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';

/** A 30-day trend in a table cell; the dashed line is the target. */
export const Sparkline = memo(function Sparkline({ points, target }: { points: { x: number; y: number | null }[]; target: number }) {
  const ys = points.map((p) => p.y).filter((y): y is number => y !== null);
  const min = Math.min(target, ...ys);
  const max = Math.max(target, ...ys, 100);
  const pad = Math.max((max - min) * 0.1, 0.001);
  return (
    <LineChart width={160} height={30} data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
      <YAxis hide domain={[min - pad, max]} />
      <ReferenceLine y={target} stroke="var(--muted)" strokeDasharray="2 2" />
      <Line type="linear" dataKey="y" stroke="var(--accent)" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
    </LineChart>
  );
});

import { memo } from 'react';
import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';

/**
 * A small trend in a table cell or card. With `target`, the dashed line is the target and
 * the scale includes it and 100 (for percentages of availability); without, it fits the data.
 */
export const Sparkline = memo(function Sparkline({
  points,
  target,
  width = 160,
  height = 30,
}: {
  points: { x: number; y: number | null }[];
  target?: number;
  width?: number;
  height?: number;
}) {
  const ys = points.map((p) => p.y).filter((y): y is number => y !== null);
  const min = Math.min(...(target === undefined ? [] : [target]), ...ys);
  const max = Math.max(...(target === undefined ? [] : [target, 100]), ...ys);
  const pad = Math.max((max - min) * 0.1, 0.001);
  return (
    <LineChart width={width} height={height} data={points} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
      <YAxis hide domain={[min - pad, max + (target === undefined ? pad : 0)]} />
      {target !== undefined && <ReferenceLine y={target} stroke="var(--muted)" strokeDasharray="2 2" />}
      <Line type="linear" dataKey="y" stroke="var(--accent)" strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
    </LineChart>
  );
});

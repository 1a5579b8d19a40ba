// 30 days of daily attainment in a table cell. The y-axis stops at ten times the error
// budget below the target, so a 99.99 % target is not a flat line at 100 %; a worse day is
// pinned to the bottom edge with a red mark, never cut off unseen.
import { memo } from 'react';
import { Sparkline } from '@renderer/components/common/Sparkline';
import { formatPct } from '@renderer/lib/format';

export function sloFloor(target: number): number {
  return Math.max(0, target - 10 * (100 - target));
}

export const SloSparkline = memo(function SloSparkline({ daily, target }: { daily: { day: number; attainmentPct: number | null }[]; target: number }) {
  const points = daily.map((d) => ({ x: d.day, y: d.attainmentPct }));
  const below = daily.filter((d) => d.attainmentPct !== null && d.attainmentPct < target).length;
  const floor = sloFloor(target);
  const underFloor = daily.filter((d) => d.attainmentPct !== null && d.attainmentPct < floor).length;
  const text = `${below} of ${daily.length} days below the ${formatPct(target)} target (dashed)${underFloor > 0 ? `; ${underFloor} below ${formatPct(floor)}, marked on the bottom edge` : ''}`;
  return (
    <span className="slo-spark" title={text}>
      <Sparkline points={points} target={target} floor={floor} width={112} height={28} label={`30 days of daily attainment: ${text}`} />
    </span>
  );
});

// The explain panel: every formula, the same formula with the real numbers, and the result.
// The main side sends the figures as typed numbers; they are written here by lib/format.ts,
// so "99.9712 %", "0.0585×" and "1.97 h" read the same as on every other screen.
import type { ExplainText, ExplainValue, SloExplainStep } from '@shared/contract/slos';
import {
  formatBudgetMinutesIn,
  formatBudgetPct,
  formatBurnAgainst,
  formatBurnMultiple,
  formatCount,
  formatDuration,
  formatNumber,
  formatPct,
  formatPctForTarget,
  formatSpan,
  formatTime,
  type TimeMode,
} from '@renderer/lib/format';

export function formatExplainValue(v: ExplainValue, timeMode: TimeMode): string {
  switch (v.kind) {
    case 'count':
      return formatCount(v.value);
    case 'number':
      return formatNumber(v.value, v.significant ?? 3);
    case 'attainment':
      return formatPctForTarget(v.value, v.targetPct);
    case 'budgetPct':
      return formatBudgetPct(v.value);
    case 'pct':
      return formatPct(v.value, 2);
    case 'burn':
      return v.threshold === undefined ? formatBurnMultiple(v.value) : formatBurnAgainst(v.value, v.threshold);
    case 'budget':
      return formatBudgetMinutesIn(v.minutes, v.scaleMinutes);
    case 'span':
      return formatSpan(v.ms);
    case 'duration':
      return formatDuration(v.ms);
    case 'time':
      return formatTime(v.ms, timeMode, true);
  }
}

export function formatExplainText(text: ExplainText, timeMode: TimeMode): string {
  return typeof text === 'string' ? text : text.map((p) => (typeof p === 'string' ? p : formatExplainValue(p, timeMode))).join('');
}

export function SloExplain({ steps, timeMode }: { steps: SloExplainStep[]; timeMode: TimeMode }) {
  return (
    <table className="grid slo-explain" data-testid="slo-explain">
      <thead>
        <tr>
          <th>Step</th>
          <th>Formula</th>
          <th>With the numbers</th>
          <th>Result</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => (
          <tr key={`${s.label}-${i}`} data-testid="explain-step" data-label={s.label}>
            <th scope="row">{s.label}</th>
            <td className="slo-formula">{s.formula}</td>
            <td className="slo-substituted" data-testid="explain-substituted">
              {formatExplainText(s.substituted, timeMode)}
            </td>
            <td className="slo-result" data-testid="explain-result">
              {formatExplainText(s.result, timeMode)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

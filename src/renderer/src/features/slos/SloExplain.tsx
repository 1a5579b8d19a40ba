// The explain panel: every formula, the same formula with the real numbers, and the result.
import type { SloExplainStep } from '@shared/contract/slos';

export function SloExplain({ steps }: { steps: SloExplainStep[] }) {
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
              {s.substituted}
            </td>
            <td className="slo-result" data-testid="explain-result">
              {s.result}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

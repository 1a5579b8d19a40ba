// What-if scaling: another node count, pod count or instance size, and for pods another CPU or
// memory request; the forecast is rescaled (utilisation × old ÷ new), checked against the same
// threshold, and a multi-metric HPA's choice of replicas shown with the metric that decided.
// A value of 0 or less is refused at the field (by the contract's own schema), before any request.
import { useEffect, useState } from 'react';
import { WhatIfAmount, type CapacityRow, type CapacityWhatIf } from '@shared/contract/capacity';
import { useApi } from '@renderer/data/api';
import type { TimeMode } from '@renderer/lib/format';
import { crossingText } from './text';

/** The field's text → a what-if amount, or the contract's message for it. */
export function parseCapacity(text: string): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'enter a value' };
  const parsed = WhatIfAmount.safeParse(Number(trimmed));
  return parsed.success ? { value: parsed.data } : { error: parsed.error.issues[0]?.message ?? 'invalid' };
}

type Limit = NonNullable<NonNullable<CapacityRow['whatIf']>['limits']>[number];

function AmountField({ id, label, unit, current, text, onText }: { id: string; label: string; unit: string; current: number; text: string; onText: (t: string) => void }) {
  const parsed = parseCapacity(text);
  return (
    <span className="cap-whatif-field">
      <label htmlFor={id}>
        {label} (now {current} {unit})
      </label>{' '}
      <input id={id} className="narrow" inputMode="decimal" value={text} aria-invalid={'error' in parsed} aria-describedby={`${id}-msg`} onChange={(e) => onText(e.target.value)} />
      {'error' in parsed && (
        <span id={`${id}-msg`} role="alert" className="cap-field-error">
          {' '}
          {label}: {parsed.error}
        </span>
      )}
    </span>
  );
}

export function WhatIfPanel({ row, timeMode, now, onResult }: { row: CapacityRow; timeMode: TimeMode; now: number; onResult: (w: CapacityWhatIf | null) => void }) {
  const w = row.whatIf!;
  const limits: Limit[] = w.limits ?? [];
  const [text, setText] = useState(String(w.current));
  const [limitText, setLimitText] = useState<Record<string, string>>(() => Object.fromEntries(limits.map((l) => [l.metric, String(l.current)])));
  const parsed = parseCapacity(text);
  const parsedLimits = limits.map((l) => ({ limit: l, parsed: parseCapacity(limitText[l.metric] ?? '') }));
  const value = 'value' in parsed ? parsed.value : null;
  const valid = value !== null && parsedLimits.every((p) => 'value' in p.parsed);
  const changedLimits: { cpu?: number; memory?: number } = {};
  for (const p of parsedLimits) if ('value' in p.parsed && p.parsed.value !== p.limit.current) changedLimits[p.limit.metric] = p.parsed.value;
  const limitsChanged = Object.keys(changedLimits).length > 0;
  const changed = valid && (value !== w.current || limitsChanged);
  const q = useApi('capacityWhatIf', { id: row.id, capacity: value ?? w.current, ...(limitsChanged ? { limits: changedLimits } : {}) });
  const result = changed && q.data && q.data.capacity === value ? q.data : null;
  useEffect(() => onResult(result), [result, onResult]);
  const fieldId = `whatif-${row.id.replace(/[^a-z0-9]/g, '-')}`;
  const a = row.autoscaler;
  const hpa = result?.hpa ?? null;
  return (
    <div className="cap-whatif" data-testid="cap-whatif">
      <label htmlFor={fieldId}>
        {w.label} (now {w.current} {w.unit})
      </label>{' '}
      <input
        id={fieldId}
        className="narrow"
        inputMode="decimal"
        value={text}
        aria-invalid={'error' in parsed}
        aria-describedby={`${fieldId}-msg`}
        onChange={(e) => setText(e.target.value)}
      />{' '}
      {limits.map((l) => (
        <AmountField
          key={l.metric}
          id={`${fieldId}-${l.metric}`}
          label={l.label}
          unit={l.unit}
          current={l.current}
          text={limitText[l.metric] ?? ''}
          onText={(t) => setLimitText((prev) => ({ ...prev, [l.metric]: t }))}
        />
      ))}{' '}
      <span id={`${fieldId}-msg`} role={'error' in parsed ? 'alert' : undefined} className={'error' in parsed ? 'cap-field-error' : 'muted'}>
        {'error' in parsed
          ? `${w.label}: ${parsed.error}`
          : !valid
            ? ''
            : !changed
              ? 'change a value to see the forecast rescaled'
              : q.error
                ? q.error.message
                : result
                  ? `${row.metric} ${crossingText(result.crossing, timeMode, now)}`
                  : 'computing…'}
      </span>
      {result && hpa && result.desiredPeak !== null && (
        <div className="muted" data-testid="cap-whatif-hpa">
          At {value} {a?.noun ?? w.unit}, the autoscaler (per metric ceil(current × metric ÷ target), tolerance 0.1, the largest wins
          {a ? `, ${a.min}–${a.max}` : ''}) would want {result.desiredNow ?? '—'} now{hpa.decidedNow ? ` (decided by ${hpa.decidedNow})` : ''} and {result.desiredPeak} at the forecast
          peak (decided by <strong data-testid="cap-whatif-decided">{hpa.decidedPeak}</strong>:{' '}
          {hpa.metrics.map((m) => `${m.label} at target ${m.target} % → ${m.desiredPeak}`).join(', ')})
          {a ? `; ${crossingText(result.atMax, timeMode, now).replace(/^P50/, `at max ${a.noun} (${a.max}) P50`)}` : ''}. The seeds' scale-up and scale-down
          cooldowns (3 and 10 min) are shorter than the forecast's hourly step, so they do not move these times.
        </div>
      )}
    </div>
  );
}

// What-if scaling: another node count, pod count or instance size; the forecast is rescaled
// (utilisation × current ÷ new), checked against the same threshold, and an HPA's choice of
// replicas shown. A capacity of 0 or less is refused at the field, before any request.
import { useEffect, useState } from 'react';
import type { CapacityRow, CapacityWhatIf } from '@shared/contract/capacity';
import { useApi } from '@renderer/data/api';
import type { TimeMode } from '@renderer/lib/format';
import { crossingText } from './text';

export function parseCapacity(text: string): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'enter a capacity' };
  const v = Number(trimmed);
  if (!Number.isFinite(v)) return { error: 'must be a number' };
  if (v <= 0) return { error: 'must be greater than 0' };
  if (v > 1_000_000) return { error: 'must be at most 1,000,000' };
  return { value: v };
}

export function WhatIfPanel({ row, timeMode, now, onResult }: { row: CapacityRow; timeMode: TimeMode; now: number; onResult: (w: CapacityWhatIf | null) => void }) {
  const w = row.whatIf!;
  const [text, setText] = useState(String(w.current));
  const parsed = parseCapacity(text);
  const value = 'value' in parsed ? parsed.value : null;
  const changed = value !== null && value !== w.current;
  const q = useApi('capacityWhatIf', { id: row.id, capacity: value ?? w.current });
  const result = changed && q.data && q.data.capacity === value ? q.data : null;
  useEffect(() => onResult(result), [result, onResult]);
  const fieldId = `whatif-${row.id.replace(/[^a-z0-9]/g, '-')}`;
  const a = row.autoscaler;
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
      <span id={`${fieldId}-msg`} role={'error' in parsed ? 'alert' : undefined} className={'error' in parsed ? 'cap-field-error' : 'muted'}>
        {'error' in parsed
          ? `${w.label}: ${parsed.error}`
          : !changed
            ? 'change it to see the forecast rescaled'
            : q.error
              ? q.error.message
              : result
                ? `${row.metric} ${crossingText(result.crossing, timeMode, now)}`
                : 'computing…'}
      </span>
      {result && a && result.desiredPeak !== null && (
        <div className="muted" data-testid="cap-whatif-hpa">
          At {value} {a.noun}, the autoscaler (ceil(current × {row.metric} ÷ target {row.threshold} %), tolerance 0.1, {a.min}–{a.max}) would want {result.desiredNow ?? '—'} now and{' '}
          {result.desiredPeak} at the forecast peak; {crossingText(result.atMax, timeMode, now).replace(/^P50/, `at max ${a.noun} (${a.max}) P50`)}.
        </div>
      )}
    </div>
  );
}

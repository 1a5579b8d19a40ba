// The what-if over stored forecasts, with hand-computed numbers: pod count and pod requests
// rescale the forecast, and the multi-metric HPA (CPU 70 %, memory 80 %) picks the larger
// proposal and says which metric decided.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CapacityWhatIf, type CapacityRow } from '../../shared/contract/capacity';
import { BadInputError } from '../../shared/errors';
import { dispatch, type Handlers } from '../api/dispatch';
import type { CapacityStore } from '../store/capacity';
import type { StoredChart } from './compute';
import { CapacityService } from './service';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 24, 12);
const RES = 'pods-recommendation-service';

function row(metricId: 'cpu' | 'memory', threshold: number): CapacityRow {
  return {
    id: `${RES}/${metricId}`,
    resourceId: RES,
    resource: 'Pods: recommendation-service',
    metricId,
    metric: metricId === 'cpu' ? 'Pod CPU' : 'Pod memory',
    unit: 'percent',
    threshold,
    direction: 'above',
    sustainMinutes: 0,
    action: 'scale up',
    current: null,
    headroom: null,
    crossing: null,
    crossingResolution: null,
    autoscaler: metricId === 'cpu' ? { noun: 'pods', min: 2, max: 10, current: 4, atMax: null } : null,
    model: 'seasonal-naive',
    accuracy: null,
    cleaning: { count: 0, spans: [] },
    problem: null,
    whatIf: {
      label: 'Pod count',
      unit: 'pods',
      current: 4,
      limits: [
        { metric: 'cpu', label: 'CPU request', unit: 'millicores', current: 500 },
        { metric: 'memory', label: 'Memory request', unit: 'MiB', current: 1024 },
      ],
    },
    dataAsOf: T0,
    madeAt: T0,
  };
}

function chart(last: number, point: number[]): StoredChart {
  return { history: [[T0 - HOUR, last]], start: T0, step: HOUR, point, lower80: point, upper80: point, lower95: point, upper95: point, seriesKey: 'k' };
}

// CPU now 35 %, forecast 35 → 70 %; memory now 90 %, forecast 90 → 100 %, at 4 pods.
const charts = new Map<string, StoredChart>([
  [`${RES}/cpu`, chart(35, [35, 70])],
  [`${RES}/memory`, chart(90, [90, 100])],
]);
const rows = [row('cpu', 70), row('memory', 80)];
const fakeStore = {
  latestMadeAt: () => T0,
  summaries: () => rows.map((r) => JSON.stringify(r)),
  chart: (_source: string, id: string) => (charts.has(id) ? JSON.stringify(charts.get(id)) : null),
} as unknown as CapacityStore;
const service = new CapacityService({ store: fakeStore, source: () => 'demo', configFile: join(tmpdir(), 'opsdeck-no-such-dir', 'capacity.yaml'), computing: () => false });

describe('what-if with a multi-metric HPA', () => {
  it('memory decides when it proposes more pods than CPU', () => {
    const w = CapacityWhatIf.parse(service.whatIf(`${RES}/cpu`, 4));
    // Now: CPU 35/70 × 4 = 2; memory 90/80 = 1.125 × 4 = ceil(4.5) = 5 → 5, memory.
    // Peak: CPU 70/70 = 1 → stays 4; memory 100/80 = 1.25 × 4 = 5 → 5, memory.
    expect(w.desiredNow).toBe(5);
    expect(w.desiredPeak).toBe(5);
    expect(w.hpa).toEqual({
      decidedNow: 'Pod memory',
      decidedPeak: 'Pod memory',
      metrics: [
        { metric: 'cpu', label: 'Pod CPU', target: 70, desiredNow: 2, desiredPeak: 4 },
        { metric: 'memory', label: 'Pod memory', target: 80, desiredNow: 5, desiredPeak: 5 },
      ],
    });
    // The memory row's what-if shows the same HPA.
    expect(service.whatIf(`${RES}/memory`, 4).desiredPeak).toBe(5);
  });

  it('doubling the memory request halves memory utilisation, so CPU decides again', () => {
    const w = service.whatIf(`${RES}/memory`, 4, { memory: 2048 });
    // Memory forecast × 1024 ÷ 2048: 90, 100 → 45, 50.
    expect(w.forecast.map((f) => f[1])).toEqual([45, 50]);
    // Peak: CPU 70/70 → 4; memory 50/80 = 0.625 × 4 = ceil(2.5) = 3: CPU decides.
    expect(w.desiredPeak).toBe(4);
    expect(w.hpa?.decidedPeak).toBe('Pod CPU');
    // The CPU row's own forecast does not move with the memory request.
    expect(service.whatIf(`${RES}/cpu`, 4, { memory: 2048 }).forecast.map((f) => f[1])).toEqual([35, 70]);
  });

  it('pods and the CPU request multiply: 8 pods at 250 m is the same CPU as 4 at 500 m', () => {
    const w = service.whatIf(`${RES}/cpu`, 8, { cpu: 250 });
    // 70 × (4 ÷ 8) × (500 ÷ 250) = 70.
    expect(w.forecast.map((f) => f[1])).toEqual([35, 70]);
    // CPU 35 % at 8 pods: ceil(8 × 0.5) = 4. Memory 90 × 4 ÷ 8 = 45 % → ceil(8 × 0.5625) = ceil(4.5) = 5.
    expect(w.hpa?.metrics.map((m) => m.desiredNow)).toEqual([4, 5]);
  });

  it('a pod request of 0 or less is refused at the field, naming it', () => {
    expect(() => service.whatIf(`${RES}/cpu`, 4, { cpu: 0 })).toThrow(BadInputError);
    expect(() => service.whatIf(`${RES}/cpu`, 4, { memory: -512 })).toThrow(/^limits\.memory: must be greater than 0$/);
    expect(() => service.whatIf(`${RES}/cpu`, 0)).toThrow(/^capacity: must be greater than 0$/);
  });

  it('through the API the contract refuses the same input, as BAD_INPUT naming the field', async () => {
    const handlers = { capacityWhatIf: (i: { id: string; capacity: number; limits?: { cpu?: number; memory?: number } }) => service.whatIf(i.id, i.capacity, i.limits) } as unknown as Handlers;
    const bad = await dispatch(handlers, 'capacityWhatIf', { id: `${RES}/cpu`, capacity: 4, limits: { cpu: -1 } });
    expect(bad).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_INPUT', message: 'capacityWhatIf: limits.cpu: must be greater than 0' } });
    const good = await dispatch(handlers, 'capacityWhatIf', { id: `${RES}/cpu`, capacity: 4, limits: { cpu: 1000 } });
    expect(good.ok).toBe(true);
  });
});

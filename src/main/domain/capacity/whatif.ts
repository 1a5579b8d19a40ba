// What-if scaling and the autoscaler's view of a forecast. Utilisation scales inversely with
// capacity (same demand over more nodes or bigger instances); an HPA picks
// desired = ceil(current × metric ÷ target), leaves it alone within the tolerance, and stays
// within its min/max (Kubernetes HPA algorithm).

export function rescaleUtilisation(value: number, oldCapacity: number, newCapacity: number, max: number | null = null): number {
  if (!(oldCapacity > 0) || !(newCapacity > 0)) throw new RangeError('capacities must be positive');
  const v = (value * oldCapacity) / newCapacity;
  return max !== null ? Math.min(max, v) : v;
}

export function rescaleSeries(values: ArrayLike<number>, oldCapacity: number, newCapacity: number, max: number | null = null): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = rescaleUtilisation(values[i]!, oldCapacity, newCapacity, max);
  return out;
}

export interface Autoscaler {
  min: number;
  max: number;
  /** Target utilisation of the scaling metric, in the metric's unit (e.g. 70 for 70 %). */
  target: number;
  tolerance?: number;
}

export function hpaDesiredReplicas(current: number, metric: number, a: Autoscaler): number {
  const tolerance = a.tolerance ?? 0.1;
  const ratio = metric / a.target;
  const desired = Math.abs(ratio - 1) <= tolerance ? current : Math.ceil(current * ratio - 1e-9);
  return Math.min(a.max, Math.max(a.min, desired));
}

/**
 * Replicas the autoscaler would need over a utilisation forecast made at `current` replicas:
 * the demand is utilisation × current, so desired = ceil(current × u ÷ target), clamped.
 */
export function replicasSeries(utilisation: ArrayLike<number>, current: number, a: Autoscaler): Float64Array {
  const out = new Float64Array(utilisation.length);
  for (let i = 0; i < utilisation.length; i++) out[i] = hpaDesiredReplicas(current, utilisation[i]!, a);
  return out;
}

/** One metric a multi-metric HPA scales on: its utilisation now (or forecast) and its target. */
export interface HpaReading {
  metric: string;
  value: number;
  target: number;
}

export interface HpaDecision {
  /** Replicas after taking the largest proposal and clamping to min/max. */
  desired: number;
  /** The metric whose proposal was largest (the first listed on a tie): the one that decided. */
  decidedBy: string;
  /** Each metric's own proposal, before clamping. */
  proposals: { metric: string; desired: number }[];
}

/**
 * A multi-metric HPA (Kubernetes autoscaling/v2): each metric proposes
 * ceil(current × value ÷ target) — or `current` within the tolerance — and the largest
 * proposal wins, then min/max apply.
 */
export function hpaMultiMetric(current: number, readings: readonly HpaReading[], a: { min: number; max: number; tolerance?: number }): HpaDecision {
  if (readings.length === 0) throw new RangeError('an HPA needs at least one metric');
  const tolerance = a.tolerance ?? 0.1;
  let best = -Infinity;
  let decidedBy = readings[0]!.metric;
  const proposals = readings.map((r) => {
    const ratio = r.value / r.target;
    const desired = Math.abs(ratio - 1) <= tolerance ? current : Math.ceil(current * ratio - 1e-9);
    if (desired > best) {
      best = desired;
      decidedBy = r.metric;
    }
    return { metric: r.metric, desired };
  });
  return { desired: Math.min(a.max, Math.max(a.min, best)), decidedBy, proposals };
}

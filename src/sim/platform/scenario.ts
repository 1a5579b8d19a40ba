// Scripted incidents: a pure function of (seed, time). Each kind recurs on a fixed schedule
// in absolute time; the seed only moves the phase (which day of the cycle) and a small
// per-occurrence jitter of the start. The model reads the intensities below while it
// generates samples; `incidentsBetween` names the same episodes for tests and docs.
//
// Budget arithmetic behind the Payment spike (see README): its envelope integrates to
// 1.41 "minutes of full outage", Payment's 30-day 99.99 % budget is 4.32 such minutes, and
// the spike starts 12:45–13:45 New York time, when traffic is 0.96–1.16 × the daily mean.
// One spike therefore burns ≈ 31–38 % of the budget (±Poisson noise); a 30-day window holds
// one or two (cycle 17 days), plus ≈ 5 % baseline burn: ≈ 33–82 % in every window.

import { DAY, newYorkLocal, utcFromNewYorkLocal } from './clock';
import { hashString, mix, seedKey, uniform } from './random';

export type RecurringKind = 'payment-5xx-spike' | 'search-degradation' | 'kafka-consumer-lag' | 'cache-hit-flapping' | 'flash-sale';
export type SawtoothKind = 'customer-memory-leak' | 'node-disk-pressure' | 'rds-storage-low';
export type IncidentKind = RecurringKind | SawtoothKind;

export interface Incident {
  /** Stable id: kind and occurrence number, e.g. `payment-5xx-spike#1234`. */
  id: string;
  kind: IncidentKind;
  title: string;
  description: string;
  services: string[];
  /** Alarms (see alarms.ts) expected to fire during the episode. */
  alarms: string[];
  startSec: number;
  endSec: number;
}

export interface RecurringSpec {
  kind: RecurringKind;
  title: string;
  description: string;
  services: string[];
  alarms: string[];
  cycleDays: number;
  /** New York local start, minutes after midnight, before jitter. */
  localStartMinute: number;
  /** The start moves by 0..jitterMinutes (whole minutes) per occurrence. */
  jitterMinutes: number;
  /** Piecewise-linear intensity over minutes since the start; last knot ends the episode. */
  envelope: readonly (readonly [minute: number, value: number])[];
  stream: number;
}

/** Peak Payment 5xx ratio during the spike (the envelope's values are ratios). */
export const PAYMENT_SPIKE_PEAK_RATIO = 0.065;

function recurring(spec: Omit<RecurringSpec, 'stream'>): RecurringSpec {
  return { ...spec, stream: hashString(`scenario:${spec.kind}`) };
}

export const PAYMENT_SPIKE = recurring({
  kind: 'payment-5xx-spike',
  title: 'Payment gateway errors',
  description:
    'The payment provider times out: payment-service 5xx and failed transactions jump to 6.5 % for ~10 minutes and tail off over 35; p95 latency passes 3 s; checkouts fail, so orders and revenue dip.',
  services: ['payment-service', 'order-service'],
  alarms: ['payment-failure-rate-high', 'payment-latency-p95-critical', 'payment-degraded'],
  cycleDays: 17,
  localStartMinute: 12 * 60 + 45,
  jitterMinutes: 60,
  envelope: [
    [0, 0],
    [3, PAYMENT_SPIKE_PEAK_RATIO],
    [12, PAYMENT_SPIKE_PEAK_RATIO],
    [16, 0.0372],
    [30, 0.0279],
    [35, 0],
  ],
});

export const SEARCH_DEGRADATION = recurring({
  kind: 'search-degradation',
  title: 'Search cluster degradation',
  description: 'A slow search index shard: search-service p95 climbs past 1 s and 5xx reaches ~6 % for about an hour.',
  services: ['search-service'],
  alarms: ['search-latency-p95-high', 'search-service-5xx-rate-high'],
  cycleDays: 13,
  localStartMinute: 10 * 60,
  jitterMinutes: 240,
  envelope: [
    [0, 0],
    [15, 1],
    [60, 1],
    [90, 0],
  ],
});

export const KAFKA_LAG = recurring({
  kind: 'kafka-consumer-lag',
  title: 'Order events consumer lag',
  description: 'A nightly bulk import floods order-events: the order-processor consumer group lags by ~9,000 messages and event processing latency reaches seconds.',
  services: ['order-service'],
  alarms: ['msk-consumer-lag-high'],
  cycleDays: 9,
  localStartMinute: 3 * 60,
  jitterMinutes: 180,
  envelope: [
    [0, 0],
    [30, 1],
    [50, 0],
  ],
});

export const CACHE_FLAPPING = recurring({
  kind: 'cache-hit-flapping',
  title: 'Redis hit rate hovering at the threshold',
  description: 'A cache key-space change leaves the Redis hit rate oscillating around 80 % for three hours; the hit-rate alarm flaps.',
  services: ['product-service', 'customer-service'],
  alarms: ['redis-cache-hit-rate-low'],
  cycleDays: 6,
  localStartMinute: 9 * 60,
  jitterMinutes: 360,
  envelope: [
    [0, 0],
    [10, 1],
    [170, 1],
    [180, 0],
  ],
});

export const FLASH_SALE = recurring({
  kind: 'flash-sale',
  title: 'Flash sale traffic surge',
  description: 'A promotional e-mail lifts traffic by 55 % for two hours in the evening; node CPU passes 70 % until the cluster autoscaler adds nodes.',
  services: ['order-service', 'customer-service', 'product-service', 'payment-service', 'search-service'],
  alarms: ['eks-cluster-cpu-high'],
  cycleDays: 11,
  localStartMinute: 18 * 60,
  jitterMinutes: 60,
  envelope: [
    [0, 0],
    [10, 1],
    [110, 1],
    [150, 0],
  ],
});

export const RECURRING: readonly RecurringSpec[] = [PAYMENT_SPIKE, SEARCH_DEGRADATION, KAFKA_LAG, CACHE_FLAPPING, FLASH_SALE];

function phaseDay(seed32: number, spec: RecurringSpec): number {
  return mix(seed32, spec.stream) % spec.cycleDays;
}

function durationSec(spec: RecurringSpec): number {
  return spec.envelope[spec.envelope.length - 1]![0] * 60;
}

/** Epoch seconds at which occurrence `k` of a recurring incident starts. */
function occurrenceStart(seed32: number, spec: RecurringSpec, k: number): number {
  const localDay = phaseDay(seed32, spec) + k * spec.cycleDays;
  const jitter = Math.floor(uniform(seed32, spec.stream, k) * (spec.jitterMinutes + 1));
  return utcFromNewYorkLocal(localDay * DAY + (spec.localStartMinute + jitter) * 60);
}

function envelopeAt(spec: RecurringSpec, minute: number): number {
  const env = spec.envelope;
  for (let i = 1; i < env.length; i++) {
    const [m1, v1] = env[i]!;
    if (minute <= m1) {
      const [m0, v0] = env[i - 1]!;
      return v0 + ((v1 - v0) * (minute - m0)) / (m1 - m0);
    }
  }
  return 0;
}

interface OccurrenceWindow {
  seed32: number;
  /** Start of occurrence k, its end, and the start of occurrence k + 1. */
  start: number;
  end: number;
  nextStart: number;
}

// One cached window per spec: samples are generated in time order, so nearly every lookup
// falls between the same two occurrence starts and costs two comparisons.
const windows = new Map<RecurringSpec, OccurrenceWindow>();

function windowFor(seed32: number, spec: RecurringSpec, sec: number): OccurrenceWindow {
  const cached = windows.get(spec);
  if (cached && cached.seed32 === seed32 && sec >= cached.start && sec < cached.nextStart) return cached;
  const localDay = Math.floor(newYorkLocal(sec) / DAY);
  let k = Math.floor((localDay - phaseDay(seed32, spec)) / spec.cycleDays);
  while (occurrenceStart(seed32, spec, k) > sec) k--;
  while (occurrenceStart(seed32, spec, k + 1) <= sec) k++;
  const start = occurrenceStart(seed32, spec, k);
  const window = { seed32, start, end: start + durationSec(spec), nextStart: occurrenceStart(seed32, spec, k + 1) };
  windows.set(spec, window);
  return window;
}

/**
 * Intensity of a recurring incident at the 1-minute sample starting at `sec`
 * (sampled at the minute's midpoint), 0 outside any occurrence. `seed32` is `seedKey(seed)`.
 */
export function recurringIntensity(seed32: number, spec: RecurringSpec, sec: number): number {
  const w = windowFor(seed32, spec, sec);
  return sec < w.end ? envelopeAt(spec, (sec - w.start) / 60 + 0.5) : 0;
}

// --- slow trends that reset on a cycle (a leak fixed by a restart, a disk cleaned, storage grown) ---

export interface SawtoothSpec {
  kind: SawtoothKind;
  title: string;
  description: string;
  services: string[];
  alarms: string[];
  cycleSec: number;
  /** Phase in [0, 1) after which the (noise-free) value is past its alarm threshold. */
  alarmPhase: number;
  stream: number;
}

/** customer-service pod memory: a leak from 52 % to 92 % over the cycle, reset by the weekly deploy. */
export function leakMemoryPercent(phase: number): number {
  return 52 + 40 * Math.pow(phase, 1.3);
}
/** The busiest node's root filesystem fills from 45 % to 83 % until image GC empties it. */
export function nodeDiskPercent(phase: number): number {
  return 45 + 38 * phase;
}
/** RDS free storage (GiB) falls by 1.15 GiB a day from 180 GiB until storage is grown. */
export function rdsFreeGiB(phase: number): number {
  return 180 - 138 * phase;
}
export const MEMORY_ALARM_PERCENT = 90;
export const DISK_ALARM_PERCENT = 80;
export const RDS_FREE_ALARM_GIB = 50;

function sawtooth(spec: Omit<SawtoothSpec, 'stream'>): SawtoothSpec {
  return { ...spec, stream: hashString(`scenario:${spec.kind}`) };
}

export const MEMORY_LEAK = sawtooth({
  kind: 'customer-memory-leak',
  title: 'customer-service memory pressure',
  description: 'A slow leak in customer-service: pod memory passes 90 % in the last hours before the weekly restart.',
  services: ['customer-service'],
  alarms: ['customer-service-memory-high'],
  cycleSec: 8 * DAY,
  alarmPhase: Math.pow((MEMORY_ALARM_PERCENT - 52) / 40, 1 / 1.3),
});

export const NODE_DISK = sawtooth({
  kind: 'node-disk-pressure',
  title: 'EKS node disk filling',
  description: 'Container images and logs fill one node’s disk past 80 % before image garbage collection runs.',
  services: [],
  alarms: ['eks-node-disk-high'],
  cycleSec: 12 * DAY,
  alarmPhase: (DISK_ALARM_PERCENT - 45) / 38,
});

export const RDS_STORAGE = sawtooth({
  kind: 'rds-storage-low',
  title: 'RDS free storage low',
  description: 'Order history grows the database by ~1.15 GiB a day; free storage drops below 50 GiB for about a week before storage is increased.',
  services: ['order-service'],
  alarms: ['rds-free-storage-low'],
  cycleSec: 120 * DAY,
  alarmPhase: (180 - RDS_FREE_ALARM_GIB) / 138,
});

export const SAWTOOTHS: readonly SawtoothSpec[] = [MEMORY_LEAK, NODE_DISK, RDS_STORAGE];

function sawtoothOffset(seed32: number, spec: SawtoothSpec): number {
  return Math.floor(uniform(seed32, spec.stream, 0) * spec.cycleSec);
}

/** Phase in [0, 1) of a sawtooth trend at `sec`. `seed32` is `seedKey(seed)`. */
export function sawtoothPhase(seed32: number, spec: SawtoothSpec, sec: number): number {
  const x = (sec - sawtoothOffset(seed32, spec)) / spec.cycleSec;
  return x - Math.floor(x);
}

// --- listing ---

/** Every scripted episode overlapping [fromSec, toSec), ordered by start. */
export function incidentsBetween(seed: number, fromSec: number, toSec: number): Incident[] {
  if (!Number.isFinite(seed)) throw new TypeError(`incidentsBetween: seed must be a finite number, got ${seed}`);
  if (!Number.isFinite(fromSec) || !Number.isFinite(toSec)) throw new TypeError('incidentsBetween: fromSec and toSec must be finite epoch seconds');
  if (toSec <= fromSec) return [];
  const seed32 = seedKey(seed);
  const out: Incident[] = [];
  for (const spec of RECURRING) {
    const dur = durationSec(spec);
    const firstDay = Math.floor(newYorkLocal(fromSec) / DAY) - 1;
    let k = Math.floor((firstDay - phaseDay(seed32, spec)) / spec.cycleDays) - 1;
    for (;;) {
      const start = occurrenceStart(seed32, spec, k);
      if (start >= toSec) break;
      if (start + dur > fromSec) {
        out.push({ id: `${spec.kind}#${k}`, kind: spec.kind, title: spec.title, description: spec.description, services: spec.services, alarms: spec.alarms, startSec: start, endSec: start + dur });
      }
      k++;
    }
  }
  for (const spec of SAWTOOTHS) {
    const offset = sawtoothOffset(seed32, spec);
    let n = Math.floor((fromSec - offset) / spec.cycleSec) - 1;
    for (;;) {
      const cycleStart = offset + n * spec.cycleSec;
      const start = cycleStart + Math.ceil((spec.alarmPhase * spec.cycleSec) / 60) * 60;
      const end = cycleStart + spec.cycleSec;
      if (start >= toSec) break;
      if (end > fromSec) {
        out.push({ id: `${spec.kind}#${n}`, kind: spec.kind, title: spec.title, description: spec.description, services: spec.services, alarms: spec.alarms, startSec: start, endSec: end });
      }
      n++;
    }
  }
  return out.sort((a, b) => a.startSec - b.startSec || a.kind.localeCompare(b.kind));
}

// What the charts mark on their time axis: alarm state changes (from the cached alarm
// history) and incident milestones (from the journal), in time order, bounded.
import type { MetricAnnotation } from '@shared/contract/metrics';

export interface AlarmChange {
  alarmName: string;
  at: number;
  from: string | null;
  to: string;
  summary: string;
}

export interface IncidentMarks {
  id: string;
  title: string;
  severity: string;
  milestones: Partial<Record<string, number>>;
}

const GOOD_MILESTONES = new Set(['mitigated', 'resolved', 'reviewed']);
const BAD_MILESTONES = new Set(['started', 'detected']);

/**
 * Annotations in [from, to): an alarm going into ALARM or leaving it (INSUFFICIENT_DATA
 * flicker is not an event an engineer looks for on a chart) and every incident milestone.
 * When there are more than `max`, the newest are kept and the rest counted.
 */
export function buildAnnotations(alarms: readonly AlarmChange[], incidents: readonly IncidentMarks[], from: number, to: number, max: number): { annotations: MetricAnnotation[]; omitted: number } {
  const all: MetricAnnotation[] = [];
  for (const a of alarms) {
    if (a.at < from || a.at >= to) continue;
    const into = a.to === 'ALARM';
    const outOf = a.from === 'ALARM' && a.to !== 'ALARM';
    if (!into && !outOf) continue;
    all.push({
      at: a.at,
      kind: 'alarm',
      label: `${into ? 'ALARM' : a.to} ${a.alarmName}`.slice(0, 200),
      detail: (a.summary || `${a.alarmName}: ${a.from ?? '—'} → ${a.to}`).slice(0, 1000),
      tone: into ? 'bad' : 'ok',
    });
  }
  for (const inc of incidents) {
    for (const [milestone, at] of Object.entries(inc.milestones)) {
      if (at === undefined || at < from || at >= to) continue;
      all.push({
        at,
        kind: 'incident',
        label: `${inc.severity} ${milestone}`,
        detail: `${inc.title}: ${milestone}`.slice(0, 1000),
        tone: BAD_MILESTONES.has(milestone) ? 'bad' : GOOD_MILESTONES.has(milestone) ? 'ok' : 'info',
      });
    }
  }
  all.sort((a, b) => a.at - b.at || a.label.localeCompare(b.label));
  const omitted = Math.max(0, all.length - max);
  return { annotations: all.slice(omitted), omitted };
}

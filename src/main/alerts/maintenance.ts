// Maintenance plans: the seeds' built-in window plus those in the journal, the windows in
// force now, and each plan's shape on the Maintenance tab (its next windows, DST included).
import { ScheduledMaintenance as ScheduledMaintenanceSchema, type MaintenanceOut, type ScheduledMaintenance } from '@shared/contract/alerts';
import { formatMatcher } from '@shared/lib/matchers';
import { SEEDS_MAINTENANCE, activeWindow, formatMaintenanceRule, nextWindow, type MaintenanceWindow } from '../domain/alerts/maintenance';
import type { AlertJournal } from '../store/alert-journal';

export interface PlanView {
  plan: ScheduledMaintenance;
  builtIn: boolean;
  author: string | null;
  createdAt: number | null;
  retired: { at: number; by: string } | null;
}

export function loadPlans(journal: AlertJournal, notices: string[]): PlanView[] {
  const retired = journal.retirements();
  const views: PlanView[] = [
    { plan: SEEDS_MAINTENANCE, builtIn: true, author: null, createdAt: null, retired: retired.get(SEEDS_MAINTENANCE.id) ?? null },
  ];
  for (const row of journal.plans()) {
    const parsed = ScheduledMaintenanceSchema.safeParse({ id: row.id, title: row.title, rule: row.rule, matchers: row.matchers });
    if (!parsed.success) {
      notices.push(`Maintenance plan "${row.title}" by ${row.author} cannot be read by this version; it is ignored.`);
      continue;
    }
    views.push({ plan: parsed.data, builtIn: false, author: row.author, createdAt: row.createdAt, retired: retired.get(row.id) ?? null });
  }
  return views;
}

/**
 * Plans in force at `now`, each reduced to its current window as a one-off rule: the queue
 * checks every alert against them, and a fixed window costs no calendar arithmetic.
 */
export function activePlans(plans: readonly PlanView[], now: number): ScheduledMaintenance[] {
  const out: ScheduledMaintenance[] = [];
  for (const view of plans) {
    if (view.retired && view.retired.at <= now) continue;
    const window = activeWindow(view.plan.rule, now);
    if (window) out.push({ ...view.plan, rule: { kind: 'once', start: window.startsAt, end: window.endsAt, zone: view.plan.rule.zone } });
  }
  return out;
}

export function windowOut(w: MaintenanceWindow): MaintenanceOut['upcoming'][number] {
  return { startsAt: w.startsAt, endsAt: w.endsAt, localStart: w.localStart, localEnd: w.localEnd };
}

export function planOut(view: PlanView, now: number): MaintenanceOut {
  const retired = view.retired !== null && view.retired.at <= now;
  const upcoming: MaintenanceWindow[] = [];
  if (!retired) {
    let from = now;
    for (let i = 0; i < 3; i++) {
      const next = nextWindow(view.plan.rule, from);
      if (!next) break;
      upcoming.push(next);
      from = next.startsAt;
    }
  }
  const active = retired ? null : activeWindow(view.plan.rule, now);
  return {
    id: view.plan.id,
    title: view.plan.title,
    ruleText: formatMaintenanceRule(view.plan.rule),
    zone: view.plan.rule.zone,
    matchersText: view.plan.matchers.length > 0 ? view.plan.matchers.map(formatMatcher).join(', ') : 'every alert',
    builtIn: view.builtIn,
    author: view.author,
    createdAt: view.createdAt,
    retiredAt: view.retired?.at ?? null,
    retiredBy: view.retired?.by ?? null,
    active: active ? windowOut(active) : null,
    upcoming: upcoming.map(windowOut),
  };
}

// Alert handlers: dispatch() has validated the input against the contract; each handler
// calls the alert service and shapes the answer.
import type { AlertQueue, LocalState, alertApi } from '@shared/contract/alerts';
import type { Handlers } from '../api/dispatch';
import type { ApiContext } from '../api/context';
import { RESOLVED_KEPT_MS, type Built } from './queue';
import { AlertService } from './service';

export function alertHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof alertApi> {
  const alerts = new AlertService(ctx);
  // One answer per build, frozen: dispatch() validates a frozen answer once, not per request.
  const answers = new WeakMap<Built, AlertQueue>();
  return {
    alertQueue: async () => {
      const built = await alerts.queue();
      const known = answers.get(built);
      if (known) return known;
      const counts: Record<LocalState, number> = { firing: 0, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 0 };
      for (const g of built.groups) counts[g.row.state] += 1;
      const answer: AlertQueue = Object.freeze({
        generatedAt: built.now,
        me: alerts.me,
        groupBy: built.settings.settings.groupBy,
        groups: built.groups.map((g) => g.row),
        counts,
        alarmsAsOf: built.alarmsAsOf,
        resolvedKeptMs: RESOLVED_KEPT_MS,
        notices: built.notices,
      });
      answers.set(built, answer);
      return answer;
    },
    alertDetail: ({ key }) => alerts.detail(key),
    alertAction: (input) => alerts.act(input),
    alertSilences: () => alerts.silences(),
    createSilence: (spec) => alerts.createSilence(spec),
    expireSilence: ({ id, author }) => {
      alerts.expireSilence(id, author);
      return { ok: true as const };
    },
    maintenancePlans: () => alerts.plans(),
    createMaintenance: (spec) => alerts.createMaintenance(spec),
    retireMaintenance: ({ id, author }) => {
      alerts.retireMaintenance(id, author);
      return { ok: true as const };
    },
    alertSettings: () => alerts.settings(),
    saveAlertSettings: ({ author, ...settings }) => alerts.saveSettings(settings, author),
    alertFatigue: ({ days }) => alerts.fatigue(days),
  };
}

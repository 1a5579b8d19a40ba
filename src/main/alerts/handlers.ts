// Alert handlers: dispatch() has validated the input against the contract; each handler
// calls the alert service and shapes the answer.
import { randomBytes } from 'node:crypto';
import { AlertQueue, QueueGroup, type LocalState, type alertApi } from '@shared/contract/alerts';
import { queuePacker } from '@shared/contract/alertsWire';
import type { Handlers } from '../api/dispatch';
import type { ApiContext } from '../api/context';
import { prepareAnswer, preparedOf } from '../api/prepared';
import { RESOLVED_KEPT_MS, type Built } from './queue';
import { runSliced } from './steps';
import { AlertService } from './service';
import type { KeptAnswer } from './queueSnapshot';

/** The queue's answer but its rows, which are checked one by one. */
const QueueEnvelope = AlertQueue.omit({ groups: true });

/**
 * Rows as the contract gives them, checked once per row object: a build after a journal
 * write keeps the rows it did not touch (patchQueue), so only the touched ones are checked
 * and serialised again.
 */
function rowChecker(): (row: QueueGroup) => { row: QueueGroup; json: () => string } {
  const checked = new WeakMap<QueueGroup, { row: QueueGroup; json: () => string }>();
  return (row) => {
    let known = checked.get(row);
    if (!known) {
      const parsed = Object.freeze(QueueGroup.parse(row));
      let text: string | null = null;
      known = { row: parsed, json: () => (text ??= JSON.stringify(parsed)) };
      checked.set(row, known);
    }
    return known;
  };
}

/**
 * Each row checked and serialised (so the answer's bytes are only joined later), in slices:
 * 5,000 rows take a second on a loaded machine, and other calls are answered between slices.
 */
async function checkedRows(groups: Built['groups'], checkRow: ReturnType<typeof rowChecker>): Promise<ReturnType<ReturnType<typeof rowChecker>>[]> {
  const rows: ReturnType<ReturnType<typeof rowChecker>>[] = [];
  await runSliced(
    (function* () {
      for (const g of groups) {
        const row = checkRow(g.row);
        row.json();
        rows.push(row);
        yield;
      }
    })(),
  );
  return rows;
}

export function alertHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof alertApi> {
  const alerts = new AlertService(ctx);
  // One answer per version of the queue, shared by every request for it (prepared.ts): its
  // rows checked and serialised once each, its JSON assembled once, named by its ETag.
  const answers = new WeakMap<Built, AlertQueue>();
  const checkRow = rowChecker();
  const pack = queuePacker();
  const instance = randomBytes(6).toString('base64url');
  let versions = 0;
  let restored: { kept: KeptAnswer; answer: AlertQueue } | null = null;
  return {
    alertQueue: async () => {
      // After a restart with nothing changed: the last run's answer (queueSnapshot.ts), no build.
      const kept = await alerts.keptQueue();
      if (kept) {
        if (restored?.kept !== kept) {
          const answer = JSON.parse(kept.json) as AlertQueue;
          restored = { kept, answer: prepareAnswer<AlertQueue>(answer, `"queue-${instance}-kept"`, () => kept.json, () => pack(answer)) };
        }
        return restored.answer;
      }
      // Not held once the live queue answers (5,000 rows parsed are tens of MB).
      restored = null;
      const built = await alerts.queue();
      const known = answers.get(built);
      if (known) return known;
      const counts: Record<LocalState, number> = { firing: 0, acknowledged: 0, snoozed: 0, silenced: 0, 'in-maintenance': 0, resolved: 0 };
      for (const g of built.groups) counts[g.row.state] += 1;
      const rows = await checkedRows(built.groups, checkRow);
      // Another call may have prepared this version while the rows were checked.
      const prepared = answers.get(built);
      if (prepared) return prepared;
      const envelope = QueueEnvelope.parse({
        generatedAt: built.now,
        me: alerts.me,
        groupBy: built.settings.settings.groupBy,
        counts,
        alarmsAsOf: built.alarmsAsOf,
        resolvedKeptMs: RESOLVED_KEPT_MS,
        notices: built.notices,
      });
      versions += 1;
      const full: AlertQueue = { ...envelope, groups: rows.map((r) => r.row) };
      const answer = prepareAnswer<AlertQueue>(
        full,
        `"queue-${instance}-${versions}"`,
        () => {
          const head = JSON.stringify(envelope);
          return `${head.slice(0, -1)},"groups":[${rows.map((r) => r.json()).join(',')}]}`;
        },
        // The renderer's form (a quarter of the bytes), from the checked rows: a row packed once, when it is new.
        () => pack(full),
      );
      answers.set(built, answer);
      alerts.keepQueue(built, () => preparedOf(answer)!.bytes());
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

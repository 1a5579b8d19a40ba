// Alert handlers: dispatch() has validated the input against the contract; each handler
// calls the alert service and shapes the answer. The queue goes whole, or as what changed
// since the version the client says it holds (queueDelta.ts).
import { randomBytes } from 'node:crypto';
import { AlertQueue, QueueGroup, type AlertQueueDelta, type LocalState, type alertApi } from '@shared/contract/alerts';
import { packQueue, packQueueDelta, queuePacker, unpackQueue, type PackedQueue } from '@shared/contract/alertsWire';
import type { Handlers } from '../api/dispatch';
import type { ApiContext } from '../api/context';
import { prepareAnswer, preparedOf } from '../api/prepared';
import { nextTimerDueAt, queueRowsAt } from '../domain/alerts/queue';
import { RESOLVED_KEPT_MS, type Built } from './queue';
import { QUEUE_MAX_AGE_MS } from './queueCache';
import { runSliced } from './steps';
import { AlertService } from './service';
import type { KeptAnswer } from './queueSnapshot';
import { queueDelta, type VersionRows } from './queueDelta';

/** The queue's answer but its rows, which are checked one by one. */
const QueueEnvelope = AlertQueue.omit({ groups: true });

/**
 * How many recent versions a client may hold and still be sent a delta (queueDelta.ts): each
 * acknowledgement makes one, and a window that was slow to ask again (50 of them under load in
 * the alerts bench) is otherwise sent the whole queue; at 5,000 groups they hold ~2 MB.
 */
export const DELTA_VERSIONS_KEPT = 32;

/** A row as the contract gives it, its JSON, and its identity across versions (equal ids: equal JSON). */
interface CheckedRow {
  row: QueueGroup;
  json: string;
  id: number;
}

/**
 * Rows as the contract gives them, checked once per row object: a build after a journal
 * write keeps the rows it did not touch (patchQueue), so only the touched ones are checked
 * and serialised again. A row of a full build whose JSON is that of the row with its key in
 * the version before is that row (same object, same id): the deltas (queueDelta.ts) compare
 * ids, and the packer (alertsWire.ts) packs a row object once.
 */
function rowChecker(): { check: (row: QueueGroup) => CheckedRow; adopt: (rows: readonly CheckedRow[]) => void } {
  const checked = new WeakMap<QueueGroup, CheckedRow>();
  let previous = new Map<string, CheckedRow>();
  let ids = 0;
  return {
    check: (row) => {
      let known = checked.get(row);
      if (!known) {
        const parsed = Object.freeze(QueueGroup.parse(row));
        const json = JSON.stringify(parsed);
        const before = previous.get(parsed.key);
        known = before !== undefined && before.json === json ? before : { row: parsed, json, id: ++ids };
        checked.set(row, known);
      }
      return known;
    },
    // The version just answered: what the next one's rows are compared with.
    adopt: (rows) => {
      previous = new Map(rows.map((r) => [r.row.key, r]));
    },
  };
}

/**
 * Each row checked and serialised (so the answer's bytes are only joined later), in slices:
 * 5,000 rows take a second on a loaded machine, and other calls are answered between slices.
 */
async function checkedRows(groups: Built['groups'], checkRow: ReturnType<typeof rowChecker>['check']): Promise<CheckedRow[]> {
  const rows: CheckedRow[] = [];
  await runSliced(
    (function* () {
      for (const g of groups) {
        rows.push(checkRow(g.row));
        yield;
      }
    })(),
  );
  return rows;
}

/** The delta the answer `since` gives for a client already holding it: nothing changed. */
function unchangedDelta(full: AlertQueue): AlertQueueDelta {
  const { groups, ...envelope } = full;
  return { kind: 'delta', since: full.version, envelope, rows: [], removed: [], order: groups.length > 0 ? [0, groups.length] : [] };
}

export function alertHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof alertApi> {
  const alerts = new AlertService(ctx);
  // One answer per version of the queue, shared by every request for it (prepared.ts): its
  // rows checked and serialised once each, its JSON assembled once, named by its ETag.
  const answers = new WeakMap<Built, AlertQueue>();
  const rowsOf = rowChecker();
  const pack = queuePacker();
  const instance = randomBytes(6).toString('base64url');
  let versions = 0;
  // The last run's answer while it answers: as read, then as time moves its response timers
  // on (`retimedAt`: when it was last brought up to the clock; `nextDue`: its next timer to run out).
  let restored: { kept: KeptAnswer; answer: AlertQueue; retimedAt: number; nextDue: number | null } | null = null;
  let retimings = 0;
  // The last versions answered (oldest first), each its keys and row ids only (~60 KB for 5,000 groups).
  const recent: VersionRows[] = [];
  // Each live answer's checked rows (for the deltas to it); the answer holds the rows anyway.
  const rowsOfAnswer = new WeakMap<AlertQueue, CheckedRow[]>();
  // Answers to `since` for the newest version, by `since`: one computed answer shared by every
  // client holding that version, as the full answer is.
  let sinceAnswers: { to: AlertQueue; bySince: Map<string, AlertQueue | AlertQueueDelta> } | null = null;
  const unchanged = new WeakMap<AlertQueue, AlertQueueDelta>();

  const fullAnswer = async (): Promise<AlertQueue> => {
    // After a restart with nothing changed: the last run's answer (queueSnapshot.ts), no build.
    const kept = await alerts.keptQueue();
    if (kept) {
      if (restored?.kept !== kept) {
        const answer = unpackQueue(JSON.parse(kept.packed) as PackedQueue);
        restored = { kept, answer: prepareAnswer<AlertQueue>(answer, `"queue-${instance}-kept"`, () => JSON.stringify(answer), () => kept.packed), retimedAt: -Infinity, nextDue: nextTimerDueAt(answer.groups, kept.builtAt) };
      }
      // A response timer ran out since: statuses and order as a build now shows them (exact at
      // the first answer, then at most as often as the live queue is rebuilt, as stale as it may be).
      const now = ctx.now();
      if (restored.nextDue !== null && now > restored.nextDue && now - restored.retimedAt >= QUEUE_MAX_AGE_MS) {
        const groups = queueRowsAt(restored.answer.groups, now);
        if (groups) {
          retimings += 1;
          const version = `${instance}-kept-${retimings}`;
          const answer: AlertQueue = { ...restored.answer, version, generatedAt: now, groups };
          restored.answer = prepareAnswer<AlertQueue>(answer, `"queue-${version}"`, () => JSON.stringify(answer), () => JSON.stringify(packQueue(answer)));
        }
        restored.retimedAt = now;
        restored.nextDue = nextTimerDueAt(restored.answer.groups, now);
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
    const rows = await checkedRows(built.groups, rowsOf.check);
    // Another call may have prepared this version while the rows were checked.
    const prepared = answers.get(built);
    if (prepared) return prepared;
    versions += 1;
    const version = `${instance}-${versions}`;
    const envelope = QueueEnvelope.parse({
      version,
      generatedAt: built.now,
      me: alerts.me,
      groupBy: built.settings.settings.groupBy,
      counts,
      alarmsAsOf: built.alarmsAsOf,
      resolvedKeptMs: RESOLVED_KEPT_MS,
      notices: built.notices,
    });
    const full: AlertQueue = { ...envelope, groups: rows.map((r) => r.row) };
    const answer = prepareAnswer<AlertQueue>(
      full,
      `"queue-${version}"`,
      () => {
        const head = JSON.stringify(envelope);
        return `${head.slice(0, -1)},"groups":[${rows.map((r) => r.json).join(',')}]}`;
      },
      // The renderer's form (a quarter of the bytes), from the checked rows: a row packed once, when it is new.
      () => pack(full),
    );
    answers.set(built, answer);
    rowsOfAnswer.set(answer, rows);
    rowsOf.adopt(rows);
    recent.push({ version, keys: rows.map((r) => r.row.key), ids: Float64Array.from(rows, (r) => r.id) });
    if (recent.length > DELTA_VERSIONS_KEPT) recent.shift();
    alerts.keepQueue(built, () => preparedOf(answer)!.packed!());
    return answer;
  };

  /** `full` for a client holding `since`: what changed, or `full` itself when `since` is not held any more (or most rows changed). */
  const answerSince = (full: AlertQueue, since: string): AlertQueue | AlertQueueDelta => {
    if (since === full.version) {
      let same = unchanged.get(full);
      if (!same) {
        const delta = unchangedDelta(full);
        same = prepareAnswer(delta, `"queue-same-${full.version}"`, () => JSON.stringify(delta), () => JSON.stringify(packQueueDelta(delta)));
        unchanged.set(full, same);
      }
      return same;
    }
    const rows = rowsOfAnswer.get(full);
    const held = recent.find((v) => v.version === since);
    if (!rows || !held) return full;
    if (sinceAnswers?.to !== full) sinceAnswers = { to: full, bySince: new Map() };
    let answer = sinceAnswers.bySince.get(since);
    if (!answer) {
      const { groups: _groups, ...envelope } = full;
      const delta = queueDelta(held, { envelope, rows: rows.map((r) => r.row), ids: Float64Array.from(rows, (r) => r.id) });
      answer = delta === null ? full : prepareAnswer(delta, `"queue-${since}-to-${full.version}"`, () => JSON.stringify(delta), () => JSON.stringify(packQueueDelta(delta)));
      sinceAnswers.bySince.set(since, answer);
    }
    return answer;
  };

  return {
    alertQueue: async ({ since }) => {
      const full = await fullAnswer();
      return since === undefined ? full : answerSince(full, since);
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

// The alert service: the queue and one group's detail, actions, silences, maintenance
// plans, settings and the fatigue report, over the stores (alarm tables of cache.db, alert
// tables of journal.db). Every journal write is one transaction, validated in full by the
// contract before anything is written; dispatch() then tells every window.
import type {
  AlertActionInput,
  AlertDetail,
  AlertSettings,
  AlertSettingsOut,
  FatigueOut,
  MaintenanceOut,
  MaintenanceSpec,
  SilenceOut,
  SilenceSpec,
} from '@shared/contract/alerts';
import { dirname } from 'node:path';
import { HOUR_MS } from '@shared/lib/timeUnits';
import { NotFoundError } from '@shared/errors';
import { alarmCacheOf, type AlarmCache } from '../store/alarms';
import { alertJournalOf, type AlertJournal } from '../store/alert-journal';
import type { ApiContext } from '../api/context';
import { recordAction, type ActionResult } from './actions';
import { memberDetail, relatedSlos } from './detail';
import { fatigue } from './fatigue';
import { loadPlans, planOut } from './maintenance';
import { RESOLVED_KEPT_MS, buildQueue, currentUser, runbookLinkOf, type Built } from './queue';
import { loadSettings, settingsOut } from './settings';
import { sloBurnAlertSource } from './sources';
import { sharedQueue, type SharedQueue } from './queueCache';
import { builtFingerprint, currentFingerprint, queueSnapshot, timeValidUntil, type KeptAnswer, type QueueSnapshot } from './queueSnapshot';

export class AlertService {
  private readonly alarms: AlarmCache;
  private readonly journal: AlertJournal;
  /** Who this laptop's user is by default (the OS account), for the author field. */
  readonly me = currentUser();
  /** Built once per change and shared by concurrent requests (queueCache.ts), where the context says what changed. */
  readonly shared: SharedQueue | null;

  constructor(private readonly ctx: ApiContext) {
    this.alarms = alarmCacheOf(ctx.cache);
    this.journal = alertJournalOf(ctx.journal);
    this.shared = sharedQueue(ctx, this.alarms, this.journal);
    // Beside cache.db (a rebuilt cache's alarm tables no longer match its fingerprint).
    this.snapshot = queueSnapshot(this.shared && !ctx.cache.db.memory ? dirname(ctx.cache.db.name) : null, ctx.now);
  }

  /** The last run's answer, if it is what a build would answer now (queueSnapshot.ts); null once a live build answers. */
  private readonly snapshot: QueueSnapshot;

  async keptQueue(): Promise<KeptAnswer | null> {
    if (!this.shared) return null;
    const shared = this.shared;
    // The SLO burn alerts (the SLO worker's answer) are waited for only when the file can still serve.
    return this.snapshot.restore(async (services) => currentFingerprint(this.ctx, this.alarms, this.journal, this.me, await shared.burn(), services));
  }

  /** `packed`, the answer to `built` in its packed form, kept for the next start. */
  keepQueue(built: Built, packed: () => Buffer): void {
    const side = this.shared?.sideOf(built);
    if (!side) return;
    this.snapshot.keep(builtFingerprint(this.me, built, side), { builtAt: built.now, validUntil: timeValidUntil(built), alarmServices: side.alarmServices }, packed);
  }

  /**
   * The queue as of now; the SLO source is evaluated first (off-thread in the app). `fresh`:
   * with every journal write in it, for reading back a write before its push has told the shared queue.
   */
  async queue(fresh = false): Promise<Built> {
    this.snapshot.live();
    // The shared queue folds in what the journal holds now, announced or not.
    if (this.shared) return this.shared.get(fresh);
    return buildQueue(this.ctx, this.alarms, this.journal, await sloBurnAlertSource(this.ctx, this.ctx.now()));
  }

  async detail(key: string): Promise<AlertDetail> {
    const { ctx, alarms, journal } = this;
    const built = await this.queue();
    const found = built.groups.find((g) => g.row.key === key);
    if (!found) throw new NotFoundError(`no alert group ${JSON.stringify(key)} in the queue (it may have resolved more than ${RESOLVED_KEPT_MS / HOUR_MS} h ago)`);
    const members = found.group.members;
    const allOccurrences = alarms.occurrencesOfAlerts(members.map((m) => m.alert.id));
    // Newest first; the journal returns them in the order written.
    const actions = journal.actionsFor(allOccurrences.map((o) => o.key)).reverse();
    const services = new Set(members.flatMap((m) => (m.service ? [m.service] : [])));
    const related = await relatedSlos(ctx, services, built.now);
    return {
      generatedAt: built.now,
      group: found.row,
      members: members.map((m) => memberDetail(ctx, alarms, m, m.occurrence.resolvedAt === null ? m.status.state : 'resolved', m.decisionText, m.occurrence, runbookLinkOf(m), built.now)),
      actions: actions.map((a) => ({ id: a.id, batchId: a.batchId, kind: a.kind, occurrenceKey: a.occurrenceKey, author: a.author, at: a.createdAt, note: a.note, assignee: a.assignee, until: a.until })),
      relatedSlos: related.slos,
      relatedSlosNote: related.note,
    };
  }

  act(input: AlertActionInput): ActionResult {
    return recordAction(this.alarms, this.journal, input, this.ctx.now());
  }

  /** Active first, then pending, then expired; newest first within each. */
  async silences(): Promise<SilenceOut[]> {
    const built = await this.queue();
    const order: Record<SilenceOut['status'], number> = { active: 0, pending: 1, expired: 2 };
    return built.silences.map((s) => s.row).sort((a, b) => order[a.status] - order[b.status] || b.createdAt - a.createdAt);
  }

  async createSilence(spec: SilenceSpec): Promise<SilenceOut> {
    const row = this.journal.addSilence({ matchers: spec.matchers, startsAt: spec.startsAt, endsAt: spec.endsAt, reason: spec.reason, author: spec.author }, this.ctx.now());
    const built = await this.queue(true);
    const view = built.silences.find((s) => s.row.id === row.id);
    if (!view) throw new Error('the silence was saved but could not be read back');
    return view.row;
  }

  expireSilence(id: string, author: string): void {
    const at = this.ctx.now();
    const existing = this.journal.silences().find((s) => s.id === id);
    if (!existing) throw new NotFoundError(`no silence with id ${JSON.stringify(id)}`);
    const endsAt = existing.expiredAt !== null ? Math.min(existing.endsAt, existing.expiredAt) : existing.endsAt;
    // Ending an ended silence is a no-op: nothing to write, nothing to undo.
    if (endsAt > at) this.journal.expireSilence(id, author, at);
  }

  plans(): MaintenanceOut[] {
    const now = this.ctx.now();
    return loadPlans(this.journal, []).map((p) => planOut(p, now));
  }

  createMaintenance(spec: MaintenanceSpec): MaintenanceOut {
    const at = this.ctx.now();
    const row = this.journal.addPlan({ title: spec.title, rule: spec.rule, matchers: spec.matchers, author: spec.author }, at);
    return planOut({ plan: { id: row.id, title: spec.title, rule: spec.rule, matchers: spec.matchers }, builtIn: false, author: row.author, createdAt: at, retired: null }, at);
  }

  retireMaintenance(id: string, author: string): void {
    const plan = loadPlans(this.journal, []).find((p) => p.plan.id === id);
    if (!plan) throw new NotFoundError(`no maintenance plan with id ${JSON.stringify(id)}`);
    if (!plan.retired) this.journal.retirePlan(id, author, this.ctx.now());
  }

  settings(): AlertSettingsOut {
    return settingsOut(loadSettings(this.journal));
  }

  saveSettings(settings: AlertSettings, author: string): AlertSettingsOut {
    const body: AlertSettings = { severityPolicy: settings.severityPolicy, groupBy: settings.groupBy, runbooks: settings.runbooks };
    const row = this.journal.saveSettings(body, author, this.ctx.now());
    return settingsOut({ settings: body, updatedBy: row.author, updatedAt: row.createdAt, notice: null });
  }

  fatigue(days: number): FatigueOut {
    return fatigue(this.ctx, this.alarms, this.journal, days);
  }
}

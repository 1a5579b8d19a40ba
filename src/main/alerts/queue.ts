// The alert queue: upstream alerts with their newest occurrence, the journal's actions,
// silences and maintenance folded into the local state, grouped and sorted worst first.
import { userInfo } from 'node:os';
import type { AlertSettings, GroupField, LocalState, QueueGroup, Severity, Silence } from '@shared/contract/alerts';
import { allMatch } from '@shared/lib/matchers';
import { globToRegex } from '@shared/lib/regex';
import { safeHttpUrl } from '@shared/lib/safeUrl';
import { HOUR_MS } from '@shared/lib/timeUnits';
import { effectiveAlertState, sortQueueRows, type AlertStatus, type JournalAction } from '../domain/alerts/queue';
import { groupAlerts, runbookLink, tagValue, type AlertGroup, type SeverityDecision, type UpstreamAlert } from '../domain/alerts/model';
import { nextInstantPast, storedOccurrenceAt, upstreamStateAt } from '../domain/alerts/occurrences';
import { responseTimer, RESPONSE_TARGET_LABEL } from '../domain/alerts/timers';
import type { AlarmCache, StoredOccurrence } from '../store/alarms';
import type { ActionRow, ActionsMark, AlertJournal } from '../store/alert-journal';
import type { ApiContext } from '../api/context';
import { activePlans, loadPlans, type PlanView } from './maintenance';
import { loadSettings, type EffectiveSettings } from './settings';
import { loadSilences, type SilenceView } from './silences';
import { cloudwatchEntries, sloEntries, type BurnSource, type Entry } from './sources';
import { backupEntries } from './backupSource';
import { BUILD_SLICE_MS, drain, runSliced, type Steps } from './steps';

/** Resolved groups stay in the queue this long, so the on-call sees what just cleared. */
export const RESOLVED_KEPT_MS = 24 * HOUR_MS;

/** An alert in the queue: its upstream fields (what grouping and matchers read) plus the local view. */
export type Member = Entry &
  UpstreamAlert & { severity: Severity } & {
  occurrence: StoredOccurrence;
  status: AlertStatus;
  /** How the severity was decided, in words. */
  decisionText: string;
  /** A runbook link from the settings, for alarms whose description and tags have none. */
  configuredRunbook: string | null;
};

export interface Built {
  now: number;
  settings: EffectiveSettings;
  entries: Entry[];
  groups: { group: AlertGroup<Member>; row: QueueGroup; firstAcknowledgedAt: number | null }[];
  silences: SilenceView[];
  plans: PlanView[];
  notices: string[];
  alarmsAsOf: number | null;
  /** What it was built from (patchQueue folds journal writes into it). */
  basis: QueueBasis;
}

export function configuredRunbook(settings: AlertSettings, name: string): string | null {
  for (const rule of settings.runbooks) if (globToRegex(rule.name).test(name)) return safeHttpUrl(rule.url);
  return null;
}

export function severityReason(decision: SeverityDecision, alert: UpstreamAlert, policyDefault: Severity): string {
  const ignored = decision.ignoredSeverityTag !== undefined ? ` (severity tag ${JSON.stringify(decision.ignoredSeverityTag)} not understood)` : '';
  if (decision.decidedBy === 'tag') return `severity tag ${JSON.stringify(tagValue(alert.tags, 'severity') ?? '')}`;
  if (decision.decidedBy === 'default') return `no tag or rule matched: default ${policyDefault}${ignored}`;
  if ('sourceRule' in decision.decidedBy) return decision.decidedBy.description;
  return `rule ${decision.decidedBy.rule + 1}: ${decision.decidedBy.description}${ignored}`;
}

export function toJournalActions(rows: readonly ActionRow[]): JournalAction[] {
  return rows.flatMap((r): JournalAction[] => {
    const base = { occurrenceKey: r.occurrenceKey, at: r.createdAt, author: r.author };
    switch (r.kind) {
      case 'ack':
      case 'unack':
      case 'unsnooze':
        return [{ kind: r.kind, ...base }];
      case 'assign':
        return [{ kind: 'assign', ...base, assignee: r.assignee && r.assignee.trim() ? r.assignee : null }];
      case 'snooze':
        return r.until !== null && r.until > r.createdAt ? [{ kind: 'snooze', ...base, until: r.until }] : [];
      case 'note':
        return [];
    }
  });
}

/** Which open member speaks for the group: the one needing a human most, then the oldest. */
const STATE_PRIORITY: Record<LocalState, number> = { firing: 0, acknowledged: 1, snoozed: 2, silenced: 3, 'in-maintenance': 4, resolved: 5 };

export function timerOf(severity: Severity, firedAt: number, acknowledgedAt: number | null, now: number): QueueGroup['timer'] {
  const t = responseTimer(severity, firedAt, acknowledgedAt, now);
  // Not dueAt − now while unacknowledged: a row would then change at every build (see ResponseTimerOut).
  return { dueAt: t.dueAt, targetMs: t.targetMs, targetLabel: RESPONSE_TARGET_LABEL[severity], remainingMs: acknowledgedAt === null ? null : t.remainingMs, status: t.status };
}

export function noteOf(row: ActionRow): QueueGroup['lastNote'] {
  return row.note ? { id: row.id, author: row.author, at: row.createdAt, body: row.note, kind: row.kind } : null;
}

export function groupRow(group: AlertGroup<Member>, actionsByKey: Map<string, ActionRow[]>, silences: Map<string, Silence>, now: number): { row: QueueGroup; firstAcknowledgedAt: number | null } {
  const open = group.members.filter((m) => m.occurrence.resolvedAt === null);
  const candidates = open.length > 0 ? open : group.members;
  const primary = [...candidates].sort(
    (a, b) => STATE_PRIORITY[a.status.state] - STATE_PRIORITY[b.status.state] || a.occurrence.firedAt - b.occurrence.firedAt,
  )[0]!;
  const severity = group.severity ?? primary.alert.severity;
  const state: LocalState = open.length > 0 ? primary.status.state : 'resolved';
  const occurrenceKeys = open.length > 0 ? open.map((m) => m.occurrence.key) : group.members.map((m) => m.occurrence.key);
  const actions = occurrenceKeys.flatMap((k) => actionsByKey.get(k) ?? []);
  let lastAction: ActionRow | null = null;
  let lastNote: ActionRow | null = null;
  for (const a of actions) {
    if (!lastAction || a.createdAt >= lastAction.createdAt) lastAction = a;
    if (a.note && (!lastNote || a.createdAt >= lastNote.createdAt)) lastNote = a;
  }
  const firstAck = primary.status.firstAcknowledgedAt;
  const silence = primary.status.silenceId ? silences.get(primary.status.silenceId) : undefined;
  const resolvedAt = open.length > 0 ? null : Math.max(...group.members.map((m) => m.occurrence.resolvedAt ?? 0));
  const snoozed = open.flatMap((m) => (m.status.snoozedUntil !== null ? [m.status.snoozedUntil] : []));
  const bySeverity = group.members.find((m) => m.alert.severity === severity) ?? primary;
  let runbook = runbookLinkOf(primary);
  for (const m of group.members) runbook ??= runbookLinkOf(m);
  const row: QueueGroup = {
    key: group.key,
    title: primary.alert.title,
    name: primary.alert.name,
    labels: group.labels,
    source: primary.alert.source,
    service: primary.alert.service ?? null,
    namespace: primary.alert.namespace ?? null,
    tags: primary.alert.tags,
    severity,
    severityDecidedBy: bySeverity.decision.decidedBy,
    severityReason: bySeverity.decisionText,
    state,
    upstreamState: group.state,
    count: group.count,
    firingCount: open.length,
    firedAt: primary.occurrence.firedAt,
    resolvedAt,
    lastChangeAt: Math.max(group.lastChangeAt, ...group.members.map((m) => m.occurrence.resolvedAt ?? m.occurrence.firedAt), lastAction?.createdAt ?? 0),
    timer: state === 'resolved' && firstAck === null ? null : timerOf(severity, primary.occurrence.firedAt, firstAck, now),
    // Resolution ends the acknowledgement (the detail's action log still says who and when).
    acknowledgement: state === 'resolved' ? null : primary.status.acknowledgement,
    assignee: primary.status.assignee ?? open.map((m) => m.status.assignee).find((a) => a !== null) ?? null,
    snoozedUntil: state === 'snoozed' && snoozed.length > 0 ? Math.min(...snoozed) : null,
    silence: state === 'silenced' && silence ? { id: silence.id, endsAt: silence.endsAt, reason: silence.reason } : null,
    maintenance: state === 'in-maintenance' ? primary.status.maintenance : null,
    notify: open.some((m) => m.status.notify),
    runbookUrl: runbook,
    occurrenceKeys,
    lastNote: lastNote ? noteOf(lastNote) : null,
  };
  return { row, firstAcknowledgedAt: firstAck };
}

export function runbookLinkOf(m: Member): string | null {
  return runbookLink(m.alert) ?? m.configuredRunbook;
}

export function latestAlarmsAsOf(ctx: ApiContext): number | null {
  let newest: number | null = null;
  for (const sourceId of ctx.sourceIds) {
    const asOf = ctx.cache.sourceState(sourceId)?.alarmsAsOf ?? null;
    if (asOf !== null && (newest === null || asOf > newest)) newest = asOf;
  }
  return newest;
}

/** How the CloudWatch entries are read: from the cache, or a memo of that (queueCache.ts); steps to read them in slices. */
export type CloudwatchEntriesOf = (...args: Parameters<typeof cloudwatchEntries>) => Entry[] | Generator<void, Entry[], void>;

/** What the journal says beside the actions: settings, silences, maintenance plans (small tables). */
export interface JournalSide {
  settings: EffectiveSettings;
  silences: SilenceView[];
  plans: PlanView[];
  notices: string[];
  /** The rows these were read from: equal text, equal queue rules. */
  settingsText: string;
  rulesText: string;
}

export function loadJournalSide(journal: AlertJournal, now: number): JournalSide {
  const notices: string[] = [];
  const settings = loadSettings(journal);
  if (settings.notice) notices.push(settings.notice);
  const silences = loadSilences(journal, now, notices);
  const plans = loadPlans(journal, notices);
  return {
    settings,
    silences,
    plans,
    notices,
    settingsText: JSON.stringify(journal.latestSettings()),
    rulesText: JSON.stringify([journal.silences(), journal.plans(), [...journal.retirements()]]),
  };
}

/** What a build read, kept so that a journal write can be folded in without reading it again (patchQueue). */
export interface QueueBasis {
  /** The alerts in the queue with their newest occurrence, as read by the full build. */
  live: (Entry & { occurrence: StoredOccurrence })[];
  actionsByKey: Map<string, ActionRow[]>;
  /** Where the action table stood when actionsByKey was read. */
  mark: ActionsMark;
  journal: JournalSide;
  /** Notices from the alert sources (SLO evaluation, backups), after the journal's. */
  sourceNotices: string[];
  alarmsAsOf: number | null;
  /**
   * The first instant past the build's clock at which a row a later clock wrote (a run at a later
   * --demo-clock on the same data) starts or ends an occurrence: the build no longer shows the
   * queue from then on (null: no such row).
   */
  nextRecordedAt: number | null;
}


/** The queue as of now; `burn` is the SLO source, fetched first (it is evaluated off-thread). */
export function buildQueue(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal, burn: BurnSource, entriesOf: CloudwatchEntriesOf = cloudwatchEntries): Built {
  return drain(buildSteps(ctx, alarms, journal, burn, entriesOf));
}

/** buildQueue handing the thread to other calls every `sliceMs` (a 5,000-group build takes seconds under load). */
export function buildQueueSliced(
  ctx: ApiContext,
  alarms: AlarmCache,
  journal: AlertJournal,
  burn: BurnSource,
  entriesOf: CloudwatchEntriesOf = cloudwatchEntries,
  sliceMs = BUILD_SLICE_MS,
): Promise<Built> {
  return runSliced(buildSteps(ctx, alarms, journal, burn, entriesOf), sliceMs);
}

/** Occurrence rows read per step of a build. */
const OCCURRENCE_PAGE_ROWS = 1_000;

function* buildSteps(ctx: ApiContext, alarms: AlarmCache, journal: AlertJournal, burn: BurnSource, entriesOf: CloudwatchEntriesOf): Steps<Built> {
  let entries: Entry[];
  let occurrences: StoredOccurrence[];
  let sourceNotices: string[];
  let now: number;
  let side: ReturnType<typeof loadJournalSide>;
  let nextRecordedAt: number | null = null;
  for (;;) {
    const rules = loadJournalSide(journal, ctx.now());
    yield;
    const read = entriesOf(ctx, alarms, rules.settings.settings);
    const cloudwatch = Array.isArray(read) ? read : yield* read;
    yield;
    const readAt = ctx.now();
    sourceNotices = [];
    const alarmServices = [...new Set(cloudwatch.flatMap((e) => (e.alert.service ? [e.alert.service] : [])))];
    entries = [...cloudwatch, ...sloEntries(burn, alarms, readAt, sourceNotices, alarmServices), ...backupEntries(ctx, alarms, rules.settings.settings, readAt, sourceNotices)];
    yield;
    // In the queue: alerts whose newest occurrence is open, or resolved within RESOLVED_KEPT_MS
    // (a page at a time: read at once, 5,000 of them were the build's longest step). Each row as
    // it stood at the clock: a row a later clock wrote neither starts nor ends anything past it.
    const newest = new Map<string, StoredOccurrence>();
    nextRecordedAt = null;
    const asOfRead = (o: StoredOccurrence): StoredOccurrence | null => {
      const next = nextInstantPast(o, readAt);
      if (next !== null && (nextRecordedAt === null || next < nextRecordedAt)) nextRecordedAt = next;
      return storedOccurrenceAt(o, readAt);
    };
    for (let after: number | null = 0; after !== null; yield) after = alarms.liveOccurrencesPage(newest, readAt - RESOLVED_KEPT_MS, after, OCCURRENCE_PAGE_ROWS, asOfRead);
    occurrences = [...newest.values()];
    // The build is as of the moment it reads the journal (below, with no yield before it), not
    // its start: a sliced build hands the thread to other calls for seconds, and an
    // acknowledgement written meanwhile is dated after a start-time `now` — the fold ignores
    // actions "from the future" while the action mark already counts it, so no patch would
    // bring it in before the next full build.
    now = ctx.now();
    side = loadJournalSide(journal, now);
    // The severity rules changed while the alarms were read (a settings save): read them again.
    if (side.settingsText === rules.settingsText) break;
  }
  // Read a moment before `now`: an occurrence that aged out of the queue since is left out.
  const latest = new Map(occurrences.filter((o) => o.resolvedAt === null || o.resolvedAt >= now - RESOLVED_KEPT_MS).map((o) => [o.alertId, o]));
  for (const e of entries) {
    e.occurrence = latest.get(e.alert.id) ?? null;
    // The alarm table too may be a later clock's (offline no read replaces it): its state as of now.
    if (e.occurrence && e.alert.stateSince > now) {
      if (nextRecordedAt === null || e.alert.stateSince < nextRecordedAt) nextRecordedAt = e.alert.stateSince;
      e.alert = upstreamStateAt(e.alert, e.occurrence, now);
    }
  }
  const live = entries.filter((e): e is Entry & { occurrence: StoredOccurrence } => e.occurrence !== null);
  const { rows: actionRows, mark } = journal.actionsForWithMark(live.map((e) => e.occurrence.key));
  const actionsByKey = new Map<string, ActionRow[]>();
  for (const a of actionRows) {
    const list = actionsByKey.get(a.occurrenceKey);
    if (list) list.push(a);
    else actionsByKey.set(a.occurrenceKey, [a]);
  }
  yield;
  return yield* foldSteps(now, entries, { live, actionsByKey, mark, journal: side, sourceNotices, alarmsAsOf: latestAlarmsAsOf(ctx), nextRecordedAt });
}

/**
 * The queue from what was read: each member's effective state, the groups, their rows and the
 * order. With `reuse`, members, groups and rows of `reuse.previous` whose occurrences are not in
 * `reuse.changedKeys` are taken as they are (the journal's rules and the alerts are the same).
 */
function foldQueue(now: number, entries: Entry[], basis: QueueBasis, reuse?: { previous: Built; changedKeys: ReadonlySet<string> }): Built {
  return drain(foldSteps(now, entries, basis, reuse));
}

function* foldSteps(now: number, entries: Entry[], basis: QueueBasis, reuse?: { previous: Built; changedKeys: ReadonlySet<string> }): Steps<Built> {
  const { live, actionsByKey, journal: side } = basis;
  const { settings, silences, plans } = side;
  const inForce = activePlans(plans, now);
  const policy = settings.settings.severityPolicy;
  const activeSilences = silences.filter((s) => s.row.status === 'active').map((s) => s.silence);
  const memberOf = (e: Entry & { occurrence: StoredOccurrence }): Member => {
    const status = effectiveAlertState({
      alert: e.alert,
      occurrence: e.occurrence,
      actions: toJournalActions(actionsByKey.get(e.occurrence.key) ?? []),
      silences: activeSilences,
      maintenance: inForce,
      now,
    });
    return { ...e.alert, ...e, status, decisionText: severityReason(e.decision, e.alert, policy.default), configuredRunbook: configuredRunbook(settings.settings, e.alert.name) };
  };
  const silenceById = new Map(silences.map((s) => [s.silence.id, s.silence]));
  let grouped: Built['groups'];
  if (reuse) {
    const { changedKeys } = reuse;
    grouped = reuse.previous.groups.map((g) => {
      if (!g.group.members.some((m) => changedKeys.has(m.occurrence.key))) return g;
      const group = { ...g.group, members: g.group.members.map((m) => (changedKeys.has(m.occurrence.key) ? memberOf(m) : m)) };
      return { group, ...groupRow(group, actionsByKey, silenceById, now) };
    });
  } else {
    const members: Member[] = [];
    for (const e of live) {
      members.push(memberOf(e));
      yield;
    }
    const groupsOf = groupAlerts(members, settings.settings.groupBy as GroupField[]);
    yield;
    grouped = [];
    for (const group of groupsOf) {
      grouped.push({ group, ...groupRow(group, actionsByKey, silenceById, now) });
      yield;
    }
  }
  const groups = sortQueueRows(
    grouped,
    (g) => g.row,
    (g) => g.firstAcknowledgedAt,
    now,
  );
  yield;

  // Which groups a silence matches depends on the alerts and the matchers only, not on anyone's actions.
  if (!reuse) {
    for (const view of silences) {
      view.row.matchingGroups = groups.filter((g) => g.group.members.some((m) => allMatch(view.silence.matchers, m.alert))).length;
      yield;
    }
  }
  return { now, settings, entries, groups, silences, plans, notices: [...side.notices, ...basis.sourceNotices], alarmsAsOf: basis.alarmsAsOf, basis };
}

/**
 * `previous` with what was written to the journal since it was built, as a full build would
 * show it at `now`: new actions re-fold only the groups holding their occurrences; changed
 * silences or maintenance plans re-fold every member (without reading the alerts again).
 * Returns `previous` itself when nothing it shows changed, and null when only a full build
 * can say (the alert settings changed, the action table changed other than by appending, or the
 * clock reached an occurrence's start or end that a later clock recorded).
 *
 * Time-dependent figures of the groups it keeps (the response timer's running/overdue status)
 * stay as of `previous.now`, as they do while a cached build is served; the renderer compares
 * dueAt with its own clock.
 */
export function patchQueue(previous: Built, journal: AlertJournal, now: number): Built | null {
  const basis = previous.basis;
  // A row from a later clock starts or ends an occurrence by now: only a full build reads it so.
  if (basis.nextRecordedAt !== null && now >= basis.nextRecordedAt) return null;
  const { rows, mark } = journal.actionsAfter(basis.mark);
  if (mark.count !== basis.mark.count + rows.length) return null;
  const side = loadJournalSide(journal, now);
  if (side.settingsText !== basis.journal.settingsText) return null;
  const liveKeys = new Set(basis.live.map((e) => e.occurrence.key));
  const actionsByKey = new Map(basis.actionsByKey);
  const changedKeys = new Set<string>();
  for (const a of rows) {
    if (!liveKeys.has(a.occurrenceKey)) continue;
    if (!changedKeys.has(a.occurrenceKey)) {
      changedKeys.add(a.occurrenceKey);
      actionsByKey.set(a.occurrenceKey, [...(actionsByKey.get(a.occurrenceKey) ?? [])]);
    }
    actionsByKey.get(a.occurrenceKey)!.push(a);
  }
  // Read order is (created_at, rowid); appended rows have the larger rowids, so a stable sort by time restores it.
  for (const key of changedKeys) actionsByKey.get(key)!.sort((a, b) => a.createdAt - b.createdAt);
  const rulesChanged = side.rulesText !== basis.journal.rulesText;
  if (!rulesChanged && changedKeys.size === 0) {
    basis.mark = mark;
    return previous;
  }
  // The entries are not read again: a shallow copy each, as a full build over the same alerts would hold.
  const next: QueueBasis = { ...basis, actionsByKey, mark, journal: rulesChanged ? side : basis.journal };
  return foldQueue(now, previous.entries, next, rulesChanged ? undefined : { previous, changedKeys });
}

export function currentUser(): string {
  try {
    return userInfo().username || 'on-call';
  } catch {
    return 'on-call';
  }
}

// The incident service: reads journal.db (what people wrote) and cache.db (what the sources
// said), calls the domain, and writes new journal rows. Everything works offline: the
// timeline is rebuilt from the cache, never from AWS.
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { z } from 'zod';
import type { IncidentDetail, IncidentImpact, IncidentKpis, IncidentList, IncidentMetrics, IncidentSummary, IncidentTimeline } from '../../shared/contract/incidents';
import { lttb } from '../domain/downsample';
import { BadInputError, NotFoundError } from '../../shared/errors';
import { kpiReport, KPI_TARGETS, type KpiKey } from '../domain/incidents/kpis';
import {
  MILESTONES,
  MILESTONE_LABEL,
  MilestoneOrderError,
  PHASE_LABEL,
  compareForList,
  editMilestone,
  foldIncident,
  isOpen,
  phaseOf,
  statusReminder,
  type Incident,
  type Milestone,
  type Role,
  type Severity,
} from '../domain/incidents/model';
import { backupEntries, budgetEntries, budgetNotices } from '../domain/incidents/evidence';
import { reviewMarkdown } from '../domain/incidents/review';
import { dataGaps, gapEntries, mergeTimeline, windowed, type MarkKind, type RawEntry, type TimelineEntry } from '../domain/incidents/timeline';
import { primarySourceId, type ApiContext } from '../api/context';
import { DEFAULT_INCIDENT_LINKS } from '../config/sources';
import { AlarmCache } from '../store/alarms';
import { AlertJournal } from '../store/alert-journal';
import { ChangeCache, TimelineCache } from '../store/changes';
import type { SloIncidentBudget } from '../slo/service';
import { IncidentConflictError, IncidentJournal, INCIDENT_TABLES, type IncidentRows, type IncidentTable, type LinkKind } from '../store/incidents';


export const BUNDLE_FORMAT = 'opsdeck-incident-bundle';
export const BUNDLE_SCHEMA = 1;
/** The timeline looks this far before the start (the change that caused it) and after the end. */
export const BEFORE_START_MS = 2 * 3_600_000;
export const AFTER_END_MS = 30 * 60_000;
const MAX_ENTRIES = 20_000;
const DAY = 86_400_000;

const KPI_LABEL: Record<KpiKey, string> = {
  mttd: 'MTTD (time to detect)',
  mtta: 'MTTA (time to acknowledge)',
  mttm: 'MTTM (time to mitigate)',
  mttr: 'MTTR (time to recover)',
  perMonth: 'Incidents a month',
  mtbf: 'MTBF (all services)',
  resolution: 'Longest resolution',
};

export const KPI_DEFINITIONS =
  'MTTR follows Atlassian (mean time to recovery: from the start of the incident to its resolution); MTBF is Atlassian’s total uptime ÷ number of failures; MTTA is PagerDuty’s and Atlassian’s alert → acknowledgement, measured from our "detected" milestone; MTTD is start → detected and MTTM start → mitigated. An incident counts in the period in which it started.';

export function currentUser(): string {
  try {
    return userInfo().username || 'on-call';
  } catch {
    return 'on-call';
  }
}

const Bundle = z.object({
  format: z.literal(BUNDLE_FORMAT),
  schemaVersion: z.number().int().positive(),
  journalSchema: z.number().int().nonnegative(),
  exportedAt: z.string(),
  exportedBy: z.string(),
  incidentId: z.string().min(1),
  tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  alertActions: z.array(z.record(z.string(), z.unknown())).default([]),
});

const iso = (ms: number): string => new Date(ms).toISOString();

export class IncidentService {
  readonly journal: IncidentJournal;
  private readonly alerts: AlertJournal;
  private readonly alarms: AlarmCache;
  private readonly changes: ChangeCache;
  private readonly reads: TimelineCache;
  readonly me = currentUser();

  constructor(private readonly ctx: ApiContext) {
    this.journal = new IncidentJournal(ctx.journal.db);
    this.alerts = new AlertJournal(ctx.journal.db);
    this.alarms = new AlarmCache(ctx.cache.db);
    this.changes = new ChangeCache(ctx.cache.db);
    this.reads = new TimelineCache(ctx.cache.db);
  }

  private push(): void {
    this.ctx.push(['incidents', 'journal']);
  }

  // -------------------------------------------------------------------------------------
  // Reading

  private rowsOf(id: string): IncidentRows {
    const rows = this.journal.rows(id);
    if (!rows) throw new NotFoundError(`no incident with id ${JSON.stringify(id)}`);
    return rows;
  }

  private fold(rows: IncidentRows): Incident {
    return foldIncident(rows.base, rows.revisions, rows.milestones, rows.roles);
  }

  /** Every incident, folded (one query per table). */
  all(): { incident: Incident; lastStatus: number | null }[] {
    const f = this.journal.allFoldingRows();
    return this.journal.list().map((base) => ({
      incident: foldIncident(base, f.revisions.get(base.id) ?? [], f.milestones.get(base.id) ?? [], f.roles.get(base.id) ?? []),
      lastStatus: f.lastStatus.get(base.id) ?? null,
    }));
  }

  private summary(i: Incident, lastStatus: number | null, now: number): IncidentSummary {
    const reminder = statusReminder(i.milestones, i.declaredAt, lastStatus, now);
    const phase = phaseOf(i.milestones);
    return {
      id: i.id,
      title: i.title,
      severity: i.severity,
      services: i.services,
      phase,
      phaseLabel: PHASE_LABEL[phase],
      open: isOpen(i.milestones),
      startedAt: i.milestones.started ?? i.declaredAt,
      resolvedAt: i.milestones.resolved ?? null,
      declaredAt: i.declaredAt,
      declaredBy: i.declaredBy,
      roles: i.roles,
      lastUpdateAt: lastStatus,
      reminderDue: reminder?.due ?? false,
    };
  }

  list(): IncidentList {
    const now = this.ctx.now();
    const all = this.all().sort((a, b) => compareForList(a.incident, b.incident));
    return { generatedAt: now, me: this.me, incidents: all.map((x) => this.summary(x.incident, x.lastStatus, now)) };
  }

  detail(id: string): IncidentDetail {
    const now = this.ctx.now();
    const rows = this.rowsOf(id);
    const inc = this.fold(rows);
    const statuses = rows.notes.filter((n) => n.kind === 'status');
    const lastStatus = statuses.length > 0 ? statuses[statuses.length - 1]!.createdAt : null;
    const links = new Map<string, IncidentDetail['links'][number]>();
    for (const l of rows.links) {
      const k = `${l.kind}\u0000${l.target}`;
      if (l.removed) links.delete(k);
      else links.set(k, { kind: l.kind, target: l.target, label: l.label, addedBy: l.author, at: l.createdAt });
    }
    const items = new Map<string, IncidentDetail['actionItems'][number]>();
    for (const a of rows.actionItems) items.set(a.itemId, { itemId: a.itemId, title: a.title, owner: a.owner, status: a.status, updatedAt: a.createdAt, updatedBy: a.author });
    return {
      ...this.summary(inc, lastStatus, now),
      generatedAt: now,
      me: this.me,
      summary: inc.summary,
      declaredFrom: inc.declaredFrom,
      milestones: MILESTONES.map((name) => ({ name, label: MILESTONE_LABEL[name], at: inc.milestones[name] ?? null })),
      notes: rows.notes.map((n) => ({ id: n.id, kind: n.kind, at: n.createdAt, author: n.author, body: n.body, zone: n.zone })),
      links: [...links.values()],
      actionItems: [...items.values()],
      reminder: statusReminder(inc.milestones, inc.declaredAt, lastStatus, now),
    };
  }

  // -------------------------------------------------------------------------------------
  // The timeline

  /** The incident's default window: two hours before the start to half an hour after the end. */
  windowOf(inc: Incident, now: number): { from: number; to: number } {
    const start = inc.milestones.started ?? inc.declaredAt;
    const end = inc.milestones.resolved ?? now;
    return { from: Math.max(0, start - BEFORE_START_MS), to: Math.max(end + AFTER_END_MS, start + 60_000) };
  }

  async timeline(id: string, range?: { from?: number | undefined; to?: number | undefined }): Promise<IncidentTimeline> {
    const t0 = performance.now();
    const now = this.ctx.now();
    const rows = this.rowsOf(id);
    const inc = this.fold(rows);
    const def = this.windowOf(inc, now);
    const from = range?.from ?? def.from;
    const to = range?.to ?? def.to;
    if (!(to > from)) throw new BadInputError(`to: the window must end after it starts (from ${iso(from)}, to ${iso(to)})`);
    if (to - from > 31 * DAY) throw new BadInputError('to: the timeline window is at most 30 days (zoom in)');
    const budgets = await this.budgets(inc, rows, from, to);
    const { entries, notices, dataAsOf } = this.buildTimeline(inc, rows, from, to, budgets);
    const inWindow = windowed(entries, from, to);
    return {
      incidentId: id,
      from,
      to,
      entries: inWindow.slice(0, MAX_ENTRIES),
      truncated: Math.max(0, inWindow.length - MAX_ENTRIES),
      dataAsOf,
      notices,
      buildMs: performance.now() - t0,
    };
  }

  /** The impact window: started → resolved, or → now while the incident is open. */
  impactOf(inc: Incident, now: number): { from: number; to: number } {
    const from = inc.milestones.started ?? inc.declaredAt;
    return { from, to: Math.max(from, inc.milestones.resolved ?? now) };
  }

  /**
   * The error budget of the SLOs the incident affects (its services' and the linked ones), from
   * the SLO evaluation (a worker in the app). A failure is a notice, never a missing timeline.
   */
  async budgets(inc: Incident, rows: IncidentRows, from: number, to: number): Promise<{ asOf: number | null; slos: SloIncidentBudget[]; notice: string | null }> {
    const now = this.ctx.now();
    const impact = this.impactOf(inc, now);
    const sloIds = [...new Set(rows.links.filter((l) => l.kind === 'slo' && !l.removed).map((l) => l.target))];
    if (inc.services.length === 0 && sloIds.length === 0) return { asOf: null, slos: [], notice: null };
    try {
      const r = await this.ctx.slo.incidentBudgets(primarySourceId(this.ctx), this.ctx.sloConfigDir, { sloIds, services: inc.services, from, to, impactFrom: impact.from, impactTo: impact.to }, now);
      return { ...r, notice: null };
    } catch (err) {
      return { asOf: null, slos: [], notice: `error-budget milestones are missing: the SLOs could not be evaluated (${err instanceof Error ? err.message : String(err)})` };
    }
  }

  /** Everything the cache and the journal know about [from, to), merged. */
  buildTimeline(
    inc: Incident,
    rows: IncidentRows,
    from: number,
    to: number,
    budgets: { slos: readonly SloIncidentBudget[]; notice: string | null } = { slos: [], notice: null },
  ): { entries: TimelineEntry[]; notices: string[]; dataAsOf: number | null } {
    const sources = this.ctx.sourceIds;
    const raw: RawEntry[] = [];
    const notices: string[] = [];
    const linkedAlerts = rows.links.filter((l) => l.kind === 'alert' && !l.removed);
    const linkedNames = new Set(linkedAlerts.map((l) => l.label));
    const tokens = inc.services.map((s) => s.replace(/-service$/, '').toLowerCase()).filter((s) => s.length > 2);
    const related = (name: string): boolean => linkedNames.has(name) || tokens.some((t) => name.toLowerCase().includes(t));

    // Alarm state changes (DescribeAlarmHistory, cached).
    for (const h of this.reads.history(sources, from, to)) {
      const rel = related(h.alarmName);
      raw.push({
        key: `alarm:${h.alarmName}@${h.at}:${h.to}`,
        kind: 'alarm',
        source: `cloudwatch:${h.source}`,
        at: h.at,
        title: `${h.alarmName} → ${h.to}`,
        detail: h.reason ?? h.summary,
        zone: 'UTC',
        severity: rel ? (h.to === 'ALARM' ? 'critical' : 'warning') : 'info',
        subject: h.alarmName,
      });
    }
    // SLO burn-rate alerts: their start and stop, from the occurrences the alert queue records.
    for (const b of this.reads.burns(from, to)) {
      const name = b.name ?? b.alertId.replace(/^slo-burn:/, '').replace(/:/, ' · ');
      // A page-level burn (P1/P2) is critical on the timeline; a ticket-level one a warning.
      const severity = b.severity === 'P3' || b.severity === 'P4' ? 'warning' : 'critical';
      raw.push({ key: `slo-burn:${b.key}:start`, kind: 'slo-burn', source: 'opsdeck:slo', at: b.firedAt, endAt: b.resolvedAt, title: `SLO burn alert started: ${name}${b.severity ? ` (${b.severity})` : ''}`, zone: 'UTC', severity, subject: b.alertId });
      if (b.resolvedAt !== null) raw.push({ key: `slo-burn:${b.key}:stop`, kind: 'slo-burn', source: 'opsdeck:slo', at: b.resolvedAt, title: `SLO burn alert stopped: ${name}`, zone: 'UTC', severity: 'info', subject: b.alertId });
    }
    // Error-budget milestones: when 50 % and 100 % of each affected SLO's budget were spent.
    raw.push(...budgetEntries(budgets.slos));
    notices.push(...budgetNotices(budgets.slos));
    if (budgets.notice) notices.push(budgets.notice);
    // Backup and restore: AWS Backup jobs (a day back, for jobs still running into the window) and RDS events.
    raw.push(
      ...backupEntries(
        this.reads.backupJobs(sources, from - DAY, to),
        this.reads.rdsEvents(sources, from, to).map((e) => ({ ...e, categories: parseList(e.categories) })),
        related,
      ),
    );
    // Changes (CloudTrail write events, cached).
    for (const c of this.changes.between(from, to)) {
      const service = c.resources.find((r) => r.type === 'AWS::CodeDeploy::Application')?.name;
      raw.push({
        key: `change:${c.eventId}`,
        kind: 'change',
        source: `cloudtrail:${c.source}`,
        at: c.at,
        title: `${c.eventName} (${c.eventSource.replace('.amazonaws.com', '')})${service ? ` ${service}` : ''}`,
        detail: c.summary || null,
        zone: 'UTC',
        severity: service && inc.services.includes(service) ? 'warning' : 'info',
        actor: c.username,
      });
    }
    for (const s of this.changes.states()) if (s.lastError && sources.includes(s.source)) notices.push(`${s.source}: ${s.lastError}`);

    // Connectivity gaps: where Opsdeck itself had no data.
    let dataAsOf: number | null = null;
    for (const source of sources) {
      const newest = this.ctx.cache.newestPointTs(source);
      const endsAt = newest === null ? null : (newest + 60) * 1000;
      dataAsOf = endsAt === null ? dataAsOf : Math.max(dataAsOf ?? 0, endsAt);
      const horizon = Math.min(to, this.ctx.now());
      if (horizon <= from) continue;
      // 60 s data is kept 15 days; older windows hold 5-min data.
      const step = from < this.ctx.now() - 15 * DAY ? 15 * 60_000 : 5 * 60_000;
      raw.push(...gapEntries(dataGaps(this.reads.pointTimes(source, from, horizon), from, horizon, step, endsAt), source));
    }

    // Local actions: acknowledgements and notes on the linked alerts, silences, milestones, roles, notes.
    const occurrenceKeys = linkedAlerts.map((l) => l.target);
    for (const a of this.alerts.actionsFor(occurrenceKeys)) {
      if (a.createdAt < from || a.createdAt >= to) continue;
      const what = a.kind === 'ack' ? 'acknowledged' : a.kind === 'note' ? 'noted' : a.kind;
      raw.push({ key: `alert-action:${a.id}`, kind: 'action', source: 'journal', at: a.createdAt, title: `${a.author} ${what} ${a.occurrenceKey.replace(/@\d+$/, '').replace(/^.*:alarm:/, '')}`, detail: a.note ?? a.assignee, zone: 'UTC', actor: a.author });
    }
    for (const s of this.alerts.silences()) {
      if (s.createdAt < from || s.createdAt >= to) continue;
      raw.push({ key: `silence:${s.id}`, kind: 'action', source: 'journal', at: s.createdAt, title: `${s.author} silenced alerts until ${iso(s.endsAt)}`, detail: s.reason, zone: 'UTC', actor: s.author });
    }
    MILESTONES.forEach((name, n) => {
      const at = inc.milestones[name];
      // The index in the key keeps milestones at the same instant in process order.
      if (at !== undefined) raw.push({ key: `milestone:${inc.id}:${n}-${name}`, kind: 'milestone', source: 'journal', at, title: MILESTONE_LABEL[name], zone: 'UTC', severity: name === 'resolved' || name === 'mitigated' ? 'info' : 'warning' });
    });
    rows.milestones.forEach((m, i) => {
      raw.push({ key: `milestone-edit:${inc.id}:${i}`, kind: 'action', source: 'journal', at: m.createdAt, title: `${m.author} ${m.at === null ? `cleared ${m.milestone}` : `set ${m.milestone} to ${iso(m.at)}`}`, zone: 'UTC', actor: m.author });
    });
    rows.roles.forEach((r, i) => {
      raw.push({ key: `role:${inc.id}:${i}`, kind: 'role', source: 'journal', at: r.createdAt, title: r.person ? `${r.person} is ${r.role === 'commander' ? 'incident commander' : `${r.role} lead`}` : `${r.role} role unassigned`, zone: 'UTC', actor: r.author });
    });
    for (const n of rows.notes) {
      raw.push({ key: `note:${n.id}`, kind: n.kind === 'status' ? 'status' : 'note', source: 'journal', at: n.createdAt, title: n.body.length > 160 ? `${n.body.slice(0, 157)}…` : n.body, detail: n.body.length > 160 ? n.body : null, zone: n.zone, actor: n.author });
    }
    // Evidence that came with an imported bundle: the colleague's cache.
    for (const e of rows.evidence) {
      if (e.entryKey.startsWith(IMPACT_EVIDENCE)) continue;
      try {
        const entry = JSON.parse(e.body) as RawEntry;
        if (entry.at >= from - DAY && entry.at < to) raw.push({ ...entry, source: 'bundle' });
      } catch {
        notices.push(`an imported evidence row for ${e.entryKey} could not be read`);
      }
    }
    return { entries: mergeTimeline(raw, rows.marks), notices, dataAsOf };
  }

  /**
   * The metrics of the affected services over the timeline's window (5xx, p95 latency,
   * requests), LTTB-downsampled so a chart stays fast, on the same time axis as the timeline.
   */
  metrics(id: string, range?: { from?: number | undefined; to?: number | undefined }): IncidentMetrics {
    const inc = this.fold(this.rowsOf(id));
    const def = this.windowOf(inc, this.ctx.now());
    const from = range?.from ?? def.from;
    const to = range?.to ?? def.to;
    if (!(to > from) || to - from > 31 * DAY) throw new BadInputError('to: the window must end after it starts and span at most 30 days');
    const source = primarySourceId(this.ctx);
    const wanted = [
      { metric: 'Http5xxCount', stat: 'Sum', label: '5xx responses' },
      { metric: 'Latency', stat: 'p95', label: 'p95 latency' },
      { metric: 'RequestCount', stat: 'Sum', label: 'requests' },
    ];
    const all = this.ctx.cache.listSeries(source);
    const series: IncidentMetrics['series'] = [];
    for (const service of inc.services.slice(0, 4)) {
      for (const w of wanted) {
        const s = all.find((x) => x.metric === w.metric && x.stat === w.stat && x.dimensions.some((d) => d.name === 'Service' && d.value === service));
        if (!s) continue;
        const raw = this.ctx.cache.points(s.id, Math.floor(from / 1000), Math.ceil(to / 1000)).map((p) => ({ t: p.ts * 1000, value: p.value }));
        const points = lttb(raw, 500).flatMap((p) => (p.value === null ? [] : [{ t: p.t, v: p.value }]));
        series.push({ key: s.key, label: `${service} ${w.label}`, unit: s.unit, points });
      }
    }
    const note = inc.services.length === 0 ? 'The incident names no service, so no metric is shown.' : series.length === 0 ? `No cached metric of ${inc.services.join(', ')}.` : null;
    return { from, to, series, note };
  }

  // -------------------------------------------------------------------------------------
  // Writing

  declare(input: {
    title: string;
    severity: Severity;
    services: string[];
    summary: string;
    fromAlert?: { occurrenceKeys: string[]; name: string } | undefined;
    milestones: { started?: number | undefined; detected?: number | undefined; acknowledged?: number | undefined };
    roles: Partial<Record<Role, string>>;
    author: string;
  }): string {
    const now = this.ctx.now();
    const milestones: Partial<Record<Milestone, number>> = {};
    const links: { kind: LinkKind; target: string; label: string }[] = [];
    let declaredFrom: string | null = null;
    if (input.fromAlert) {
      const keys = [...new Set(input.fromAlert.occurrenceKeys)];
      const found = this.alarms.occurrencesByKeys(keys);
      const missing = keys.filter((k) => !found.some((o) => o.key === k));
      if (missing.length > 0) throw new BadInputError(`fromAlert.occurrenceKeys: unknown alert occurrence ${JSON.stringify(missing[0])} (refresh the alert queue)`);
      const firedAt = Math.min(...found.map((o) => o.firedAt));
      milestones.started = firedAt;
      milestones.detected = firedAt;
      const acks = this.alerts.actionsFor(keys).filter((a) => a.kind === 'ack');
      if (acks.length > 0) milestones.acknowledged = Math.min(...acks.map((a) => a.createdAt));
      declaredFrom = keys[0]!;
      for (const o of found) links.push({ kind: 'alert', target: o.key, label: alarmNameOf(o.alertId, input.fromAlert.name) });
    }
    for (const [k, v] of Object.entries(input.milestones)) if (v !== undefined) milestones[k as Milestone] = v;
    milestones.started ??= now;
    this.checked(() => editMilestone(milestones, 'started', milestones.started!, now));
    // From opsdeck.yaml `incidents` (the seeds' status page when not configured).
    const configured = this.ctx.incidentLinks ?? DEFAULT_INCIDENT_LINKS;
    const author = input.author;
    const id = this.journal.declare({ title: input.title, severity: input.severity, services: input.services, summary: input.summary, declaredFrom, milestones, roles: input.roles, links }, author, now);
    const short = id.slice(0, 8);
    this.journal.addLink(id, { kind: 'status-page', target: configured.statusPage.replaceAll('{id}', short), label: 'Status page' }, author, now);
    this.journal.addLink(id, { kind: 'channel', target: configured.channel.replaceAll('{id}', short), label: 'Incident channel' }, author, now);
    this.push();
    return id;
  }

  private checked<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof MilestoneOrderError) throw new BadInputError(err.message);
      throw err;
    }
  }

  update(id: string, patch: { title?: string | undefined; severity?: Severity | undefined; services?: string[] | undefined; summary?: string | undefined }, author: string): void {
    this.rowsOf(id);
    const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(clean).length === 0) throw new BadInputError('updateIncident: nothing to change (title, severity, services or summary)');
    this.journal.revise(id, clean, author, this.ctx.now());
    this.push();
  }

  setMilestone(id: string, milestone: Milestone, at: number | null, author: string): void {
    const now = this.ctx.now();
    const inc = this.fold(this.rowsOf(id));
    this.checked(() => editMilestone(inc.milestones, milestone, at, now));
    this.journal.setMilestone(id, milestone, at, author, now);
    this.push();
  }

  setRole(id: string, role: Role, person: string | null, author: string): void {
    this.rowsOf(id);
    this.journal.setRole(id, role, person && person.length > 0 ? person : null, author, this.ctx.now());
    this.push();
  }

  addNote(id: string, kind: 'note' | 'status', body: string, zone: string, author: string): string {
    this.rowsOf(id);
    if (!isZone(zone)) throw new BadInputError(`zone: unknown time zone ${JSON.stringify(zone)}`);
    const noteId = this.journal.addNote(id, kind, body, zone, author, this.ctx.now());
    this.push();
    return noteId;
  }

  async link(id: string, l: { kind: LinkKind; target: string; label: string; remove: boolean }, author: string): Promise<void> {
    this.rowsOf(id);
    let label = l.label;
    if (!l.remove && l.kind === 'alert') {
      const [occ] = this.alarms.occurrencesByKeys([l.target]);
      if (!occ) throw new BadInputError(`target: unknown alert occurrence ${JSON.stringify(l.target)}`);
      label ||= alarmNameOf(occ.alertId, '');
    }
    if (!l.remove && l.kind === 'slo') {
      const list = await this.ctx.slo.slos(primarySourceId(this.ctx), this.ctx.sloConfigDir, this.ctx.now());
      const slo = list.slos.find((s) => s.id === l.target);
      if (!slo) throw new BadInputError(`target: unknown SLO ${JSON.stringify(l.target)}`);
      label ||= slo.name;
    }
    if (!l.remove && (l.kind === 'channel' || l.kind === 'status-page' || l.kind === 'other') && !/^https?:\/\//.test(l.target)) {
      throw new BadInputError('target: a link must start with https:// or http://');
    }
    this.journal.addLink(id, { kind: l.kind, target: l.target, label: label || l.target }, author, this.ctx.now(), l.remove);
    this.push();
  }

  async mark(id: string, m: { entryKey: string; kind: MarkKind; body: string | null; correctedAt: number | null }, author: string): Promise<void> {
    const rows = this.rowsOf(id);
    const inc = this.fold(rows);
    const now = this.ctx.now();
    const w = this.windowOf(inc, now);
    // Marks must point at an entry the reviewer can see: the incident's window ± a day.
    const budgets = m.entryKey.startsWith('slo-budget:') ? await this.budgets(inc, rows, w.from - DAY, w.to + DAY) : undefined;
    const { entries } = this.buildTimeline(inc, rows, w.from - DAY, w.to + DAY, budgets);
    const entry = entries.find((e) => e.key === m.entryKey);
    if (!entry) throw new BadInputError(`entryKey: no timeline entry ${JSON.stringify(m.entryKey)} in this incident`);
    if (m.kind === 'hide' && entry.kind === 'gap') throw new BadInputError('kind: a connectivity gap cannot be hidden (it is where Opsdeck had no data)');
    if (m.kind === 'annotate' && !m.body) throw new BadInputError('body: an annotation needs text');
    if (m.kind === 'correct' && !m.body && m.correctedAt === null) throw new BadInputError('body: a correction needs a new title or a new time (correctedAt)');
    if (m.correctedAt !== null && m.correctedAt > now) throw new BadInputError('correctedAt: in the future');
    this.journal.addMark(id, m, author, now);
    this.push();
  }

  saveActionItem(id: string, item: { itemId?: string | undefined; title: string; owner: string; status: 'open' | 'done' | 'dropped' }, author: string): string {
    const rows = this.rowsOf(id);
    if (item.itemId !== undefined && !rows.actionItems.some((a) => a.itemId === item.itemId)) throw new NotFoundError(`no action item ${JSON.stringify(item.itemId)} in this incident`);
    const itemId = this.journal.saveActionItem(id, { ...(item.itemId ? { itemId: item.itemId } : {}), title: item.title, owner: item.owner, status: item.status }, author, this.ctx.now());
    this.push();
    return itemId;
  }

  // -------------------------------------------------------------------------------------
  // KPIs

  kpis(from: number, to: number, zone: string): IncidentKpis {
    if (!(to > from)) throw new BadInputError('to: the period must end after it starts');
    if (!isZone(zone)) throw new BadInputError(`zone: unknown time zone ${JSON.stringify(zone)}`);
    const report = kpiReport(
      this.all().map(({ incident }) => ({ id: incident.id, services: incident.services, milestones: incident.milestones })),
      from,
      to,
      zone,
    );
    return {
      ...report,
      values: report.values.map((v) => ({ key: v.key, label: KPI_LABEL[v.key], value: v.value, unit: KPI_TARGETS[v.key]?.unit ?? 'ms', n: v.n, target: v.target?.text ?? null, met: v.met, formula: v.formula, worked: v.worked })),
      definitions: KPI_DEFINITIONS,
    };
  }

  // -------------------------------------------------------------------------------------
  // Review and bundle

  /** The error budget the incident spent, per affected SLO, with the formula (the review's Impact). */
  async impact(id: string): Promise<IncidentImpact> {
    const now = this.ctx.now();
    const rows = this.rowsOf(id);
    const inc = this.fold(rows);
    const w = this.windowOf(inc, now);
    const imp = this.impactOf(inc, now);
    return this.impactFrom(inc, imp, withBundledImpact(rows, await this.budgets(inc, rows, w.from, w.to)));
  }

  private impactFrom(inc: Incident, imp: { from: number; to: number }, b: { asOf: number | null; slos: readonly SloIncidentBudget[]; notice: string | null }): IncidentImpact {
    let note: string | null = b.notice;
    if (!note && b.slos.length === 0) {
      note = b.asOf === null && (inc.services.length > 0) ? 'No datapoints are cached yet, so no budget can be computed.' : `No SLO is defined for ${inc.services.join(', ') || 'the affected services'} and none is linked.`;
    }
    if (!note && b.asOf !== null && !isOpen(inc.milestones) && b.asOf < imp.to) note = `The cache holds data only until ${iso(b.asOf).replace('T', ' ').slice(0, 16)} UTC: the figures stop there, before the incident was resolved.`;
    return {
      incidentId: inc.id,
      from: imp.from,
      to: b.asOf === null ? imp.to : Math.min(imp.to, Math.max(imp.from, b.asOf)),
      open: isOpen(inc.milestones),
      evaluatedAt: b.asOf,
      formula: 'Budget spent during the incident = bad ÷ total × time with data, over started → resolved (→ the newest cached data while open); as a share of the window’s budget = spent ÷ ((1 − target) × SLO window). The same measure as the SLO page’s budget, so the shares of all incidents in a window add up to what the window consumed.',
      slos: b.slos.map((s) => ({
        sloId: s.sloId,
        name: s.name,
        service: s.service,
        targetPct: s.targetPct,
        windowLabel: s.windowLabel,
        budgetMinutes: s.budgetMinutes,
        bad: s.impact.bad,
        total: s.impact.total,
        coveredMs: s.impact.coveredMs,
        spentMinutes: s.impact.spentMinutes,
        spentPct: s.impact.spentPct,
        crossings: s.crossings.map((c) => ({ ...c })),
        worked: s.worked,
        reason: s.reason,
      })),
      note,
    };
  }

  async reviewMarkdown(id: string): Promise<{ fileName: string; content: string }> {
    const now = this.ctx.now();
    const rows = this.rowsOf(id);
    const inc = this.fold(rows);
    const detail = this.detail(id);
    const w = this.windowOf(inc, now);
    const budgets = await this.budgets(inc, rows, w.from, w.to);
    const { entries } = this.buildTimeline(inc, rows, w.from, w.to, budgets);
    const impact = this.impactFrom(inc, this.impactOf(inc, now), withBundledImpact(rows, budgets));
    const content = reviewMarkdown({
      incident: inc,
      timeline: entries,
      notes: detail.notes,
      actionItems: detail.actionItems,
      alerts: detail.links.filter((l) => l.kind === 'alert').map((l) => ({ label: l.label, target: l.target })),
      impact,
      links: detail.links.filter((l) => l.kind !== 'alert' && l.kind !== 'slo'),
      generatedAt: now,
      changesLookbackMs: BEFORE_START_MS,
    });
    return { fileName: `incident-${slug(inc.title)}-${iso(inc.milestones.started ?? inc.declaredAt).slice(0, 10)}.md`, content };
  }

  async bundle(id: string): Promise<{ fileName: string; content: string }> {
    const now = this.ctx.now();
    const rows = this.rowsOf(id);
    const inc = this.fold(rows);
    const tables = this.journal.rawRows(id);
    const w = this.windowOf(inc, now);
    const budgets = await this.budgets(inc, rows, w.from, w.to);
    const { entries } = this.buildTimeline(inc, rows, w.from, w.to, budgets);
    // The cached evidence the timeline cites travels as evidence rows: ids derive from the
    // incident and the entry, so the same evidence exported twice is one row on import.
    const evidence = entries
      .filter((e) => !e.sources.every((s) => s === 'journal' || s === 'bundle'))
      .map((e) => ({
        id: evidenceId(id, e.key),
        incident_id: id,
        created_at: e.at,
        author: this.me,
        entry_key: e.key,
        body: JSON.stringify({ key: e.key, kind: e.kind, source: e.source, at: e.original?.at ?? e.at, endAt: e.endAt, title: e.original?.title ?? e.title, detail: e.detail, zone: e.zone, severity: e.severity, actor: e.actor } satisfies RawEntry),
      }));
    // The budget the incident spent travels too: the colleague's laptop may hold no SLI data.
    for (const b of budgets.slos) {
      if (b.reason !== null) continue;
      const body = JSON.stringify({ ...b, exportedAt: now, exportedBy: this.me });
      const key = `${IMPACT_EVIDENCE}${b.sloId}:${createHash('sha256').update(body).digest('hex').slice(0, 12)}`;
      evidence.push({ id: evidenceId(id, key), incident_id: id, created_at: now, author: this.me, entry_key: key, body });
    }
    const known = new Set(tables.incident_evidence.map((r) => r.id));
    tables.incident_evidence.push(...evidence.filter((r) => !known.has(r.id)));
    const occurrenceKeys = rows.links.filter((l) => l.kind === 'alert').map((l) => l.target);
    const alertActions = this.ctx.journal.db.prepare('SELECT * FROM alert_actions WHERE occurrence_key IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid').all(JSON.stringify(occurrenceKeys)) as Record<string, unknown>[];
    const body = {
      format: BUNDLE_FORMAT,
      schemaVersion: BUNDLE_SCHEMA,
      journalSchema: this.ctx.journal.db.pragma('user_version', { simple: true }) as number,
      exportedAt: iso(now),
      exportedBy: this.me,
      incidentId: id,
      tables,
      alertActions,
    };
    return { fileName: `incident-${slug(inc.title)}-${id.slice(0, 8)}.opsdeck-incident.json`, content: JSON.stringify(body, null, 1) };
  }

  importBundle(text: string, label: string): { incidentId: string; added: Record<string, number>; alreadyPresent: Record<string, number> } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new BadInputError(`${label}: not a readable JSON file (${(err as Error).message}); nothing was imported`);
    }
    const parsed = Bundle.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BadInputError(`${label}: not an Opsdeck incident bundle (${issue ? `${issue.path.join('.') || '(file)'}: ${issue.message}` : 'unknown shape'}); nothing was imported`);
    }
    const b = parsed.data;
    if (b.schemaVersion > BUNDLE_SCHEMA) throw new BadInputError(`${label}: written by a newer Opsdeck (bundle schema ${b.schemaVersion}, this one understands ${BUNDLE_SCHEMA}); nothing was imported`);
    const local = this.ctx.journal.db.pragma('user_version', { simple: true }) as number;
    if (b.journalSchema > local) throw new BadInputError(`${label}: written by a newer Opsdeck (journal schema ${b.journalSchema}, this one understands ${local}); nothing was imported`);
    const heads = b.tables.incidents ?? [];
    if (heads.length !== 1 || heads[0]!.id !== b.incidentId) throw new BadInputError(`${label}: tables.incidents must hold exactly the incident ${b.incidentId}; nothing was imported`);
    for (const [table, list] of Object.entries(b.tables)) {
      if (!(table in INCIDENT_TABLES)) throw new BadInputError(`${label}: tables.${table} is not an incident table; nothing was imported`);
      const column = INCIDENT_TABLES[table as IncidentTable];
      const stray = list.findIndex((r) => r[column] !== b.incidentId);
      if (stray >= 0) throw new BadInputError(`${label}: tables.${table}[${stray}].${column} is not the bundle's incident; nothing was imported`);
    }
    try {
      const report = this.journal.importRows({ ...(b.tables as Partial<Record<IncidentTable, Record<string, unknown>[]>>), ...(b.alertActions.length > 0 ? { alert_actions: b.alertActions } : {}) }, label);
      this.push();
      return { incidentId: b.incidentId, ...report };
    } catch (err) {
      if (err instanceof IncidentConflictError) throw new BadInputError(err.message);
      throw err;
    }
  }
}

/** Evidence rows holding an SLO's budget around the incident (from a bundle), not a timeline entry. */
const IMPACT_EVIDENCE = 'impact:';

/**
 * The budgets computed here, completed by the ones a bundle brought for SLOs this cache cannot
 * evaluate (no SLI data on the colleague's laptop); the newest exported figure of each SLO wins.
 */
function withBundledImpact(rows: IncidentRows, local: { asOf: number | null; slos: SloIncidentBudget[]; notice: string | null }): { asOf: number | null; slos: SloIncidentBudget[]; notice: string | null } {
  const bundled = new Map<string, SloIncidentBudget & { exportedAt: number; exportedBy: string }>();
  for (const e of rows.evidence) {
    if (!e.entryKey.startsWith(IMPACT_EVIDENCE)) continue;
    try {
      const b = JSON.parse(e.body) as SloIncidentBudget & { exportedAt: number; exportedBy: string };
      if (typeof b.sloId === 'string' && typeof b.exportedAt === 'number' && b.impact && (bundled.get(b.sloId)?.exportedAt ?? -1) <= b.exportedAt) bundled.set(b.sloId, b);
    } catch {
      // an unreadable row is skipped; the timeline's notices name unreadable evidence
    }
  }
  if (bundled.size === 0) return local;
  const slos = [...local.slos];
  const used: string[] = [];
  for (const b of bundled.values()) {
    const i = slos.findIndex((s) => s.sloId === b.sloId);
    if (i >= 0 && slos[i]!.reason === null) continue;
    const { exportedAt, exportedBy, ...budget } = b;
    if (i >= 0) slos[i] = budget;
    else slos.push(budget);
    used.push(`${b.name} (exported by ${exportedBy} at ${iso(exportedAt).replace('T', ' ').slice(0, 16)} UTC)`);
  }
  if (used.length === 0) return local;
  const note = `From the imported bundle, as computed on the exporting laptop: ${used.join(', ')}.`;
  return { asOf: local.asOf, slos, notice: local.notice ? `${local.notice} ${note}` : note };
}

function parseList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function evidenceId(incidentId: string, key: string): string {
  const h = createHash('sha256').update(`${incidentId}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function alarmNameOf(alertId: string, fallback: string): string {
  const m = /:alarm:(.+)$/.exec(alertId);
  return m?.[1] ?? (fallback || alertId);
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'incident';
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

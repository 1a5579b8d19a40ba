// Incident methods of the API contract (issue 13): records in journal.db, the timeline merged
// from the cache, KPIs, the post-incident review and the incident bundle.
import { z } from 'zod';
import type { ApiSpec } from './spec';

const EpochMs = z.number().int().nonnegative();
const Author = z.string().trim().min(1, 'author is required').max(200, 'author: at most 200 characters');
const Id = z.string().min(1, 'id: which incident').max(100);
const Zone = z.string().min(1).max(64);

export const IncidentSeverity = z.enum(['P1', 'P2', 'P3', 'P4']);
export const MilestoneName = z.enum(['started', 'detected', 'acknowledged', 'investigating', 'identified', 'mitigated', 'resolved', 'reviewed']);
export const RoleName = z.enum(['commander', 'technical', 'communications']);
export const IncidentPhase = z.enum(['triage', 'investigating', 'mitigated', 'resolved', 'reviewed']);
const Services = z.array(z.string().trim().min(1).max(100)).max(20, 'services: at most 20');
const LinkKind = z.enum(['alert', 'slo', 'channel', 'status-page', 'other']);

export const IncidentSummary = z.object({
  id: z.string(),
  title: z.string(),
  severity: IncidentSeverity,
  services: z.array(z.string()),
  phase: IncidentPhase,
  phaseLabel: z.string(),
  open: z.boolean(),
  startedAt: EpochMs,
  resolvedAt: EpochMs.nullable(),
  declaredAt: EpochMs,
  declaredBy: z.string(),
  roles: z.partialRecord(RoleName, z.string()),
  lastUpdateAt: EpochMs.nullable(),
  reminderDue: z.boolean(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const IncidentList = z.object({ generatedAt: EpochMs, me: z.string(), incidents: z.array(IncidentSummary) });
export type IncidentList = z.infer<typeof IncidentList>;

export const TimelineEntryOut = z.object({
  key: z.string(),
  kind: z.enum(['alarm', 'slo-burn', 'slo-budget', 'change', 'backup', 'gap', 'action', 'note', 'status', 'milestone', 'role']),
  source: z.string(),
  sources: z.array(z.string()),
  at: EpochMs,
  endAt: EpochMs.nullable(),
  title: z.string(),
  detail: z.string().nullable(),
  zone: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  actor: z.string().nullable(),
  pinned: z.boolean(),
  hidden: z.boolean(),
  annotations: z.array(z.object({ id: z.string(), author: z.string(), at: EpochMs, body: z.string() })),
  original: z.object({ at: EpochMs, title: z.string() }).nullable(),
  correctedBy: z.string().nullable(),
});
export type TimelineEntryOut = z.infer<typeof TimelineEntryOut>;

export const IncidentTimeline = z.object({
  incidentId: z.string(),
  from: EpochMs,
  to: EpochMs,
  entries: z.array(TimelineEntryOut).max(20_000),
  /** Entries in the window beyond the cap (the newest are dropped). */
  truncated: z.number().int().nonnegative(),
  dataAsOf: EpochMs.nullable(),
  /** Why a kind of evidence is missing (e.g. CloudTrail unreadable), for the user. */
  notices: z.array(z.string()),
  buildMs: z.number().nonnegative(),
});
export type IncidentTimeline = z.infer<typeof IncidentTimeline>;

export const IncidentDetail = IncidentSummary.extend({
  generatedAt: EpochMs,
  me: z.string(),
  summary: z.string(),
  declaredFrom: z.string().nullable(),
  milestones: z.array(z.object({ name: MilestoneName, label: z.string(), at: EpochMs.nullable() })),
  notes: z.array(z.object({ id: z.string(), kind: z.enum(['note', 'status']), at: EpochMs, author: z.string(), body: z.string(), zone: z.string() })),
  links: z.array(z.object({ kind: LinkKind, target: z.string(), label: z.string(), addedBy: z.string(), at: EpochMs })),
  actionItems: z.array(z.object({ itemId: z.string(), title: z.string(), owner: z.string(), status: z.enum(['open', 'done', 'dropped']), updatedAt: EpochMs, updatedBy: z.string() })),
  reminder: z.object({ due: z.boolean(), since: EpochMs, dueAt: EpochMs, overdueMs: z.number().nonnegative(), text: z.string() }).nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

const MilestoneInput = z.object({ started: EpochMs.optional(), detected: EpochMs.optional(), acknowledged: EpochMs.optional() }).strict();

export const DeclareIncidentInput = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(200, 'title: at most 200 characters'),
    severity: IncidentSeverity,
    services: Services.default([]),
    summary: z.string().max(10_000, 'summary: at most 10,000 characters').default(''),
    /** Declared from the alert queue: the occurrences of the selected alert. */
    fromAlert: z.object({ occurrenceKeys: z.array(z.string().min(1).max(2_000)).min(1).max(100), name: z.string().max(500) }).strict().optional(),
    milestones: MilestoneInput.default({}),
    roles: z.partialRecord(RoleName, z.string().trim().max(200)).default({}),
    author: Author,
  })
  .strict();

export const KpiValueOut = z.object({
  key: z.enum(['mttd', 'mtta', 'mttm', 'mttr', 'perMonth', 'mtbf', 'resolution']),
  label: z.string(),
  value: z.number().nullable(),
  unit: z.enum(['ms', 'count']),
  n: z.number().int(),
  target: z.string().nullable(),
  met: z.boolean().nullable(),
  formula: z.string(),
  worked: z.string(),
});
const MtbfOut = z.object({ scope: z.string(), failures: z.number().int(), uptimeMs: z.number(), downtimeMs: z.number(), mtbfMs: z.number().nullable(), met: z.boolean().nullable() });
export const IncidentKpis = z.object({
  from: EpochMs,
  to: EpochMs,
  zone: z.string(),
  incidents: z.number().int(),
  values: z.array(KpiValueOut),
  mtbf: z.object({ overall: MtbfOut, perService: z.array(MtbfOut) }),
  months: z.array(z.object({ month: z.string(), start: EpochMs, end: EpochMs, incidents: z.number().int(), mttrMs: z.number().nullable() })),
  definitions: z.string(),
});
export type IncidentKpis = z.infer<typeof IncidentKpis>;

export const IncidentMetrics = z.object({
  from: EpochMs,
  to: EpochMs,
  series: z
    .array(z.object({ key: z.string(), label: z.string(), unit: z.string().nullable(), points: z.array(z.object({ t: EpochMs, v: z.number() })).max(2_000) }))
    .max(12),
  note: z.string().nullable(),
});
export type IncidentMetrics = z.infer<typeof IncidentMetrics>;

/** The error budget an incident spent, per affected SLO (its services' SLOs and the linked ones). */
export const IncidentImpact = z.object({
  incidentId: z.string(),
  /** The impact window: started → resolved (→ the newest cached data while open). */
  from: EpochMs,
  to: EpochMs,
  open: z.boolean(),
  /** The newest cached datapoint the figures stop at; null without data. */
  evaluatedAt: EpochMs.nullable(),
  formula: z.string(),
  slos: z
    .array(
      z.object({
        sloId: z.string(),
        name: z.string(),
        service: z.string(),
        targetPct: z.number(),
        windowLabel: z.string(),
        budgetMinutes: z.number(),
        bad: z.number(),
        total: z.number(),
        coveredMs: z.number(),
        spentMinutes: z.number().nullable(),
        spentPct: z.number().nullable(),
        crossings: z.array(z.object({ share: z.number(), at: EpochMs, consumedPct: z.number() })),
        worked: z.string(),
        reason: z.string().nullable(),
      }),
    )
    .max(200),
  note: z.string().nullable(),
});
export type IncidentImpact = z.infer<typeof IncidentImpact>;

const Ok = z.object({ ok: z.literal(true) });
const FileOut = z.object({ fileName: z.string(), content: z.string() });

export const incidentApi = {
  incidents: { input: z.object({}).strict(), output: IncidentList, topics: ['incidents', 'journal'] },
  incidentDetail: { input: z.object({ id: Id }).strict(), output: IncidentDetail, topics: ['incidents', 'journal'] },
  incidentTimeline: {
    input: z.object({ id: Id, from: EpochMs.optional(), to: EpochMs.optional() }).strict(),
    output: IncidentTimeline,
    topics: ['incidents', 'journal', 'alarms', 'sources', 'slos', 'backups'],
  },
  incidentMetrics: {
    input: z.object({ id: Id, from: EpochMs.optional(), to: EpochMs.optional() }).strict(),
    output: IncidentMetrics,
    topics: ['incidents', 'metrics'],
  },
  incidentImpact: { input: z.object({ id: Id }).strict(), output: IncidentImpact, topics: ['incidents', 'journal', 'metrics', 'slos'] },
  declareIncident: { input: DeclareIncidentInput, output: z.object({ id: z.string() }), topics: [] },
  updateIncident: {
    input: z
      .object({
        id: Id,
        title: z.string().trim().min(1, 'title cannot be empty').max(200).optional(),
        severity: IncidentSeverity.optional(),
        services: Services.optional(),
        summary: z.string().max(10_000, 'summary: at most 10,000 characters').optional(),
        author: Author,
      })
      .strict(),
    output: Ok,
    topics: [],
  },
  setMilestone: { input: z.object({ id: Id, milestone: MilestoneName, at: EpochMs.nullable(), author: Author }).strict(), output: Ok, topics: [] },
  setRole: { input: z.object({ id: Id, role: RoleName, person: z.string().trim().max(200).nullable(), author: Author }).strict(), output: Ok, topics: [] },
  addIncidentNote: {
    input: z.object({ id: Id, kind: z.enum(['note', 'status']), body: z.string().trim().min(1, 'body is required').max(20_000, 'body: at most 20,000 characters'), zone: Zone.default('UTC'), author: Author }).strict(),
    output: z.object({ id: z.string() }),
    topics: [],
  },
  linkIncident: {
    input: z.object({ id: Id, kind: LinkKind, target: z.string().trim().min(1, 'target is required').max(2_000), label: z.string().max(200).default(''), remove: z.boolean().default(false), author: Author }).strict(),
    output: Ok,
    topics: [],
  },
  markTimelineEntry: {
    input: z
      .object({
        id: Id,
        entryKey: z.string().min(1).max(2_000),
        kind: z.enum(['pin', 'unpin', 'annotate', 'hide', 'unhide', 'correct']),
        body: z.string().max(5_000, 'body: at most 5,000 characters').nullable().default(null),
        correctedAt: EpochMs.nullable().default(null),
        author: Author,
      })
      .strict(),
    output: Ok,
    topics: [],
  },
  saveActionItem: {
    input: z
      .object({
        id: Id,
        itemId: z.string().max(100).optional(),
        title: z.string().trim().min(1, 'title is required').max(500),
        owner: z.string().trim().min(1, 'owner is required').max(200),
        status: z.enum(['open', 'done', 'dropped']).default('open'),
        author: Author,
      })
      .strict(),
    output: z.object({ itemId: z.string() }),
    topics: [],
  },
  incidentKpis: {
    input: z.object({ from: EpochMs, to: EpochMs, zone: Zone.default('UTC') }).strict(),
    output: IncidentKpis,
    topics: ['incidents', 'journal'],
  },
  exportIncidentReview: { input: z.object({ id: Id }).strict(), output: FileOut, topics: [] },
  exportIncidentBundle: { input: z.object({ id: Id }).strict(), output: FileOut, topics: [] },
  importIncidentBundle: {
    input: z.object({ fileName: z.string().max(255), content: z.string().max(50_000_000, 'bundles over 50 MB are refused') }).strict(),
    output: z.object({ incidentId: z.string(), added: z.record(z.string(), z.number()), alreadyPresent: z.record(z.string(), z.number()) }),
    topics: [],
  },
} as const satisfies ApiSpec;

export const INCIDENT_WRITE_TOPICS = ['incidents', 'journal'] as const;

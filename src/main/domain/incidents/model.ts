// The incident record as the domain sees it: severity, services, roles, milestones kept in
// order, and the status-update rhythm. Pure: every "now" is passed in.
//
// The journal stores edits as appended rows; `foldIncident` turns those rows into the current
// record (the newest row per field wins), so nothing written is ever lost.

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The seeds' incident process, in order. Each milestone follows the one before it. */
export const MILESTONES = ['started', 'detected', 'acknowledged', 'investigating', 'identified', 'mitigated', 'resolved', 'reviewed'] as const;
export type Milestone = (typeof MILESTONES)[number];

export const MILESTONE_LABEL: Record<Milestone, string> = {
  started: 'Started',
  detected: 'Detected',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  identified: 'Cause identified',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  reviewed: 'Reviewed',
};

/** The seeds' three incident roles. */
export const ROLES = ['commander', 'technical', 'communications'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABEL: Record<Role, string> = {
  commander: 'Incident commander',
  technical: 'Technical lead',
  communications: 'Communications lead',
};

/** Epoch ms per milestone; absent = not reached (or cleared). */
export type Milestones = Partial<Record<Milestone, number>>;

/** The seeds' rhythm: "regular status updates (every 15–30 minutes)". We remind at the outer bound. */
export const STATUS_UPDATE_INTERVAL_MS = 30 * 60_000;

/** Clock skew tolerated before a milestone counts as "in the future" (laptop clocks drift). */
export const FUTURE_TOLERANCE_MS = 60_000;

export type Phase = 'triage' | 'investigating' | 'mitigated' | 'resolved' | 'reviewed';

export class MilestoneOrderError extends Error {
  constructor(
    readonly field: Milestone,
    message: string,
  ) {
    super(message);
  }
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * Checks a full set of milestones. Throws MilestoneOrderError naming the first offending
 * field: a milestone earlier than one it follows, a milestone in the future, or a review
 * before the incident was resolved. `started` is required.
 */
export function checkMilestones(m: Milestones, now: number): void {
  if (m.started === undefined) throw new MilestoneOrderError('started', 'milestones.started: an incident needs its start time');
  for (const name of MILESTONES) {
    const at = m[name];
    if (at === undefined) continue;
    if (!Number.isFinite(at) || at < 0) throw new MilestoneOrderError(name, `milestones.${name}: not a valid time`);
    if (at > now + FUTURE_TOLERANCE_MS) throw new MilestoneOrderError(name, `milestones.${name}: ${iso(at)} is in the future (now ${iso(now)})`);
  }
  const idx = (name: Milestone): number => MILESTONES.indexOf(name);
  for (const name of MILESTONES) {
    const at = m[name];
    if (at === undefined) continue;
    // The latest earlier milestone that is set: this one may not precede it.
    for (let i = idx(name) - 1; i >= 0; i--) {
      const before = MILESTONES[i]!;
      const b = m[before];
      if (b === undefined) continue;
      if (at < b) {
        throw new MilestoneOrderError(name, `milestones.${name}: ${iso(at)} is before ${before} (${iso(b)}); ${name} follows ${before}`);
      }
      break;
    }
  }
  if (m.reviewed !== undefined && m.resolved === undefined) {
    throw new MilestoneOrderError('reviewed', 'milestones.reviewed: an incident is reviewed after it is resolved; set resolved first');
  }
}

/** One milestone edited (null clears it), checked against the others. Returns the new set. */
export function editMilestone(current: Milestones, name: Milestone, at: number | null, now: number): Milestones {
  const next: Milestones = { ...current };
  if (at === null) {
    if (name === 'started') throw new MilestoneOrderError('started', 'milestones.started: the start cannot be cleared');
    delete next[name];
  } else next[name] = at;
  checkMilestones(next, now);
  return next;
}

export function isOpen(m: Milestones): boolean {
  return m.resolved === undefined;
}

export function phaseOf(m: Milestones): Phase {
  if (m.reviewed !== undefined) return 'reviewed';
  if (m.resolved !== undefined) return 'resolved';
  if (m.mitigated !== undefined) return 'mitigated';
  if (m.investigating !== undefined || m.identified !== undefined) return 'investigating';
  return 'triage';
}

export const PHASE_LABEL: Record<Phase, string> = {
  triage: 'Triage',
  investigating: 'Investigating',
  mitigated: 'Mitigated, recovering',
  resolved: 'Resolved, review pending',
  reviewed: 'Reviewed',
};

export interface Reminder {
  due: boolean;
  /** The last status update, or the start when none was written. */
  since: number;
  /** When the next update is due. */
  dueAt: number;
  overdueMs: number;
  text: string;
}

/**
 * The status-update reminder: while an incident is open, an update is due 30 min after the
 * last one (or after the declaration when none was written yet).
 */
export function statusReminder(m: Milestones, declaredAt: number, lastUpdateAt: number | null, now: number): Reminder | null {
  if (!isOpen(m)) return null;
  const since = lastUpdateAt ?? declaredAt;
  const dueAt = since + STATUS_UPDATE_INTERVAL_MS;
  const overdueMs = Math.max(0, now - dueAt);
  const due = now >= dueAt;
  const minutes = Math.floor((now - since) / 60_000);
  return {
    due,
    since,
    dueAt,
    overdueMs,
    text: due
      ? `No status update for ${minutes} min: the seeds ask for one every 15–30 minutes.`
      : `Next status update due in ${Math.ceil((dueAt - now) / 60_000)} min.`,
  };
}

// ---------------------------------------------------------------------------------------
// Folding the journal's rows into the current record

export interface IncidentRow {
  id: string;
  createdAt: number;
  author: string;
  title: string;
  severity: Severity;
  services: string[];
  summary: string;
  /** The alert occurrence it was declared from, if any. */
  declaredFrom: string | null;
}

export interface RevisionRow {
  createdAt: number;
  author: string;
  title: string | null;
  severity: Severity | null;
  services: string[] | null;
  summary: string | null;
}

export interface MilestoneRow {
  createdAt: number;
  author: string;
  milestone: Milestone;
  at: number | null;
}

export interface RoleRow {
  createdAt: number;
  author: string;
  role: Role;
  person: string | null;
}

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  services: string[];
  summary: string;
  declaredAt: number;
  declaredBy: string;
  declaredFrom: string | null;
  milestones: Milestones;
  roles: Partial<Record<Role, string>>;
  updatedAt: number;
}

/** Rows must be in write order (created_at, then rowid); the newest per field wins. */
export function foldIncident(base: IncidentRow, revisions: readonly RevisionRow[], milestones: readonly MilestoneRow[], roles: readonly RoleRow[]): Incident {
  const out: Incident = {
    id: base.id,
    title: base.title,
    severity: base.severity,
    services: base.services,
    summary: base.summary,
    declaredAt: base.createdAt,
    declaredBy: base.author,
    declaredFrom: base.declaredFrom,
    milestones: {},
    roles: {},
    updatedAt: base.createdAt,
  };
  for (const r of revisions) {
    if (r.title !== null) out.title = r.title;
    if (r.severity !== null) out.severity = r.severity;
    if (r.services !== null) out.services = r.services;
    if (r.summary !== null) out.summary = r.summary;
    out.updatedAt = Math.max(out.updatedAt, r.createdAt);
  }
  for (const m of milestones) {
    if (m.at === null) delete out.milestones[m.milestone];
    else out.milestones[m.milestone] = m.at;
    out.updatedAt = Math.max(out.updatedAt, m.createdAt);
  }
  for (const r of roles) {
    if (r.person === null || r.person === '') delete out.roles[r.role];
    else out.roles[r.role] = r.person;
    out.updatedAt = Math.max(out.updatedAt, r.createdAt);
  }
  return out;
}

/** The list order: open incidents first, then by start, newest first. */
export function compareForList(a: Incident, b: Incident): number {
  const openA = isOpen(a.milestones) ? 0 : 1;
  const openB = isOpen(b.milestones) ? 0 : 1;
  if (openA !== openB) return openA - openB;
  const sa = a.milestones.started ?? a.declaredAt;
  const sb = b.milestones.started ?? b.declaredAt;
  return sb - sa || a.id.localeCompare(b.id);
}

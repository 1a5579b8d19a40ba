// journal.db queries for incidents (JOURNAL_MIGRATIONS 300–309): the incident, its
// revisions, milestones, roles, notes and status updates, links, timeline marks, action
// items, and evidence imported with a bundle.
//
// Append-only like the alert journal: every row has a UUID, an author and created_at, and
// an edit is a new row (the newest row per field wins when folded), so journal files merge
// by id without duplicates and nothing anyone wrote is lost.
import { randomUUID } from 'node:crypto';
import type { Migration } from './db';
import type { Db } from './db';
import type { IncidentRow, Milestone, MilestoneRow, RevisionRow, Role, RoleRow, Severity } from '../domain/incidents/model';
import type { Mark, MarkKind } from '../domain/incidents/timeline';

export const INCIDENT_JOURNAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 300,
    name: 'incidents: records, revisions, milestones, roles, notes, links, timeline marks, action items, evidence (append-only)',
    sql: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        title TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
        services TEXT NOT NULL,
        summary TEXT NOT NULL,
        declared_from TEXT
      );
      -- Null columns leave the field as it was.
      CREATE TABLE incident_revisions (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        title TEXT,
        severity TEXT CHECK (severity IS NULL OR severity IN ('P1', 'P2', 'P3', 'P4')),
        services TEXT,
        summary TEXT
      );
      CREATE INDEX incident_revisions_by_incident ON incident_revisions (incident_id, created_at);
      -- at NULL clears the milestone.
      CREATE TABLE incident_milestones (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        milestone TEXT NOT NULL CHECK (milestone IN ('started', 'detected', 'acknowledged', 'investigating', 'identified', 'mitigated', 'resolved', 'reviewed')),
        at INTEGER
      );
      CREATE INDEX incident_milestones_by_incident ON incident_milestones (incident_id, created_at);
      CREATE TABLE incident_roles (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('commander', 'technical', 'communications')),
        person TEXT
      );
      CREATE INDEX incident_roles_by_incident ON incident_roles (incident_id, created_at);
      -- zone: the writer's time zone, so the timeline can show the time as they saw it.
      CREATE TABLE incident_notes (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('note', 'status')),
        body TEXT NOT NULL,
        zone TEXT NOT NULL
      );
      CREATE INDEX incident_notes_by_incident ON incident_notes (incident_id, created_at);
      CREATE TABLE incident_links (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('alert', 'slo', 'channel', 'status-page', 'other')),
        target TEXT NOT NULL,
        label TEXT NOT NULL,
        removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
      );
      CREATE INDEX incident_links_by_incident ON incident_links (incident_id, created_at);
      CREATE TABLE incident_timeline_marks (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        entry_key TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('pin', 'unpin', 'annotate', 'hide', 'unhide', 'correct')),
        body TEXT,
        corrected_at INTEGER
      );
      CREATE INDEX incident_timeline_marks_by_incident ON incident_timeline_marks (incident_id, created_at);
      -- Rows sharing item_id are versions of one action item; the newest wins.
      CREATE TABLE incident_action_items (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped'))
      );
      CREATE INDEX incident_action_items_by_incident ON incident_action_items (incident_id, created_at);
      -- Timeline entries that came with an imported bundle (the colleague's cache, not ours).
      CREATE TABLE incident_evidence (
        id TEXT PRIMARY KEY,
        incident_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        author TEXT NOT NULL,
        entry_key TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX incident_evidence_by_incident ON incident_evidence (incident_id);
    `,
  },
];

/** Every table an incident's rows live in (bundle export/import), keyed by the incident column. */
export const INCIDENT_TABLES = {
  incidents: 'id',
  incident_revisions: 'incident_id',
  incident_milestones: 'incident_id',
  incident_roles: 'incident_id',
  incident_notes: 'incident_id',
  incident_links: 'incident_id',
  incident_timeline_marks: 'incident_id',
  incident_action_items: 'incident_id',
  incident_evidence: 'incident_id',
} as const;
export type IncidentTable = keyof typeof INCIDENT_TABLES;

export type LinkKind = 'alert' | 'slo' | 'channel' | 'status-page' | 'other';
export type NoteKind = 'note' | 'status';
export type ActionStatus = 'open' | 'done' | 'dropped';

export interface NoteRow {
  id: string;
  createdAt: number;
  author: string;
  kind: NoteKind;
  body: string;
  zone: string;
}

export interface LinkRow {
  id: string;
  createdAt: number;
  author: string;
  kind: LinkKind;
  target: string;
  label: string;
  removed: boolean;
}

export interface ActionItemRow {
  itemId: string;
  createdAt: number;
  author: string;
  title: string;
  owner: string;
  status: ActionStatus;
}

export interface IncidentRows {
  base: IncidentRow;
  revisions: RevisionRow[];
  milestones: MilestoneRow[];
  roles: RoleRow[];
  notes: NoteRow[];
  links: LinkRow[];
  marks: Mark[];
  actionItems: ActionItemRow[];
  evidence: { entryKey: string; body: string }[];
}

export interface Declaration {
  title: string;
  severity: Severity;
  services: string[];
  summary: string;
  declaredFrom: string | null;
  milestones: Partial<Record<Milestone, number>>;
  roles: Partial<Record<Role, string>>;
  links: { kind: LinkKind; target: string; label: string }[];
}

export class IncidentConflictError extends Error {}

const json = (v: unknown): string => JSON.stringify(v);
const parseList = (text: string | null): string[] | null => (text === null ? null : (JSON.parse(text) as string[]));

export class IncidentJournal {
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      insertIncident: db.prepare(
        `INSERT INTO incidents (id, created_at, author, title, severity, services, summary, declared_from)
         VALUES (@id, @createdAt, @author, @title, @severity, @services, @summary, @declaredFrom)`,
      ),
      insertRevision: db.prepare(
        `INSERT INTO incident_revisions (id, incident_id, created_at, author, title, severity, services, summary)
         VALUES (@id, @incidentId, @createdAt, @author, @title, @severity, @services, @summary)`,
      ),
      insertMilestone: db.prepare('INSERT INTO incident_milestones (id, incident_id, created_at, author, milestone, at) VALUES (?, ?, ?, ?, ?, ?)'),
      insertRole: db.prepare('INSERT INTO incident_roles (id, incident_id, created_at, author, role, person) VALUES (?, ?, ?, ?, ?, ?)'),
      insertNote: db.prepare('INSERT INTO incident_notes (id, incident_id, created_at, author, kind, body, zone) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertLink: db.prepare('INSERT INTO incident_links (id, incident_id, created_at, author, kind, target, label, removed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertMark: db.prepare(
        'INSERT INTO incident_timeline_marks (id, incident_id, created_at, author, entry_key, kind, body, corrected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertItem: db.prepare(
        'INSERT INTO incident_action_items (id, item_id, incident_id, created_at, author, title, owner, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertEvidence: db.prepare('INSERT INTO incident_evidence (id, incident_id, created_at, author, entry_key, body) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      incident: db.prepare('SELECT * FROM incidents WHERE id = ?'),
      incidents: db.prepare('SELECT * FROM incidents ORDER BY created_at, rowid'),
      revisions: db.prepare('SELECT * FROM incident_revisions WHERE incident_id = ? ORDER BY created_at, rowid'),
      milestones: db.prepare('SELECT * FROM incident_milestones WHERE incident_id = ? ORDER BY created_at, rowid'),
      allMilestones: db.prepare('SELECT * FROM incident_milestones ORDER BY created_at, rowid'),
      allRevisions: db.prepare('SELECT * FROM incident_revisions ORDER BY created_at, rowid'),
      allRoles: db.prepare('SELECT * FROM incident_roles ORDER BY created_at, rowid'),
      lastStatus: db.prepare("SELECT incident_id, max(created_at) AS at FROM incident_notes WHERE kind = 'status' GROUP BY incident_id"),
      roles: db.prepare('SELECT * FROM incident_roles WHERE incident_id = ? ORDER BY created_at, rowid'),
      notes: db.prepare('SELECT * FROM incident_notes WHERE incident_id = ? ORDER BY created_at, rowid'),
      links: db.prepare('SELECT * FROM incident_links WHERE incident_id = ? ORDER BY created_at, rowid'),
      marks: db.prepare('SELECT * FROM incident_timeline_marks WHERE incident_id = ? ORDER BY created_at, rowid'),
      items: db.prepare('SELECT * FROM incident_action_items WHERE incident_id = ? ORDER BY created_at, rowid'),
      evidence: db.prepare('SELECT entry_key, body FROM incident_evidence WHERE incident_id = ? ORDER BY created_at, rowid'),
    };
  }

  exists(id: string): boolean {
    return this.stmts.incident.get(id) !== undefined;
  }

  /** One gesture: the incident, its first milestones, roles and links, all or nothing. */
  declare(d: Declaration, author: string, at: number): string {
    const id = randomUUID();
    this.db.transaction(() => {
      this.stmts.insertIncident.run({ id, createdAt: at, author, title: d.title, severity: d.severity, services: json(d.services), summary: d.summary, declaredFrom: d.declaredFrom });
      for (const [name, when] of Object.entries(d.milestones)) if (when !== undefined) this.stmts.insertMilestone.run(randomUUID(), id, at, author, name, when);
      for (const [role, person] of Object.entries(d.roles)) if (person) this.stmts.insertRole.run(randomUUID(), id, at, author, role, person);
      for (const l of d.links) this.stmts.insertLink.run(randomUUID(), id, at, author, l.kind, l.target, l.label, 0);
    })();
    return id;
  }

  revise(incidentId: string, patch: { title?: string; severity?: Severity; services?: string[]; summary?: string }, author: string, at: number): void {
    this.stmts.insertRevision.run({
      id: randomUUID(),
      incidentId,
      createdAt: at,
      author,
      title: patch.title ?? null,
      severity: patch.severity ?? null,
      services: patch.services ? json(patch.services) : null,
      summary: patch.summary ?? null,
    });
  }

  setMilestone(incidentId: string, milestone: Milestone, when: number | null, author: string, at: number): string {
    const id = randomUUID();
    this.stmts.insertMilestone.run(id, incidentId, at, author, milestone, when);
    return id;
  }

  setRole(incidentId: string, role: Role, person: string | null, author: string, at: number): string {
    const id = randomUUID();
    this.stmts.insertRole.run(id, incidentId, at, author, role, person);
    return id;
  }

  addNote(incidentId: string, kind: NoteKind, body: string, zone: string, author: string, at: number): string {
    const id = randomUUID();
    this.stmts.insertNote.run(id, incidentId, at, author, kind, body, zone);
    return id;
  }

  addLink(incidentId: string, link: { kind: LinkKind; target: string; label: string }, author: string, at: number, removed = false): string {
    const id = randomUUID();
    this.stmts.insertLink.run(id, incidentId, at, author, link.kind, link.target, link.label, removed ? 1 : 0);
    return id;
  }

  addMark(incidentId: string, m: { entryKey: string; kind: MarkKind; body: string | null; correctedAt: number | null }, author: string, at: number): string {
    const id = randomUUID();
    this.stmts.insertMark.run(id, incidentId, at, author, m.entryKey, m.kind, m.body, m.correctedAt);
    return id;
  }

  /** A new action item (itemId omitted) or a new version of one. */
  saveActionItem(incidentId: string, item: { itemId?: string; title: string; owner: string; status: ActionStatus }, author: string, at: number): string {
    const itemId = item.itemId ?? randomUUID();
    this.stmts.insertItem.run(randomUUID(), itemId, incidentId, at, author, item.title, item.owner, item.status);
    return itemId;
  }

  list(): IncidentRow[] {
    return (this.stmts.incidents.all() as IncidentDbRow[]).map(toIncidentRow);
  }

  /** Every incident's folding rows at once (the list and the KPIs), grouped by incident. */
  allFoldingRows(): { revisions: Map<string, RevisionRow[]>; milestones: Map<string, MilestoneRow[]>; roles: Map<string, RoleRow[]>; lastStatus: Map<string, number> } {
    const group = <R>(rows: { incident_id: string }[], map: (r: never) => R): Map<string, R[]> => {
      const out = new Map<string, R[]>();
      for (const r of rows) {
        const list = out.get(r.incident_id) ?? [];
        list.push(map(r as never));
        out.set(r.incident_id, list);
      }
      return out;
    };
    return {
      revisions: group(this.stmts.allRevisions.all() as RevisionDbRow[], toRevision),
      milestones: group(this.stmts.allMilestones.all() as MilestoneDbRow[], toMilestone),
      roles: group(this.stmts.allRoles.all() as RoleDbRow[], toRole),
      lastStatus: new Map((this.stmts.lastStatus.all() as { incident_id: string; at: number }[]).map((r) => [r.incident_id, r.at])),
    };
  }

  rows(incidentId: string): IncidentRows | null {
    const base = this.stmts.incident.get(incidentId) as IncidentDbRow | undefined;
    if (!base) return null;
    return {
      base: toIncidentRow(base),
      revisions: (this.stmts.revisions.all(incidentId) as RevisionDbRow[]).map(toRevision),
      milestones: (this.stmts.milestones.all(incidentId) as MilestoneDbRow[]).map(toMilestone),
      roles: (this.stmts.roles.all(incidentId) as RoleDbRow[]).map(toRole),
      notes: (this.stmts.notes.all(incidentId) as { id: string; created_at: number; author: string; kind: NoteKind; body: string; zone: string }[]).map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        author: r.author,
        kind: r.kind,
        body: r.body,
        zone: r.zone,
      })),
      links: (this.stmts.links.all(incidentId) as { id: string; created_at: number; author: string; kind: LinkKind; target: string; label: string; removed: number }[]).map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        author: r.author,
        kind: r.kind,
        target: r.target,
        label: r.label,
        removed: r.removed === 1,
      })),
      marks: (this.stmts.marks.all(incidentId) as { id: string; created_at: number; author: string; entry_key: string; kind: MarkKind; body: string | null; corrected_at: number | null }[]).map((r) => ({
        id: r.id,
        entryKey: r.entry_key,
        kind: r.kind,
        author: r.author,
        createdAt: r.created_at,
        body: r.body,
        correctedAt: r.corrected_at,
      })),
      actionItems: (this.stmts.items.all(incidentId) as { item_id: string; created_at: number; author: string; title: string; owner: string; status: ActionStatus }[]).map((r) => ({
        itemId: r.item_id,
        createdAt: r.created_at,
        author: r.author,
        title: r.title,
        owner: r.owner,
        status: r.status,
      })),
      evidence: (this.stmts.evidence.all(incidentId) as { entry_key: string; body: string }[]).map((r) => ({ entryKey: r.entry_key, body: r.body })),
    };
  }

  /** The raw rows of one incident in every incident table, as stored (for a bundle). */
  rawRows(incidentId: string): Record<IncidentTable, Record<string, unknown>[]> {
    const out = {} as Record<IncidentTable, Record<string, unknown>[]>;
    for (const [table, column] of Object.entries(INCIDENT_TABLES) as [IncidentTable, string][]) {
      out[table] = this.db.prepare(`SELECT * FROM ${table} WHERE ${column} = ? ORDER BY created_at, rowid`).all(incidentId) as Record<string, unknown>[];
    }
    return out;
  }

  /**
   * Inserts bundle rows in one transaction. A row whose id we already hold with the same
   * content is skipped (re-import adds nothing); with different content it is a conflict,
   * reported with its place, and nothing at all is written.
   */
  importRows(tables: Partial<Record<IncidentTable | 'alert_actions', Record<string, unknown>[]>>, label: string): { added: Record<string, number>; alreadyPresent: Record<string, number> } {
    const added: Record<string, number> = {};
    const alreadyPresent: Record<string, number> = {};
    this.db.transaction(() => {
      for (const [table, rows] of Object.entries(tables) as [IncidentTable | 'alert_actions', Record<string, unknown>[]][]) {
        if (!(table in INCIDENT_TABLES) && table !== 'alert_actions') throw new IncidentConflictError(`${label}: table "${table}" is not an incident table; nothing was imported`);
        const cols = (this.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]);
        const existing = this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
        let a = 0;
        let p = 0;
        rows.forEach((row, i) => {
          const id = row.id;
          if (typeof id !== 'string' || id.length === 0) throw new IncidentConflictError(`${label}: ${table}[${i}].id: missing; nothing was imported`);
          const have = existing.get(id) as Record<string, unknown> | undefined;
          if (have) {
            // Evidence is a snapshot of someone's cache: the first copy of an entry stays.
            const differs = table === 'incident_evidence' ? undefined : cols.find((c) => c in row && (have[c] ?? null) !== (row[c] ?? null));
            if (differs) {
              throw new IncidentConflictError(
                `${label}: ${table}[${i}] has id ${id}, which this journal already holds with a different ${differs}; nothing was imported`,
              );
            }
            p += 1;
            return;
          }
          const present = cols.filter((c) => c in row);
          try {
            this.db.prepare(`INSERT INTO ${table} (${present.join(', ')}) VALUES (${present.map(() => '?').join(', ')})`).run(...present.map((c) => row[c] as never));
          } catch (err) {
            throw new IncidentConflictError(`${label}: ${table}[${i}]: ${(err as Error).message}; nothing was imported`);
          }
          a += 1;
        });
        added[table] = a;
        alreadyPresent[table] = p;
      }
    })();
    return { added, alreadyPresent };
  }

  /** Evidence id from its incident and entry: the same entry imported twice is one row. */
  addEvidence(incidentId: string, entryKey: string, body: string, author: string, at: number, id: string): void {
    this.stmts.insertEvidence.run(id, incidentId, at, author, entryKey, body);
  }
}

type IncidentDbRow = { id: string; created_at: number; author: string; title: string; severity: Severity; services: string; summary: string; declared_from: string | null };
type RevisionDbRow = { incident_id: string; created_at: number; author: string; title: string | null; severity: Severity | null; services: string | null; summary: string | null };
type MilestoneDbRow = { incident_id: string; created_at: number; author: string; milestone: Milestone; at: number | null };
type RoleDbRow = { incident_id: string; created_at: number; author: string; role: Role; person: string | null };

function toIncidentRow(r: IncidentDbRow): IncidentRow {
  return { id: r.id, createdAt: r.created_at, author: r.author, title: r.title, severity: r.severity, services: parseList(r.services) ?? [], summary: r.summary, declaredFrom: r.declared_from };
}
function toRevision(r: RevisionDbRow): RevisionRow {
  return { createdAt: r.created_at, author: r.author, title: r.title, severity: r.severity, services: parseList(r.services), summary: r.summary };
}
function toMilestone(r: MilestoneDbRow): MilestoneRow {
  return { createdAt: r.created_at, author: r.author, milestone: r.milestone, at: r.at };
}
function toRole(r: RoleDbRow): RoleRow {
  return { createdAt: r.created_at, author: r.author, role: r.role, person: r.person };
}

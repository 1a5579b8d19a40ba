// journal.db queries for the alert queue (JOURNAL_MIGRATIONS v2): acknowledgements and the
// other actions, silences, maintenance plans and alert settings.
//
// Append-only by design: every row has a UUID id, an author and created_at, and nothing is
// updated in place (ack then un-ack is two rows; ending a silence early adds an expiry row).
// So two journal files merge by id without duplicates or lost edits, and the history of who
// did what stays readable. Each gesture is written in one transaction: all or nothing.
import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import type { JournalStore } from './journal';

// Order: created_at, then rowid — the order rows were written — for gestures in the same
// millisecond (ack then un-ack must read back in that order; a UUID would shuffle them).

export const ACTION_KINDS = ['ack', 'unack', 'assign', 'snooze', 'unsnooze', 'note'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface NewAction {
  occurrenceKey: string;
  kind: ActionKind;
  note?: string | null;
  assignee?: string | null;
  /** Snoozes: when the snooze runs out (epoch ms). */
  until?: number | null;
}

export interface ActionRow {
  id: string;
  batchId: string;
  createdAt: number;
  author: string;
  occurrenceKey: string;
  kind: ActionKind;
  note: string | null;
  assignee: string | null;
  until: number | null;
}

export interface SilenceRow {
  id: string;
  createdAt: number;
  author: string;
  /** As stored: validated matcher objects when written; re-validate when reading an imported file. */
  matchers: unknown;
  startsAt: number;
  endsAt: number;
  reason: string;
  /** The first early end, if someone ended it before endsAt. */
  expiredAt: number | null;
  expiredBy: string | null;
}

export interface PlanRow {
  id: string;
  createdAt: number;
  author: string;
  title: string;
  rule: unknown;
  matchers: unknown;
}

export interface Retirement {
  planId: string;
  at: number;
  by: string;
}

export interface SettingsRow {
  id: string;
  createdAt: number;
  author: string;
  body: unknown;
}

/**
 * Where the action table stands: its row count and newest rowid. Rows are only ever appended,
 * so a count that grew by exactly the rows after `last` means nothing else changed.
 */
export interface ActionsMark {
  count: number;
  last: number;
}

export class JournalWriteError extends Error {}

type ActionDbRow = {
  id: string;
  batch_id: string;
  created_at: number;
  author: string;
  occurrence_key: string;
  kind: ActionKind;
  note: string | null;
  assignee: string | null;
  until: number | null;
};

function toAction(r: ActionDbRow): ActionRow {
  return {
    id: r.id,
    batchId: r.batch_id,
    createdAt: r.created_at,
    author: r.author,
    occurrenceKey: r.occurrence_key,
    kind: r.kind,
    note: r.note,
    assignee: r.assignee,
    until: r.until,
  };
}

function requireAuthor(author: string): string {
  const trimmed = author.trim();
  if (!trimmed) throw new JournalWriteError('author is required');
  return trimmed;
}

export class AlertJournal {
  private readonly stmts;

  constructor(readonly db: Db) {
    this.stmts = {
      insertAction: db.prepare(
        `INSERT INTO alert_actions (id, created_at, author, batch_id, occurrence_key, kind, note, assignee, until)
         VALUES (@id, @createdAt, @author, @batchId, @occurrenceKey, @kind, @note, @assignee, @until)`,
      ),
      actionsFor: db.prepare(
        'SELECT * FROM alert_actions WHERE occurrence_key IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid',
      ),
      actionsSince: db.prepare('SELECT * FROM alert_actions WHERE created_at >= ? ORDER BY created_at, rowid'),
      actionsAfter: db.prepare('SELECT * FROM alert_actions WHERE rowid > ? ORDER BY created_at, rowid'),
      actionsMark: db.prepare('SELECT count(*) AS count, coalesce(max(rowid), 0) AS last FROM alert_actions'),
      firstAck: db.prepare("SELECT min(created_at) FROM alert_actions WHERE kind = 'ack'").pluck(),
      insertSilence: db.prepare(
        `INSERT INTO silences (id, created_at, author, matchers, starts_at, ends_at, reason)
         VALUES (@id, @createdAt, @author, @matchers, @startsAt, @endsAt, @reason)`,
      ),
      silences: db.prepare(
        `SELECT s.*, (SELECT min(created_at) FROM silence_expiries e WHERE e.silence_id = s.id) AS expired_at,
                (SELECT author FROM silence_expiries e WHERE e.silence_id = s.id ORDER BY created_at, rowid LIMIT 1) AS expired_by
         FROM silences s ORDER BY s.created_at, s.rowid`,
      ),
      silenceById: db.prepare('SELECT id FROM silences WHERE id = ?').pluck(),
      insertExpiry: db.prepare('INSERT INTO silence_expiries (id, created_at, author, silence_id) VALUES (?, ?, ?, ?)'),
      insertPlan: db.prepare(
        'INSERT INTO maintenance_plans (id, created_at, author, title, rule, matchers) VALUES (@id, @createdAt, @author, @title, @rule, @matchers)',
      ),
      plans: db.prepare('SELECT * FROM maintenance_plans ORDER BY created_at, rowid'),
      insertRetirement: db.prepare('INSERT INTO maintenance_retirements (id, created_at, author, plan_id) VALUES (?, ?, ?, ?)'),
      retirements: db.prepare(
        `SELECT r.plan_id AS planId, r.created_at AS at, r.author AS by FROM maintenance_retirements r
         WHERE r.id = (SELECT id FROM maintenance_retirements x WHERE x.plan_id = r.plan_id ORDER BY created_at, rowid LIMIT 1)`,
      ),
      insertSettings: db.prepare('INSERT INTO alert_settings (id, created_at, author, body) VALUES (?, ?, ?, ?)'),
      latestSettings: db.prepare('SELECT id, created_at AS createdAt, author, body FROM alert_settings ORDER BY created_at DESC, rowid DESC LIMIT 1'),
    };
  }

  // -------------------------------------------------------------------------------------
  // Actions

  /** Writes one gesture (one row per occurrence) atomically; returns the batch id and row ids. */
  recordActions(actions: readonly NewAction[], author: string, at: number): { batchId: string; ids: string[] } {
    if (actions.length === 0) throw new JournalWriteError('no occurrences to record an action for');
    const by = requireAuthor(author);
    const batchId = randomUUID();
    const ids: string[] = [];
    this.db.transaction(() => {
      for (const a of actions) {
        const id = randomUUID();
        this.stmts.insertAction.run({
          id,
          createdAt: at,
          author: by,
          batchId,
          occurrenceKey: a.occurrenceKey,
          kind: a.kind,
          note: a.note ?? null,
          assignee: a.assignee ?? null,
          until: a.until ?? null,
        });
        ids.push(id);
      }
    })();
    return { batchId, ids };
  }

  /** Every action on these occurrences, oldest first. */
  actionsFor(occurrenceKeys: readonly string[]): ActionRow[] {
    if (occurrenceKeys.length === 0) return [];
    return (this.stmts.actionsFor.all(JSON.stringify(occurrenceKeys)) as ActionDbRow[]).map(toAction);
  }

  /**
   * The actions on these occurrences and the table's mark, read in one snapshot: what a later
   * actionsAfter(mark) returns is exactly what was written since (the journal worker writes too).
   */
  actionsForWithMark(occurrenceKeys: readonly string[]): { rows: ActionRow[]; mark: ActionsMark } {
    return this.db.transaction(() => ({ rows: this.actionsFor(occurrenceKeys), mark: this.stmts.actionsMark.get() as ActionsMark }))();
  }

  /** Where the action table stands now (what actionsForWithMark would return as its mark). */
  actionsMark(): ActionsMark {
    return this.stmts.actionsMark.get() as ActionsMark;
  }

  /** Actions written after `mark` (by rowid: append-only), oldest first, with the new mark. */
  actionsAfter(mark: ActionsMark): { rows: ActionRow[]; mark: ActionsMark } {
    return this.db.transaction(() => ({ rows: (this.stmts.actionsAfter.all(mark.last) as ActionDbRow[]).map(toAction), mark: this.stmts.actionsMark.get() as ActionsMark }))();
  }

  actionsSince(from: number): ActionRow[] {
    return (this.stmts.actionsSince.all(from) as ActionDbRow[]).map(toAction);
  }

  /** When the first acknowledgement was recorded in this journal; null if none ever was. */
  firstAcknowledgementAt(): number | null {
    return (this.stmts.firstAck.get() as number | null) ?? null;
  }

  // -------------------------------------------------------------------------------------
  // Silences

  addSilence(s: { matchers: unknown; startsAt: number; endsAt: number; reason: string; author: string }, at: number): SilenceRow {
    if (!(s.endsAt > s.startsAt)) throw new JournalWriteError('endsAt must be after startsAt');
    const row = {
      id: randomUUID(),
      createdAt: at,
      author: requireAuthor(s.author),
      matchers: JSON.stringify(s.matchers),
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      reason: s.reason,
    };
    this.stmts.insertSilence.run(row);
    return { ...row, matchers: s.matchers, expiredAt: null, expiredBy: null };
  }

  /** Ends a silence early (an expiry row; the silence row itself is never changed). */
  expireSilence(id: string, author: string, at: number): void {
    const by = requireAuthor(author);
    this.db.transaction(() => {
      if (!this.stmts.silenceById.get(id)) throw new JournalWriteError(`no silence with id ${JSON.stringify(id)}`);
      this.stmts.insertExpiry.run(randomUUID(), at, by, id);
    })();
  }

  silences(): SilenceRow[] {
    const rows = this.stmts.silences.all() as {
      id: string;
      created_at: number;
      author: string;
      matchers: string;
      starts_at: number;
      ends_at: number;
      reason: string;
      expired_at: number | null;
      expired_by: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      author: r.author,
      matchers: JSON.parse(r.matchers) as unknown,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      reason: r.reason,
      expiredAt: r.expired_at,
      expiredBy: r.expired_by,
    }));
  }

  // -------------------------------------------------------------------------------------
  // Maintenance plans

  addPlan(p: { title: string; rule: unknown; matchers: unknown; author: string }, at: number): PlanRow {
    const row = { id: randomUUID(), createdAt: at, author: requireAuthor(p.author), title: p.title, rule: JSON.stringify(p.rule), matchers: JSON.stringify(p.matchers) };
    this.stmts.insertPlan.run(row);
    return { ...row, rule: p.rule, matchers: p.matchers };
  }

  plans(): PlanRow[] {
    const rows = this.stmts.plans.all() as { id: string; created_at: number; author: string; title: string; rule: string; matchers: string }[];
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      author: r.author,
      title: r.title,
      rule: JSON.parse(r.rule) as unknown,
      matchers: JSON.parse(r.matchers) as unknown,
    }));
  }

  /** Retires a plan (stored or built in): its windows stop suppressing anything. */
  retirePlan(planId: string, author: string, at: number): void {
    this.stmts.insertRetirement.run(randomUUID(), at, requireAuthor(author), planId);
  }

  /** The first retirement of each plan. */
  retirements(): Map<string, Retirement> {
    const rows = this.stmts.retirements.all() as Retirement[];
    return new Map(rows.map((r) => [r.planId, r]));
  }

  // -------------------------------------------------------------------------------------
  // Settings

  saveSettings(body: unknown, author: string, at: number): SettingsRow {
    const row = { id: randomUUID(), createdAt: at, author: requireAuthor(author), body };
    this.stmts.insertSettings.run(row.id, row.createdAt, row.author, JSON.stringify(body));
    return row;
  }

  latestSettings(): SettingsRow | null {
    const r = this.stmts.latestSettings.get() as { id: string; createdAt: number; author: string; body: string } | undefined;
    return r ? { ...r, body: JSON.parse(r.body) as unknown } : null;
  }
}

const alertJournals = new WeakMap<JournalStore, AlertJournal>();

/** The alert tables of this journal connection (statements prepared once per connection). */
export function alertJournalOf(journal: JournalStore): AlertJournal {
  let store = alertJournals.get(journal);
  if (!store) {
    store = new AlertJournal(journal.db);
    alertJournals.set(journal, store);
  }
  return store;
}

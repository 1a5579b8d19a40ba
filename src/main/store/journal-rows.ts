// What a journal row may hold, per table, in the database's own column names — built from the
// contract's schemas (src/shared/contract/alerts.ts), so an imported silence is held to the
// same rules as one typed into the form. JSON columns are parsed and validated inside.
// A table with no schema here (added by a later migration) is checked against its SQL
// declaration: NOT NULL columns present, integers where it says INTEGER, text where TEXT.
import { z } from 'zod';
import { AlertSettings, MaintenanceRule, Matcher, MatcherList } from '../../shared/contract/alerts';
import { ACTION_KINDS } from './alert-journal';

const Id = z.string().min(1, 'required').max(200);
const Ms = z.number().int().nonnegative();
const Author = z.string().trim().min(1, 'required').max(200);
const Text = (max: number) => z.string().max(max);

/** A TEXT column holding JSON that must satisfy `schema`. */
function jsonText(schema: z.ZodType) {
  return z.string().max(1_000_000).superRefine((text, ctx) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `not JSON (${(err as Error).message})` });
      return;
    }
    const r = schema.safeParse(value);
    if (!r.success) for (const i of r.error.issues.slice(0, 3)) ctx.addIssue({ code: 'custom', message: `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}` });
  });
}

const common = { id: Id, created_at: Ms, author: Author };

export const JOURNAL_ROW_SCHEMAS: Record<string, z.ZodType> = {
  notes: z.object({ ...common, subject: Text(1_000).min(1, 'required'), body: Text(1_000_000) }),
  alert_actions: z.object({
    ...common,
    batch_id: Id,
    occurrence_key: Text(2_000).min(1, 'required'),
    kind: z.enum(ACTION_KINDS),
    note: Text(100_000).nullable(),
    assignee: Text(200).nullable(),
    until: Ms.nullable(),
  }),
  silences: z
    .object({ ...common, matchers: jsonText(z.array(Matcher).min(1, 'at least one matcher')), starts_at: Ms, ends_at: Ms, reason: Text(100_000).min(1, 'required') })
    .refine((r) => r.ends_at > r.starts_at, { message: 'must be after starts_at', path: ['ends_at'] }),
  silence_expiries: z.object({ ...common, silence_id: Id }),
  maintenance_plans: z.object({ ...common, title: Text(200).min(1, 'required'), rule: jsonText(MaintenanceRule), matchers: jsonText(MatcherList) }),
  maintenance_retirements: z.object({ ...common, plan_id: Id }),
  alert_settings: z.object({ ...common, body: jsonText(AlertSettings) }),
};

export interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

/** The schema for a table this file does not describe, from its SQL declaration. */
export function schemaFromColumns(cols: readonly ColumnInfo[]): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const c of cols) {
    const t = c.type.toUpperCase();
    const base = t.includes('INT') ? z.number().int() : t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB') ? z.number() : t.includes('TEXT') || t.includes('CHAR') ? z.string().max(1_000_000) : z.unknown();
    shape[c.name] = c.notnull || c.pk ? base : base.nullable();
  }
  return z.object(shape);
}

// `<data dir>/backup-policy.yaml`: the backup policy over the seeds' defaults (daily, 30-day
// retention, RPO 1 min, RTO 5 min), the Audit Manager controls' parameters, and per-resource
// overrides by ARN, type or tag. Every mistake is reported as file:line:column: field: what
// is wrong; a file with mistakes is not used (the defaults are, and say so) and never touched.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTROL_IDS,
  CONTROL_PARAMETER_NAMES,
  type ControlId,
  type ControlOverride,
  DEFAULT_POLICY,
  type PolicyOverride,
  type PolicySpec,
  SEED_TARGETS,
  type Targets,
} from '../domain/backups/policy';
import { nominalIntervalMs, parseSchedule, ScheduleError, validZone } from '../domain/backups/schedule';
import { type ConfigIssue, type YamlDoc, issueAt, parseYamlFile } from './yamlSource';

export const BACKUP_POLICY_FILE = 'backup-policy.yaml';
const MAX_BYTES = 256 * 1024;
const MAX_OVERRIDES = 500;

export interface BackupPolicyConfig {
  file: string;
  exists: boolean;
  /** The policy in use: the file's when it has no errors, else the seeds' defaults. */
  spec: PolicySpec;
  errors: ConfigIssue[];
}

const TARGET_KEYS = ['frequency', 'timezone', 'retentionDays', 'rpoMinutes', 'rtoMinutes'];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** " (did you mean X?)" for the closest allowed name within a few edits, else ''. */
function suggest(word: string, options: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [o, d];
  }
  return best ? ` (did you mean ${best}?)` : '';
}

class Checker {
  readonly issues: ConfigIssue[] = [];
  constructor(private readonly d: YamlDoc) {}

  at(path: (string | number)[], message: string, key?: string): void {
    this.issues.push(issueAt(this.d, path, message, key));
  }

  positive(v: unknown, path: (string | number)[], what: string, integer = false): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.at(path, `${what} must be a number; got ${JSON.stringify(v)}`);
      return undefined;
    }
    if (v <= 0) {
      this.at(path, `${what} must be greater than 0; got ${v}`);
      return undefined;
    }
    if (integer && !Number.isInteger(v)) {
      this.at(path, `${what} must be a whole number; got ${v}`);
      return undefined;
    }
    return v;
  }

  unknownKeys(obj: Record<string, unknown>, path: (string | number)[], allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.at(path, `unknown field "${k}"${suggest(k, allowed)}; allowed: ${allowed.join(', ')}`, k);
  }

  targets(obj: Record<string, unknown>, path: (string | number)[]): Partial<Targets> {
    const out: Partial<Targets> = {};
    if (obj['frequency'] !== undefined) {
      const f = this.frequency(obj['frequency'], obj['timezone'], [...path, 'frequency']);
      if (f) out.frequency = f;
    } else if (obj['timezone'] !== undefined) this.at([...path, 'timezone'], 'timezone applies to a cron frequency; set frequency too');
    if (obj['retentionDays'] !== undefined) {
      const v = this.positive(obj['retentionDays'], [...path, 'retentionDays'], 'retentionDays', true);
      if (v !== undefined) out.retentionDays = v;
    }
    if (obj['rpoMinutes'] !== undefined) {
      const v = this.positive(obj['rpoMinutes'], [...path, 'rpoMinutes'], 'rpoMinutes');
      if (v !== undefined) out.rpoMinutes = v;
    }
    if (obj['rtoMinutes'] !== undefined) {
      const v = this.positive(obj['rtoMinutes'], [...path, 'rtoMinutes'], 'rtoMinutes');
      if (v !== undefined) out.rtoMinutes = v;
    }
    return out;
  }

  /** `daily`, `hourly`, `weekly`, or an AWS schedule expression (cron in `timezone`). */
  frequency(v: unknown, zone: unknown, path: (string | number)[]): Targets['frequency'] | undefined {
    if (v === 'daily') return { unit: 'days', value: 1 };
    if (v === 'hourly') return { unit: 'hours', value: 1 };
    if (v === 'weekly') return { unit: 'days', value: 7 };
    if (typeof v !== 'string') {
      this.at(path, `frequency must be daily, hourly, weekly, rate(…) or cron(…); got ${JSON.stringify(v)}`);
      return undefined;
    }
    const tz = zone === undefined ? 'Etc/UTC' : zone;
    if (typeof tz !== 'string' || !validZone(tz)) {
      this.at([...path.slice(0, -1), 'timezone'], `unknown time zone ${JSON.stringify(tz)} (an IANA name such as America/New_York)`);
      return undefined;
    }
    try {
      const ms = nominalIntervalMs(parseSchedule(v), tz, Date.UTC(2026, 0, 5));
      if (ms === null) {
        this.at(path, `the schedule ${v} never runs`);
        return undefined;
      }
      return ms % 86_400_000 === 0 ? { unit: 'days', value: ms / 86_400_000 } : { unit: 'hours', value: ms / 3_600_000 };
    } catch (e) {
      if (!(e instanceof ScheduleError)) throw e;
      this.at(path, `Opsdeck cannot read the schedule ${JSON.stringify(v)}: ${e.message}`);
      return undefined;
    }
  }

  controls(v: unknown, path: (string | number)[]): ControlOverride {
    const out: Record<string, unknown> = {};
    if (!isRecord(v)) {
      this.at(path, 'controls must be a mapping of control name → parameters (or off)');
      return {};
    }
    for (const [name, value] of Object.entries(v)) {
      if (!(CONTROL_IDS as readonly string[]).includes(name)) {
        this.at(path, `unknown control "${name}"${suggest(name, CONTROL_IDS) || `; the controls are ${CONTROL_IDS.join(', ')}`}`, name);
        continue;
      }
      const id = name as ControlId;
      const p = [...path, name];
      if (value === false || value === 'off') {
        out[id] = false;
        continue;
      }
      if (value === true || value === 'on' || value === null) {
        out[id] = {};
        continue;
      }
      if (!isRecord(value)) {
        this.at(p, 'must be off, on, or a mapping of parameters');
        continue;
      }
      const allowed = CONTROL_PARAMETER_NAMES[id] as string[];
      const params: Record<string, unknown> = {};
      for (const [param, pv] of Object.entries(value)) {
        if (!allowed.includes(param)) {
          this.at(p, `unknown parameter "${param}" of ${id}${allowed.length ? `; its parameters are ${allowed.join(', ')}` : ' (it takes none)'}${suggest(param, allowed)}`, param);
          continue;
        }
        const pp = [...p, param];
        if (/Unit$/.test(param)) {
          if (pv !== 'hours' && pv !== 'days') this.at(pp, `must be hours or days; got ${JSON.stringify(pv)}`);
          else params[param] = pv;
        } else if (/List$/.test(param)) {
          if (!Array.isArray(pv) || pv.some((x) => typeof x !== 'string') || pv.length > 100) this.at(pp, 'must be a list of up to 100 strings');
          else params[param] = pv;
        } else if (/(RetentionDays)$/.test(param) && pv === null) {
          params[param] = null;
        } else {
          const n = this.positive(pv, pp, param, param !== 'maxRestoreTime');
          if (n !== undefined) params[param] = n;
        }
      }
      out[id] = params;
    }
    return out as ControlOverride;
  }
}

/** Validates a parsed policy document; returns the spec and the issues found. */
export function policyFromDoc(d: YamlDoc): { spec: PolicySpec; issues: ConfigIssue[] } {
  const c = new Checker(d);
  const root = d.value;
  if (root === null || root === undefined) return { spec: DEFAULT_POLICY, issues: [] };
  if (!isRecord(root)) {
    c.at([], 'the file must be a mapping with "policy" and/or "overrides"');
    return { spec: DEFAULT_POLICY, issues: c.issues };
  }
  c.unknownKeys(root, [], ['policy', 'overrides']);
  let targets: Targets = SEED_TARGETS;
  let controls: ControlOverride = {};
  const policy = root['policy'];
  if (policy !== undefined) {
    if (!isRecord(policy)) c.at(['policy'], 'policy must be a mapping');
    else {
      c.unknownKeys(policy, ['policy'], [...TARGET_KEYS, 'controls']);
      targets = { ...SEED_TARGETS, ...c.targets(policy, ['policy']) };
      if (policy['controls'] !== undefined) controls = c.controls(policy['controls'], ['policy', 'controls']);
    }
  }
  const overrides: PolicyOverride[] = [];
  const list = root['overrides'];
  if (list !== undefined) {
    if (!Array.isArray(list)) c.at(['overrides'], 'overrides must be a list');
    else if (list.length > MAX_OVERRIDES) c.at(['overrides'], `at most ${MAX_OVERRIDES} overrides; got ${list.length}`);
    else
      list.forEach((o, i) => {
        const p = ['overrides', i];
        if (!isRecord(o)) return c.at(p, 'each override must be a mapping with "match"');
        c.unknownKeys(o, p, ['match', ...TARGET_KEYS, 'controls']);
        const m = o['match'];
        const match: PolicyOverride['match'] = {};
        if (!isRecord(m)) c.at([...p, 'match'], 'match must be a mapping with arn, type and/or tag');
        else {
          c.unknownKeys(m, [...p, 'match'], ['arn', 'type', 'tag']);
          if (m['arn'] !== undefined) {
            if (typeof m['arn'] !== 'string' || !/^arn:aws[\w-]*:/.test(m['arn']) || m['arn'].length > 2048) c.at([...p, 'match', 'arn'], `must be an ARN (arn:aws:…); got ${JSON.stringify(m['arn'])}`);
            else match.arn = m['arn'];
          }
          if (m['type'] !== undefined) {
            if (typeof m['type'] !== 'string' || m['type'].length > 64) c.at([...p, 'match', 'type'], 'must be an AWS Backup resource type such as RDS, Aurora, EBS, S3');
            else match.type = m['type'];
          }
          if (m['tag'] !== undefined) {
            const t = m['tag'];
            if (!isRecord(t) || typeof t['key'] !== 'string' || typeof t['value'] !== 'string') c.at([...p, 'match', 'tag'], 'must be { key: <tag key>, value: <tag value> }');
            else match.tag = { key: t['key'], value: t['value'] };
          }
          if (Object.keys(m).length === 0) c.at([...p, 'match'], 'match needs at least one of arn, type, tag');
        }
        const label = `overrides[${i}] (${Object.entries(match).map(([k, v]) => `${k} ${typeof v === 'string' ? v : `${v.key}=${v.value}`}`).join(', ')})`;
        overrides.push({ label, match, targets: c.targets(o, p), controls: o['controls'] === undefined ? {} : c.controls(o['controls'], [...p, 'controls']) });
      });
  }
  return { spec: { targets, controls, overrides }, issues: c.issues };
}

/** Parses the text of a policy file (tests and the loader). */
export function parseBackupPolicy(file: string, text: string): { spec: PolicySpec; errors: ConfigIssue[] } {
  const parsed = parseYamlFile(file, text);
  if (parsed.issues.length > 0) return { spec: DEFAULT_POLICY, errors: parsed.issues };
  if (parsed.docs.length > 1) return { spec: DEFAULT_POLICY, errors: [{ file, line: 1, column: 1, field: '', message: 'the policy file must hold one YAML document' }] };
  const doc = parsed.docs[0];
  if (!doc) return { spec: DEFAULT_POLICY, errors: [] };
  const { spec, issues } = policyFromDoc(doc);
  return issues.length > 0 ? { spec: DEFAULT_POLICY, errors: issues } : { spec, errors: [] };
}

export function loadBackupPolicy(dataDir: string): BackupPolicyConfig {
  const file = join(dataDir, BACKUP_POLICY_FILE);
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, exists: false, spec: DEFAULT_POLICY, errors: [] };
    return { file, exists: true, spec: DEFAULT_POLICY, errors: [{ file, line: 1, column: 1, field: '', message: `cannot read the file: ${(err as Error).message}` }] };
  }
  if (size > MAX_BYTES) return { file, exists: true, spec: DEFAULT_POLICY, errors: [{ file, line: 1, column: 1, field: '', message: `the file is ${size} bytes; a backup policy is at most ${MAX_BYTES}` }] };
  const { spec, errors } = parseBackupPolicy(file, readFileSync(file, 'utf8'));
  return { file, exists: true, spec, errors };
}

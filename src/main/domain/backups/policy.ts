// The backup policy: the seeds' targets (daily backups, 30-day retention, RPO 1 minute, RTO
// 5 minutes) and the AWS Backup Audit Manager controls they parameterise, with per-resource
// overrides by ARN, resource type or tag. Pure data and resolution; the YAML loader is in
// config/backupPolicy.ts.
import type { BackupResource } from './model';

export const CONTROL_IDS = [
  'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
  'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
  'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK',
  'BACKUP_RECOVERY_POINT_ENCRYPTED',
  'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
  'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK',
  'BACKUP_LAST_RECOVERY_POINT_CREATED',
  'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET',
  'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION',
  'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT',
] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

export type TimeUnit = 'hours' | 'days';

/** The controls' input parameters, with the names AWS Backup Audit Manager gives them. */
export interface ControlParameters {
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: Record<string, never>;
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { requiredFrequencyUnit: TimeUnit; requiredFrequencyValue: number; requiredRetentionDays: number };
  BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { requiredRetentionDays: number };
  BACKUP_RECOVERY_POINT_ENCRYPTED: Record<string, never>;
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: { principalArnList: string[] };
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { minRetentionDays: number | null; maxRetentionDays: number | null };
  BACKUP_LAST_RECOVERY_POINT_CREATED: { recoveryPointAgeUnit: TimeUnit; recoveryPointAgeValue: number };
  RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { maxRestoreTime: number };
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { crossRegionList: string[] };
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: { crossAccountList: string[] };
}

/** Parameter names per control, for the loader's "unknown parameter" errors. */
export const CONTROL_PARAMETER_NAMES: { [K in ControlId]: (keyof ControlParameters[K])[] } = {
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: [],
  BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: ['requiredFrequencyUnit', 'requiredFrequencyValue', 'requiredRetentionDays'],
  BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: ['requiredRetentionDays'],
  BACKUP_RECOVERY_POINT_ENCRYPTED: [],
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: ['principalArnList'],
  BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: ['minRetentionDays', 'maxRetentionDays'],
  BACKUP_LAST_RECOVERY_POINT_CREATED: ['recoveryPointAgeUnit', 'recoveryPointAgeValue'],
  RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: ['maxRestoreTime'],
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: ['crossRegionList'],
  BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: ['crossAccountList'],
};

export type ControlSettings = { [K in ControlId]: { enabled: boolean; params: ControlParameters[K] } };

export interface Targets {
  /** Required backup frequency. */
  frequency: { unit: TimeUnit; value: number };
  retentionDays: number;
  rpoMinutes: number;
  rtoMinutes: number;
}

export interface EffectivePolicy extends Targets {
  controls: ControlSettings;
  /** Which overrides applied, in order, for the explanation. */
  appliedOverrides: string[];
}

/** The seeds: "Automated daily backups, 30-day retention; RTO 5 minutes; RPO 1 minute". */
export const SEED_TARGETS: Targets = { frequency: { unit: 'days', value: 1 }, retentionDays: 30, rpoMinutes: 1, rtoMinutes: 5 };

/** Control parameters derived from targets (the overrides' control settings apply on top). */
export function controlsFor(t: Targets): ControlSettings {
  const frequencyHours = t.frequency.unit === 'days' ? t.frequency.value * 24 : t.frequency.value;
  return {
    BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: { enabled: true, params: {} },
    // AWS's default requiredRetentionDays is 35: the seeds' 30 days would fail it, so it follows the policy.
    BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { enabled: true, params: { requiredFrequencyUnit: t.frequency.unit, requiredFrequencyValue: t.frequency.value, requiredRetentionDays: t.retentionDays } },
    BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { enabled: true, params: { requiredRetentionDays: t.retentionDays } },
    BACKUP_RECOVERY_POINT_ENCRYPTED: { enabled: true, params: {} },
    BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: { enabled: true, params: { principalArnList: [] } },
    BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: { enabled: true, params: { minRetentionDays: null, maxRetentionDays: null } },
    // The required frequency plus the 4 h a daily job may take to start (1 h) and finish (3 h).
    BACKUP_LAST_RECOVERY_POINT_CREATED: { enabled: true, params: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: frequencyHours + 4 } },
    RESTORE_TIME_FOR_RESOURCES_MEET_TARGET: { enabled: true, params: { maxRestoreTime: t.rtoMinutes } },
    BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { enabled: true, params: { crossRegionList: [] } },
    BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: { enabled: true, params: { crossAccountList: [] } },
  };
}

export type ControlOverride = { [K in ControlId]?: false | Partial<ControlParameters[K]> };

export interface PolicyOverride {
  /** Shown in explanations, e.g. "overrides[1] (type EBS)". */
  label: string;
  match: { arn?: string; type?: string; tag?: { key: string; value: string } };
  targets: Partial<Targets>;
  controls: ControlOverride;
}

export interface PolicySpec {
  targets: Targets;
  controls: ControlOverride;
  overrides: PolicyOverride[];
}

export const DEFAULT_POLICY: PolicySpec = { targets: SEED_TARGETS, controls: {}, overrides: [] };

function matches(o: PolicyOverride, r: Pick<BackupResource, 'arn' | 'type' | 'tags'>): boolean {
  if (o.match.arn !== undefined && o.match.arn !== r.arn) return false;
  if (o.match.type !== undefined && o.match.type.toLowerCase() !== r.type.toLowerCase()) return false;
  if (o.match.tag !== undefined && r.tags[o.match.tag.key] !== o.match.tag.value) return false;
  return true;
}

function applyControls(settings: ControlSettings, over: ControlOverride): ControlSettings {
  const out = { ...settings } as Record<ControlId, { enabled: boolean; params: object }>;
  for (const id of CONTROL_IDS) {
    const o = over[id];
    if (o === undefined) continue;
    out[id] = o === false ? { ...out[id], enabled: false } : { enabled: true, params: { ...out[id].params, ...o } };
  }
  return out as ControlSettings;
}

/** The policy for one resource: the file's targets, then each matching override in file order. */
export function policyFor(spec: PolicySpec, r: Pick<BackupResource, 'arn' | 'type' | 'tags'>): EffectivePolicy {
  let targets = spec.targets;
  const applicable = spec.overrides.filter((o) => matches(o, r));
  for (const o of applicable) targets = { ...targets, ...o.targets };
  // Parameters follow the resource's targets first; explicit control settings win over them.
  let controls = applyControls(controlsFor(targets), spec.controls);
  for (const o of applicable) controls = applyControls(controls, o.controls);
  return { ...targets, controls, appliedOverrides: applicable.map((o) => o.label) };
}

/**
 * policyFor for many resources: a resource's policy depends only on which overrides match it,
 * so resources matching the same ones share one (read-only) answer.
 */
export function policyResolver(spec: PolicySpec): (r: Pick<BackupResource, 'arn' | 'type' | 'tags'>) => EffectivePolicy {
  const byOverrides = new Map<string, EffectivePolicy>();
  return (r) => {
    let key = '';
    for (let i = 0; i < spec.overrides.length; i++) if (matches(spec.overrides[i]!, r)) key += `${i},`;
    let policy = byOverrides.get(key);
    if (!policy) byOverrides.set(key, (policy = policyFor(spec, r)));
    return policy;
  };
}

export function unitMs(unit: TimeUnit, value: number): number {
  return value * (unit === 'days' ? 86_400_000 : 3_600_000);
}

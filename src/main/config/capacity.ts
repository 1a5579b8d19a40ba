// <data dir>/capacity.yaml: the scale triggers of the capacity review, over the seeds'
// defaults (domain/capacity/catalogue.ts). Only what the file names changes. A bad file is
// reported at file:line:column with the field, and the defaults stay in force — nothing is lost.
//
//   resources:
//     eks-nodes:
//       autoscaler: { min: 3, max: 20, target: 70 }
//       metrics:
//         cpu: { threshold: 75, sustainMinutes: 15 }
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { SEED_RESOURCES, type ResourceDefault } from '../domain/capacity/catalogue';
import { formatIssue, issueAt, parseYamlFile, type ConfigIssue } from './yamlSource';

export const MAX_CAPACITY_FILE_BYTES = 256_000;

const MetricOverride = z
  .object({
    threshold: z.number().finite().optional(),
    sustainMinutes: z.number().int().min(0).max(1440).optional(),
  })
  .strict();
const AutoscalerOverride = z
  .object({
    min: z.number().int().min(0).max(10_000).optional(),
    max: z.number().int().min(1).max(10_000).optional(),
    target: z.number().positive().finite().optional(),
  })
  .strict();
const ResourceOverride = z
  .object({
    autoscaler: AutoscalerOverride.optional(),
    metrics: z.record(z.string().max(100), MetricOverride.nullable()).optional(),
  })
  .strict();
const CapacityFile = z.object({ resources: z.record(z.string().max(100), ResourceOverride.nullable()).optional() }).strict();

export interface CapacityConfig {
  file: string;
  /** The seeds' defaults with the file's overrides applied (defaults only when the file is bad). */
  resources: ResourceDefault[];
  errors: string[];
  /** Changes when the file does (mtime and size), so forecasts know to recompute. */
  stamp: string;
}

function defaults(): ResourceDefault[] {
  return SEED_RESOURCES.map((r) => ({ ...r, autoscaler: r.autoscaler ? { ...r.autoscaler } : null, metrics: r.metrics.map((m) => ({ ...m })) }));
}

/** Parses the text of capacity.yaml; pure apart from nothing — tests call it directly. */
export function parseCapacityConfig(file: string, text: string): { resources: ResourceDefault[]; issues: ConfigIssue[] } {
  const { docs, issues } = parseYamlFile(file, text);
  if (issues.length > 0) return { resources: defaults(), issues };
  const doc = docs[0];
  if (!doc || doc.value === null || doc.value === undefined) return { resources: defaults(), issues: [] };
  const parsed = CapacityFile.safeParse(doc.value);
  if (!parsed.success) {
    return {
      resources: defaults(),
      issues: parsed.error.issues.map((i) => {
        // zod names an unknown key in `keys`; point at the key itself.
        const key = i.code === 'unrecognized_keys' ? i.keys[0] : undefined;
        return issueAt(doc, i.path, key ? `unknown field "${key}"` : i.message, key);
      }),
    };
  }
  const out = defaults();
  const found: ConfigIssue[] = [];
  for (const [resourceId, r] of Object.entries(parsed.data.resources ?? {})) {
    const resource = out.find((x) => x.id === resourceId);
    if (!resource) {
      found.push(issueAt(doc, ['resources'], `unknown resource "${resourceId}" (known: ${out.map((x) => x.id).join(', ')})`, resourceId));
      continue;
    }
    if (!r) continue;
    if (r.autoscaler) {
      if (!resource.autoscaler) {
        found.push(issueAt(doc, ['resources', resourceId], `${resourceId} has no autoscaler`, 'autoscaler'));
      } else {
        const next = { ...resource.autoscaler, ...r.autoscaler };
        if (next.min > next.max) found.push(issueAt(doc, ['resources', resourceId, 'autoscaler', r.autoscaler.min !== undefined ? 'min' : 'max'], `min (${next.min}) is above max (${next.max})`));
        else resource.autoscaler = next;
      }
    }
    for (const [metricId, m] of Object.entries(r.metrics ?? {})) {
      const metric = resource.metrics.find((x) => x.id === metricId);
      if (!metric) {
        found.push(issueAt(doc, ['resources', resourceId, 'metrics'], `unknown metric "${metricId}" for ${resourceId} (known: ${resource.metrics.map((x) => x.id).join(', ')})`, metricId));
        continue;
      }
      if (!m) continue;
      if (m.threshold !== undefined) {
        const { min, max } = metric.bounds;
        if ((min !== null && m.threshold < min) || (max !== null && m.threshold > max)) {
          found.push(
            issueAt(doc, ['resources', resourceId, 'metrics', metricId, 'threshold'], `${m.threshold} is outside ${metric.label}'s bounds (${min ?? '−∞'} to ${max ?? '∞'})`),
          );
        } else metric.threshold = m.threshold;
      }
      if (m.sustainMinutes !== undefined) metric.sustainMinutes = m.sustainMinutes;
    }
  }
  return { resources: found.length > 0 ? defaults() : out, issues: found };
}

/** Reads `file` (absent → the seeds' defaults). Never throws for a bad file: errors come back. */
export function loadCapacityConfig(file: string): CapacityConfig {
  if (!existsSync(file)) return { file, resources: defaults(), errors: [], stamp: 'none' };
  const st = statSync(file);
  const stamp = `${st.mtimeMs}:${st.size}`;
  if (st.size > MAX_CAPACITY_FILE_BYTES) {
    return { file, resources: defaults(), errors: [`${file}:1:1: the file is ${st.size} bytes; the limit is ${MAX_CAPACITY_FILE_BYTES}`], stamp };
  }
  const { resources, issues } = parseCapacityConfig(file, readFileSync(file, 'utf8'));
  return { file, resources, errors: issues.map(formatIssue), stamp };
}

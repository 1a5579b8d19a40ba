// opsdeck.yaml: which AWS accounts and regions to read, and what to collect. Credentials
// are never in it — only the name of a profile for the AWS SDK's default chain.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, loadYaml, parseYaml, type ConfigIssue } from './yaml';
import { issueAt } from './yamlSource';
import { STAT } from './sloSchema';
import { assertMetricMapping, MetricMappingSchema } from './metricMapping';

/** Commercial, China and GovCloud regions CloudWatch serves (update when AWS adds one). */
export const AWS_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1', 'il-central-1', 'me-south-1',
  'me-central-1', 'mx-central-1', 'sa-east-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1',
] as const;

const SIZE_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** The smallest cacheBudget accepted: 30 days of the demo's series fit in about this. */
export const MIN_CACHE_BUDGET = 64 * 1024 ** 2;

/** "2 GiB", "512 MiB" or a number of bytes. */
const Size = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB)\s*$/.exec(String(v));
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `expected a size like "2 GiB" or "512 MiB", got "${String(v)}"` });
    return z.NEVER;
  }
  return Math.round(Number(m[1]) * (SIZE_UNITS[m[2] as string] as number));
});

const Pattern = z
  .string({ error: 'expected a name or a pattern with * (e.g. "AWS/*", "*5xx*")' })
  .min(1, 'must not be empty')
  .max(256, 'at most 256 characters');

/** `collect.statistics`: which statistics to collect for metrics matching a namespace/metric pattern. */
const StatisticsRule = z
  .object({
    namespace: Pattern,
    metric: Pattern,
    statistics: z
      .array(z.string().regex(STAT, { error: 'must be a statistic: Sum, Average, Minimum, Maximum, SampleCount or pNN (e.g. p95)' }))
      .min(1, 'list at least one statistic')
      .max(20, 'at most 20 statistics per rule'),
  })
  .strict();

/** CloudTrail event sources (`<service>.amazonaws.com`) whose write events are a deployment or a configuration change. */
const EventSource = z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/, { error: 'expected a CloudTrail event source like "codedeploy.amazonaws.com"' });

/** An http(s) address; `{id}` (the incident's short id) may appear in it. */
const LinkTemplate = z
  .string({ error: 'expected an https:// address' })
  .max(2_000, 'at most 2,000 characters')
  .refine(
    (v) => {
      try {
        const u = new URL(v.replaceAll('{id}', 'x'));
        return u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        return false;
      }
    },
    { message: 'expected an https:// (or http://) address; {id} stands for the incident' },
  );

/** The seeds' status page, and a Slack channel per incident. */
export const DEFAULT_INCIDENT_LINKS = {
  statusPage: 'https://status.ecommerce-platform.com',
  channel: 'https://ecommerce-platform.slack.com/app_redirect?channel=inc-{id}',
} as const;

/** `incidents`: where an incident's communication happens; both linked on every declared incident. */
const IncidentLinks = z
  .object({
    statusPage: LinkTemplate.default(DEFAULT_INCIDENT_LINKS.statusPage),
    channel: LinkTemplate.default(DEFAULT_INCIDENT_LINKS.channel),
  })
  .strict();

const AwsSource = z
  .object({
    alias: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes'),
    kind: z.literal('aws').default('aws'),
    profile: z.string().min(1).optional(),
    regions: z.array(z.string()).min(1, 'list at least one region'),
    roleArn: z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN like arn:aws:iam::123456789012:role/OpsdeckReadOnly').optional(),
    collect: z
      .object({
        namespaces: z.array(z.string().min(1)).optional(),
        alarmPrefixes: z.array(z.string().min(1)).optional(),
        statistics: z.array(StatisticsRule).max(200, 'at most 200 statistics rules').optional(),
        changeEventSources: z.array(EventSource).min(1, 'list at least one event source, or leave the key out for the defaults').max(30, 'at most 30 event sources').optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.regions.forEach((r, i) => {
      if (!(AWS_REGIONS as readonly string[]).includes(r)) {
        const near = AWS_REGIONS.filter((known) => levenshtein(known, r) <= 2);
        ctx.addIssue({ code: 'custom', path: ['regions', i], message: `unknown AWS region "${r}"${near.length ? ` — did you mean ${near.join(' or ')}?` : ''}` });
      }
    });
  });

const DemoSource = z.object({ alias: z.string().default('demo'), kind: z.literal('demo') }).strict();

export const OpsdeckConfig = z
  .object({
    sources: z.array(z.discriminatedUnion('kind', [AwsSource, DemoSource])).min(1, 'list at least one source'),
    cacheBudget: Size.default(2 * 1024 ** 3).refine((bytes) => bytes >= MIN_CACHE_BUDGET, {
      message: `must be at least 64 MiB: below that the cache would downsample away the history the SLO windows need`,
    }),
    incidents: IncidentLinks.default({ ...DEFAULT_INCIDENT_LINKS }),
    /** Dashboard metrics under this account's own names (config/metricMapping.ts). */
    metrics: MetricMappingSchema,
  })
  .strict();

export type OpsdeckConfig = z.infer<typeof OpsdeckConfig>;
export type AwsSourceConfig = z.infer<typeof AwsSource>;

export type IncidentLinksConfig = z.infer<typeof IncidentLinks>;

export const DEMO_CONFIG: OpsdeckConfig = { sources: [{ alias: 'demo', kind: 'demo' }], cacheBudget: 2 * 1024 ** 3, incidents: { ...DEFAULT_INCIDENT_LINKS }, metrics: {} };

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/**
 * Reads opsdeck.yaml. No file → the embedded demo. `knownProfiles` (from ~/.aws/config and
 * ~/.aws/credentials) lets a misspelt profile fail here, at its line, not at first sync.
 */
export function loadConfig(file: string, knownProfiles: ReadonlySet<string> | null): { config: OpsdeckConfig; fromFile: boolean } {
  if (!existsSync(file)) return { config: DEMO_CONFIG, fromFile: false };
  const text = readFileSync(file, 'utf8');
  const config = loadYaml(file, text, OpsdeckConfig);
  if (Object.keys(config.metrics).length > 0) assertMetricMapping(parseYaml(file, text), config.metrics);
  if (knownProfiles) {
    const doc = parseYaml(file, text);
    const issues: ConfigIssue[] = [];
    config.sources.forEach((s, i) => {
      if (s.kind === 'aws' && s.profile && !knownProfiles.has(s.profile)) {
        const known = [...knownProfiles].join(', ') || 'none';
        issues.push(issueAt(doc, ['sources', i, 'profile'], `profile "${s.profile}" is not in ~/.aws/config or ~/.aws/credentials (known: ${known})`));
      }
    });
    if (issues.length) throw new ConfigError(issues);
  }
  const aliases = config.sources.map((s) => s.alias);
  const dupe = aliases.find((a, i) => aliases.indexOf(a) !== i);
  if (dupe) throw new ConfigError([{ file, line: 1, column: 1, field: 'sources', message: `alias "${dupe}" is used twice` }]);
  return { config, fromFile: true };
}

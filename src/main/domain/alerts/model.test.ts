import { describe, expect, it } from 'vitest';
import {
  UpstreamAlert,
  groupAlerts,
  resolveSeverity,
  runbookLink,
  type GroupableAlert,
} from './model';
import { GroupBy, SeverityPolicy } from '@shared/contract/alerts';
import { issuesOf } from './schemaIssues.testkit';
import { compileAnchoredRegex, globToRegex } from '@shared/lib/regex';

const T = Date.parse('2026-05-01T10:00:00Z');
const MIN = 60_000;

function alert(overrides: Partial<GroupableAlert> & Pick<GroupableAlert, 'id' | 'name'>): GroupableAlert {
  const { severity, ...fields } = overrides;
  const parsed = UpstreamAlert.parse({ source: 'cloudwatch', title: fields.name, state: 'ALARM', stateSince: T, tags: {}, ...fields });
  return severity ? { ...parsed, severity } : parsed;
}

describe('severity resolution', () => {
  const policy = SeverityPolicy.parse({
    rules: [
      { nameRegex: 'Payment.*(5xx|Errors).*', severity: 'P1' },
      { namespace: 'AWS/RDS', name: '*Cpu*', severity: 'P2', description: 'RDS CPU' },
      { service: 'search', severity: 'P3' },
      { source: 'slo-burn', name: 'checkout-?h', severity: 'P2' },
    ],
    default: 'P4',
  });

  it('takes the severity tag first, in either case, by level or by the seeds’ word', () => {
    expect(resolveSeverity(alert({ id: '1', name: 'PaymentApi5xxHigh', tags: { severity: 'critical' } }), policy)).toEqual({ severity: 'P1', decidedBy: 'tag' });
    expect(resolveSeverity(alert({ id: '1', name: 'PaymentApi5xxHigh', tags: { Severity: 'p4' } }), policy)).toEqual({ severity: 'P4', decidedBy: 'tag' });
  });

  it('falls back to the first matching rule and says which, noting an unreadable tag', () => {
    expect(resolveSeverity(alert({ id: '1', name: 'PaymentApi5xxHigh', tags: { severity: 'urgent' } }), policy)).toEqual({
      severity: 'P1',
      decidedBy: { rule: 0, description: 'name =~ /Payment.*(5xx|Errors).*/ → P1' },
      ignoredSeverityTag: 'urgent',
    });
    expect(resolveSeverity(alert({ id: '2', name: 'OrderDbCpuHigh', namespace: 'AWS/RDS' }), policy).decidedBy).toEqual({ rule: 1, description: 'RDS CPU' });
    expect(resolveSeverity(alert({ id: '3', name: 'SearchLatencyP95', service: 'search' }), policy)).toEqual({
      severity: 'P3',
      decidedBy: { rule: 2, description: 'service ~ "search" → P3' },
    });
    // Rule 0 and rule 2 both match: order decides.
    expect(resolveSeverity(alert({ id: '4', name: 'PaymentErrorsInSearch', service: 'search' }), policy).decidedBy).toMatchObject({ rule: 0 });
    expect(resolveSeverity(alert({ id: '5', name: 'checkout-1h', source: 'slo-burn' }), policy).decidedBy).toMatchObject({ rule: 3 });
  });

  it('uses the default when nothing matches, and a missing field never matches a rule on it', () => {
    expect(resolveSeverity(alert({ id: '2', name: 'OrderDbCpuHigh', namespace: 'AWS/EC2' }), policy)).toEqual({ severity: 'P4', decidedBy: 'default' });
    expect(resolveSeverity(alert({ id: '2', name: 'OrderDbCpuHigh' }), policy)).toEqual({ severity: 'P4', decidedBy: 'default' });
    expect(resolveSeverity(alert({ id: '5', name: 'checkout-12h', source: 'slo-burn' }), policy).decidedBy).toBe('default');
    expect(resolveSeverity(alert({ id: '5', name: 'Anything' })).severity).toBe('P3'); // built-in default policy
  });

  it('reports rule mistakes by field', () => {
    const issues = (input: unknown) => issuesOf(SeverityPolicy, input);
    expect(issues({ rules: [{ nameRegex: '(', severity: 'P1' }] })).toEqual([{ path: 'rules[0].nameRegex', message: expect.stringMatching(/^invalid regular expression "\("/) }]);
    expect(issues({ rules: [{ name: 'a*', nameRegex: 'a.*', severity: 'P1' }] })).toEqual([{ path: 'rules[0].nameRegex', message: 'give either name (glob) or nameRegex, not both' }]);
    expect(issues({ rules: [{ service: 'x', severity: 'P1' }, { severity: 'P2' }] })).toEqual([
      { path: 'rules[1]', message: 'a rule needs at least one of name, nameRegex, namespace, service, source' },
    ]);
    expect(issues({ rules: [{ service: 'x', severity: 'P5' }] })[0]?.path).toBe('rules[0].severity');
    expect(issues({ rules: [{ service: 'x', severity: 'P1', colour: 'red' }] })[0]?.path).toBe('rules[0]');
  });
});

describe('patterns', () => {
  it('globs match the whole value, * and ? only', () => {
    expect(globToRegex('Order*').test('OrderDbCpuHigh')).toBe(true);
    expect(globToRegex('Order*').test('PlaceOrder')).toBe(false);
    expect(globToRegex('p?d').test('pod')).toBe(true);
    expect(globToRegex('a.b').test('axb')).toBe(false);
    expect(globToRegex('(x)+').test('(x)+')).toBe(true);
  });

  it('regexes are anchored around the whole alternation', () => {
    expect(compileAnchoredRegex('a|b').test('ab')).toBe(false);
    expect(compileAnchoredRegex('a|b').test('b')).toBe(true);
    expect(() => compileAnchoredRegex('[')).toThrow(SyntaxError);
  });
});

describe('grouping', () => {
  const payUs = alert({ id: 'us-east-1:PaymentApi5xxHigh', name: 'PaymentApi5xxHigh', service: 'payment', stateSince: T + 10 * MIN, severity: 'P1', tags: { team: 'payments' } });
  const payEu = alert({ id: 'eu-west-1:PaymentApi5xxHigh', name: 'PaymentApi5xxHigh', service: 'payment', stateSince: T + 5 * MIN, severity: 'P1', tags: { team: 'payments' } });
  const payEuStale = { ...payEu, state: 'OK' as const, stateSince: T + 2 * MIN };
  const payUsWest = alert({ id: 'us-west-2:PaymentApi5xxHigh', name: 'PaymentApi5xxHigh', service: 'payment', state: 'OK', stateSince: T + 20 * MIN, severity: 'P2', tags: { team: 'payments' } });
  const search = alert({ id: 'SearchLatencyP95', name: 'SearchLatencyP95', service: 'search', state: 'INSUFFICIENT_DATA', stateSince: T + MIN, severity: 'P3' });
  const orderDb = alert({ id: 'OrderDbCpuHigh', name: 'OrderDbCpuHigh', service: 'order', state: 'OK', stateSince: T, severity: 'P2', tags: { team: 'orders' } });
  const all = [orderDb, payUs, search, payEuStale, payUsWest, payEu];

  it('folds the same alarm across regions into one group, worst state first', () => {
    const groups = groupAlerts(all);
    expect(groups.map((g) => g.labels)).toEqual([
      { service: 'payment', name: 'PaymentApi5xxHigh' },
      { service: 'search', name: 'SearchLatencyP95' },
      { service: 'order', name: 'OrderDbCpuHigh' },
    ]);
    const [payment] = groups;
    expect(payment).toMatchObject({
      count: 3,
      countByState: { ALARM: 2, OK: 1, INSUFFICIENT_DATA: 0 },
      state: 'ALARM',
      severity: 'P1',
      firstSeenAt: T + 5 * MIN, // the longest-standing ALARM member (eu-west-1)
      lastChangeAt: T + 20 * MIN, // us-west-2 went OK last
    });
    // The stale eu-west-1 report (OK since T+2m) lost to the newer one; members worst then oldest.
    expect(payment?.members.map((m) => m.id)).toEqual([payEu.id, payUs.id, payUsWest.id]);
    expect(groups[1]).toMatchObject({ state: 'INSUFFICIENT_DATA', count: 1, firstSeenAt: T + MIN });
  });

  it('groups by any configured key, missing values together', () => {
    const groups = groupAlerts(all, GroupBy.parse(['tag:team']));
    expect(groups.map((g) => [g.labels['tag:team'], g.count, g.state])).toEqual([
      ['payments', 3, 'ALARM'],
      ['', 1, 'INSUFFICIENT_DATA'],
      ['orders', 1, 'OK'],
    ]);
    // Same state: more urgent severity first.
    const bySeverity = groupAlerts([orderDb, { ...search, state: 'OK' as const }], ['severity']);
    expect(bySeverity.map((g) => g.severity)).toEqual(['P2', 'P3']);
  });

  it('validates the key', () => {
    const bad = GroupBy.safeParse(['service', 'colour']);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: [1], message: 'expected source, service, namespace, name, severity or tag:<key>' });
    expect(() => groupAlerts(all, [])).toThrow(/groupBy/);
  });
});

describe('runbook links', () => {
  it('prefers runbookUrl, then runbook tags, and only http(s)', () => {
    expect(runbookLink({ runbookUrl: 'https://wiki.example.com/rb/payments', tags: { runbook: 'https://other' } })).toBe('https://wiki.example.com/rb/payments');
    expect(runbookLink({ tags: { Runbook_URL: 'https://wiki.example.com/rb/db' } })).toBe('https://wiki.example.com/rb/db');
    expect(runbookLink({ runbookUrl: 'javascript:alert(1)', tags: { runbook: 'file:///etc/passwd' } })).toBeNull();
    expect(runbookLink({ runbookUrl: 'not a url', tags: {} })).toBeNull();
  });
});

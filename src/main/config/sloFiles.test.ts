import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SloConfigLoader, loadSloConfig } from './sloFiles';
import { sloToYaml } from './sloSchema';
import { DEFAULT_SLOS } from './slos';
import { formatIssue } from './yamlSource';

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-slos-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CHECKOUT = `slos:
  - id: checkout-availability
    name: Checkout availability
    service: Payment Service
    target: 99.95
    window: 28d
    sli:
      eventRatio:
        bad:
          metric: { namespace: ECommerce/Payments, name: FailedTransactions, stat: Sum }
        total:
          metric: { namespace: ECommerce/Payments, name: Transactions, stat: Sum }
        unit: transactions
`;

describe('the built-in defaults (seeds)', () => {
  it('are the seeds’ 15 SLOs: 6 availability, 5 performance, 4 error rate', () => {
    const c = loadSloConfig(null);
    expect(c.slos).toHaveLength(15);
    expect(c.slos.filter((s) => s.category === 'availability').map((s) => [s.name, s.targetPct])).toEqual([
      ['Order Service', 99.9],
      ['Customer Service', 99.9],
      ['Product Service', 99.95],
      ['Payment Service', 99.99],
      ['Search Service', 99.5],
      ['Overall Platform', 99.9],
    ]);
    expect(c.slos.filter((s) => s.category === 'performance').map((s) => [s.id, s.sli.kind === 'time-slice' ? `${s.sli.comparator} ${s.sli.threshold}` : ''])).toEqual([
      ['api-latency-p95', 'lt 500'],
      ['page-load-p95', 'lt 2000'],
      ['db-query-p95', 'lt 100'],
      ['cache-hit-rate', 'gt 90'],
      ['event-processing-p95', 'lt 1000'],
    ]);
    expect(c.slos.filter((s) => s.category === 'error-rate').map((s) => [s.id, s.targetPct])).toEqual([
      ['api-error-rate', 99],
      ['job-failure-rate', 99.5],
      ['event-failure-rate', 99.9],
      ['payment-failure-rate', 99.99],
    ]);
    for (const s of c.slos) expect(s.window).toEqual({ kind: 'rolling', ms: 30 * 86_400_000 });
  });

  it('round-trip through their YAML form unchanged (the detail view’s “copy to edit”)', () => {
    for (const def of DEFAULT_SLOS) {
      const dir = dirWith({ 'x.yaml': sloToYaml(def) });
      const c = loadSloConfig(dir);
      expect(c.errors).toEqual([]);
      const loaded = c.slos.find((s) => s.id === def.id);
      expect({ ...loaded, origin: null }).toEqual({ ...def, origin: null });
    }
  });
});

describe('SLO files', () => {
  it('adds the SLOs of a valid file after the defaults, remembering where they came from', () => {
    const dir = dirWith({ 'payments.yaml': CHECKOUT });
    const c = loadSloConfig(dir);
    expect(c.errors).toEqual([]);
    expect(c.slos).toHaveLength(16);
    const s = c.slos[15]!;
    expect(s).toMatchObject({ id: 'checkout-availability', targetPct: 99.95, window: { kind: 'rolling', ms: 28 * 86_400_000 }, service: 'Payment Service' });
    expect(s.sli).toMatchObject({ kind: 'event-ratio', eventUnit: 'transactions', bad: { expression: 'm1', queries: [{ id: 'm1', metric: { namespace: 'ECommerce/Payments', metric: 'FailedTransactions', dimensions: [], stat: 'Sum' } }] } });
    expect(s.origin).toEqual({ kind: 'file', file: join(dir, 'payments.yaml'), line: 2, column: 5 });
    expect(c.files).toEqual([{ file: join(dir, 'payments.yaml'), format: 'opsdeck', sloIds: ['checkout-availability'] }]);
  });

  it('a target outside (0, 100) is an error at file:line:column naming the field; other SLOs keep working', () => {
    const dir = dirWith({ 'a.yaml': CHECKOUT.replace('target: 99.95', 'target: 120'), 'b.yaml': CHECKOUT.replace('checkout-availability', 'checkout-2') });
    const c = loadSloConfig(dir);
    expect(c.errors.map(formatIssue)).toEqual([
      `${join(dir, 'a.yaml')}:5:13: slos[0].target: must be greater than 0 and less than 100 (a percentage; 100 % leaves no error budget), got 120`,
    ]);
    expect(c.slos.map((s) => s.id)).toContain('checkout-2');
    expect(c.slos.map((s) => s.id)).not.toContain('checkout-availability');
    expect(c.slos).toHaveLength(16);
  });

  it('an SLO may set the queue severity of its pages; a value that is no severity is an error at its line', () => {
    const dir = dirWith({ 'a.yaml': CHECKOUT.replace('    window: 28d\n', '    window: 28d\n    severity: P1\n'), 'b.yaml': CHECKOUT.replace('checkout-availability', 'checkout-2').replace('    window: 28d\n', '    window: 28d\n    severity: critical\n') });
    const c = loadSloConfig(dir);
    expect(c.slos.find((s) => s.id === 'checkout-availability')?.severity).toBe('P1');
    expect(c.errors.map(formatIssue)).toEqual([expect.stringMatching(new RegExp(`^${join(dir, 'b.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:15: slos\\[0\\]\\.severity: .*P1`))]);
    // The seeds make payment failures critical: the default payment SLOs page at P1, the others at the default.
    const defaults = loadSloConfig(null).slos;
    expect(defaults.filter((s) => s.severity === 'P1').map((s) => s.id).sort()).toEqual(['payment-availability', 'payment-failure-rate']);
  });

  it('a YAML syntax error names the file, line and column; the file is skipped', () => {
    const dir = dirWith({ 'broken.yaml': 'slos:\n  - id: x\n    target: [99.9\n' });
    const c = loadSloConfig(dir);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0]).toMatchObject({ file: join(dir, 'broken.yaml'), field: '' });
    expect(c.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(c.errors[0]!.message).toMatch(/^YAML syntax: /);
    expect(c.slos).toHaveLength(15);
  });

  it('an unknown field (a typo) points at the key itself', () => {
    const dir = dirWith({ 'a.yaml': CHECKOUT.replace('    window: 28d\n', '    window: 28d\n    traget: 99\n') });
    const c = loadSloConfig(dir);
    expect(c.errors.map(formatIssue)).toEqual([`${join(dir, 'a.yaml')}:7:5: slos[0].traget: unknown field (check the spelling; allowed fields are listed in the docs)`]);
  });

  it('reports each bad field of an entry with its own position', () => {
    const text = `id: bad-one
target: 99.9
window: { calendar: month, timeZone: Mars/Olympus }
sli:
  timeSlice:
    value:
      queries: { m1: { namespace: N, name: Latency, stat: p95 } }
      expression: MAX([m1, m2])
    comparator: below
    threshold: 500
`;
    const dir = dirWith({ 'bad.yaml': text });
    const c = loadSloConfig(dir);
    const f = join(dir, 'bad.yaml');
    expect(c.errors.map(formatIssue).sort()).toEqual(
      [
        `${f}:8:19: sli.timeSlice.value.expression: uses 'm2', which is not one of the queries (m1)`,
        `${f}:9:17: sli.timeSlice.comparator: must be one of lt, lte, gt, gte (or <, <=, >, >=): how a good slice's value compares to the threshold`,
      ].sort(),
    );
    // With the SLI fixed, the time zone is the remaining problem.
    const fixed = dirWith({ 'bad.yaml': text.replace('MAX([m1, m2])', 'm1').replace('below', 'lt') });
    expect(loadSloConfig(fixed).errors.map(formatIssue)).toEqual([
      `${join(fixed, 'bad.yaml')}:3:38: window.timeZone: must be an IANA time zone such as America/New_York or UTC, got "Mars/Olympus"`,
    ]);
    // The one zone rule (shared/lib/wallClock.ts): EST reads as a fixed offset, refused with why.
    const est = dirWith({ 'bad.yaml': text.replace('MAX([m1, m2])', 'm1').replace('below', 'lt').replace('Mars/Olympus', 'EST') });
    expect(loadSloConfig(est).errors.map(formatIssue)).toEqual([
      `${join(est, 'bad.yaml')}:3:38: window.timeZone: time zone "EST" is a fixed offset that ignores daylight saving; use an IANA name such as America/New_York`,
    ]);
  });

  it('a file entry with a default’s id replaces it; enabled: false switches one off', () => {
    const dir = dirWith({
      'overrides.yaml': `slos:
  - id: search-availability
    name: Search Service
    service: Search Service
    category: availability
    target: 99.0
    window: { calendar: month, timeZone: America/New_York }
    sli:
      eventRatio:
        bad: { metric: { namespace: ECommerce/Services, name: Http5xxCount, dimensions: { Service: search-service }, stat: Sum } }
        total: { metric: { namespace: ECommerce/Services, name: RequestCount, dimensions: [{ name: Service, value: search-service }], stat: Sum } }
  - id: job-failure-rate
    enabled: false
`,
    });
    const c = loadSloConfig(dir);
    expect(c.errors).toEqual([]);
    expect(c.slos).toHaveLength(14);
    expect(c.slos.map((s) => s.id)).not.toContain('job-failure-rate');
    const search = c.slos.find((s) => s.id === 'search-availability')!;
    expect(search.targetPct).toBe(99);
    expect(search.window).toEqual({ kind: 'calendar', unit: 'month', zone: 'America/New_York' });
    expect(search.origin.kind).toBe('file');
    // Still in the defaults' place in the list.
    expect(c.slos.findIndex((s) => s.id === 'search-availability')).toBe(4);
    expect(c.notes.map((n) => n.message)).toEqual(["replaces the built-in SLO 'search-availability'", "'job-failure-rate' is switched off (enabled: false)"]);
    expect(c.notesBySlo['search-availability']?.[0]).toMatch(/overrides\.yaml:2:5, replacing the built-in default$/);
  });

  it('an invalid replacement leaves the default in use and says so', () => {
    const dir = dirWith({ 'o.yaml': 'id: order-availability\ntarget: 0\nsli:\n  eventRatio: { total: { metric: { namespace: N, name: M, stat: Sum } } }\n' });
    const c = loadSloConfig(dir);
    expect(c.errors.map((e) => `${e.line}:${e.column} ${e.field}: ${e.message}`)).toEqual([
      '2:9 target: must be greater than 0 and less than 100 (a percentage; 100 % leaves no error budget), got 0',
      '4:15 sli.eventRatio: give exactly one of good or bad (with total)',
    ]);
    const order = c.slos.find((s) => s.id === 'order-availability')!;
    expect(order.origin.kind).toBe('default');
    expect(c.notes.map((n) => n.message)).toEqual(["this definition of 'order-availability' is invalid, so the built-in default stays in use"]);
  });

  it('the same id twice: the first file wins, the second is an error pointing at the first', () => {
    const dir = dirWith({ 'a.yaml': CHECKOUT, 'b.yaml': CHECKOUT });
    const c = loadSloConfig(dir);
    expect(c.errors.map(formatIssue)).toEqual([`${join(dir, 'b.yaml')}:2:5: id: 'checkout-availability' is already defined at ${join(dir, 'a.yaml')}:2:5; this one is ignored`]);
    expect(c.slos.filter((s) => s.id === 'checkout-availability')).toHaveLength(1);
  });

  it('a window CloudWatch cannot serve is an error; a resolution it cannot keep long enough is a note saying what is used', () => {
    const dir = dirWith({
      'a.yaml': CHECKOUT.replace('window: 28d', 'window: 500d'),
      'b.yaml': CHECKOUT.replace('checkout-availability', 'fine').replace('window: 28d', 'window: 30d\n    resolution: 1m'),
    });
    const c = loadSloConfig(dir);
    expect(c.errors.map(formatIssue)).toEqual([
      `${join(dir, 'a.yaml')}:6:13: slos[0].window: a 500 days window is longer than CloudWatch keeps any data (455 days); use a window of at most 455 days`,
    ]);
    expect(c.notes.map(formatIssue)).toEqual([
      `${join(dir, 'b.yaml')}:7:17: slos[0].resolution: CloudWatch keeps 60 s (1 min) data for 15 days only: the part of this 30 days window older than that is evaluated at 300 s (5 min) resolution`,
    ]);
    expect(c.slos.find((s) => s.id === 'fine')?.resolutionSeconds).toBe(60);
    expect(c.notesBySlo.fine?.[0]).toMatch(/evaluated at 300 s/);
  });

  it('a file that is not a mapping, and a list entry that is not an SLO, are errors', () => {
    const dir = dirWith({ 'list.yaml': '- 1\n- 2\n', 'entry.yaml': 'slos:\n  - just a string\n' });
    const c = loadSloConfig(dir);
    expect(c.errors.map((e) => `${e.file.endsWith('list.yaml') ? 'list' : 'entry'} ${e.line}:${e.column} ${e.field}`)).toEqual(['entry 2:5 slos[0]', 'list 1:1 ']);
  });

  it('a missing directory means defaults only', () => {
    const c = loadSloConfig(join(tmpdir(), 'opsdeck-does-not-exist-slos'));
    expect(c.dirExists).toBe(false);
    expect(c.slos).toHaveLength(15);
  });

  it('the loader re-reads the directory only when a file changed', () => {
    const dir = dirWith({ 'a.yaml': CHECKOUT });
    const loader = new SloConfigLoader(dir);
    const first = loader.current();
    expect(loader.current()).toBe(first);
    writeFileSync(join(dir, 'a.yaml'), CHECKOUT.replace('target: 99.95', 'target: 99.5'));
    utimesSync(join(dir, 'a.yaml'), new Date(), new Date(Date.now() + 5_000));
    const second = loader.current();
    expect(second).not.toBe(first);
    expect(second.slos.find((s) => s.id === 'checkout-availability')?.targetPct).toBe(99.5);
  });

  it('writes definitions others can read back (valid YAML with apiVersion opsdeck/v1)', () => {
    const y = parse(sloToYaml(DEFAULT_SLOS.find((s) => s.id === 'api-latency-p95')!)) as { apiVersion: string; slos: { sli: unknown }[] };
    expect(y.apiVersion).toBe('opsdeck/v1');
    expect(y.slos[0]?.sli).toMatchObject({ timeSlice: { comparator: 'lt', threshold: 500, unit: 'ms', value: { expression: 'MAX([m1, m2, m3, m4, m5])' } } });
  });
});

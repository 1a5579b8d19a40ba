import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Silence, SilenceSpec } from '@shared/contract/alerts';
import { issuesOf as schemaIssues } from './schemaIssues.testkit';
import { parseMatcherText, splitMatcherList, type MatchTarget } from '@shared/lib/matchers';
import { matchingSilences, silenceMatches, silenceStatus } from './silences';

const parseSilence = (input: unknown): Silence => Silence.parse(input);
const parseSilenceSpec = (input: unknown): SilenceSpec => SilenceSpec.parse(input);

const START = Date.parse('2026-05-01T10:00:00Z');
const END = Date.parse('2026-05-01T12:00:00Z');
const DURING = Date.parse('2026-05-01T11:00:00Z');

const paymentAlarm: MatchTarget = {
  name: 'PaymentApi5xxHigh',
  source: 'cloudwatch',
  service: 'payment',
  namespace: 'AWS/ApplicationELB',
  severity: 'P1',
  tags: { env: 'prod', team: 'payments' },
};
const searchAlarm: MatchTarget = { name: 'SearchLatencyP95', service: 'search', severity: 'P3', tags: {} };

function silence(matchers: unknown, extra: Record<string, unknown> = {}): Silence {
  return parseSilence({ id: 's1', matchers, startsAt: START, endsAt: END, reason: 'deploy', author: 'ana', ...extra });
}

function issuesOf(input: Record<string, unknown>) {
  return { issues: schemaIssues(Silence, { id: 's1', startsAt: START, endsAt: END, reason: 'deploy', author: 'ana', ...input }) };
}

describe('matcher operators', () => {
  it('= matches the exact value only', () => {
    expect(silenceMatches(silence(['service="payment"']), paymentAlarm, DURING)).toBe(true);
    expect(silenceMatches(silence(['service="pay"']), paymentAlarm, DURING)).toBe(false);
    expect(silenceMatches(silence(['service="Payment"']), paymentAlarm, DURING)).toBe(false);
  });

  // Negative matchers also match an empty value, so each is paired with one that does not
  // (a silence of negative matchers alone is refused; see validation below).
  const anyName = 'name=~".+"';

  it('!= matches any other value', () => {
    expect(silenceMatches(silence([anyName, 'service!="search"']), paymentAlarm, DURING)).toBe(true);
    expect(silenceMatches(silence([anyName, 'service!="search"']), searchAlarm, DURING)).toBe(false);
  });

  it('=~ is a regex anchored at both ends', () => {
    expect(silenceMatches(silence(['name=~"Payment.*"']), paymentAlarm, DURING)).toBe(true);
    expect(silenceMatches(silence(['name=~"Payment"']), paymentAlarm, DURING)).toBe(false); // would match unanchored
    expect(silenceMatches(silence(['name=~"Api5xx"']), paymentAlarm, DURING)).toBe(false);
    expect(silenceMatches(silence(['severity=~"P1|P2"']), paymentAlarm, DURING)).toBe(true);
    // Alternation is grouped before anchoring: "P1|P2" must not become ^P1|P2$.
    expect(silenceMatches(silence(['severity=~"P1|P2"']), { ...searchAlarm, severity: 'P3' }, DURING)).toBe(false);
    expect(silenceMatches(silence(['name=~"P\\w+High"']), paymentAlarm, DURING)).toBe(true);
  });

  it('!~ matches values the anchored regex does not', () => {
    expect(silenceMatches(silence([anyName, 'severity!~"P1|P2"']), searchAlarm, DURING)).toBe(true);
    expect(silenceMatches(silence([anyName, 'severity!~"P1|P2"']), paymentAlarm, DURING)).toBe(false);
    expect(silenceMatches(silence(['service="payment"', 'name!~"Payment"']), paymentAlarm, DURING)).toBe(true); // anchored: no full match
  });

  it('(?i) makes a regex case-insensitive', () => {
    expect(silenceMatches(silence(['name=~"(?i)paymentapi.*"']), paymentAlarm, DURING)).toBe(true);
    expect(silenceMatches(silence(['name=~"paymentapi.*"']), paymentAlarm, DURING)).toBe(false);
  });

  it('all matchers must match', () => {
    const s = silence(['service="payment"', 'tag:env="staging"']);
    expect(silenceMatches(s, paymentAlarm, DURING)).toBe(false);
    expect(silenceMatches(s, { ...paymentAlarm, tags: { env: 'staging' } }, DURING)).toBe(true);
  });
});

describe('tag matchers', () => {
  it('match on the tag value, and a missing tag reads as empty', () => {
    expect(silenceMatches(silence(['tag:team="payments"']), paymentAlarm, DURING)).toBe(true);
    expect(silenceMatches(silence(['tag:team="payments"']), searchAlarm, DURING)).toBe(false);
    expect(silenceMatches(silence(['tag:env!="prod"', 'service="search"']), searchAlarm, DURING)).toBe(true);
    expect(silenceMatches(silence(['tag:env=""', 'service=~"s.*"']), searchAlarm, DURING)).toBe(true);
  });

  it('accept keys with characters AWS allows, in the object form', () => {
    const s = silence([{ label: 'tag:aws:cloudformation:stack-name', op: '=', value: 'orders prod' }]);
    expect(silenceMatches(s, { ...searchAlarm, tags: { 'aws:cloudformation:stack-name': 'orders prod' } }, DURING)).toBe(true);
  });
});

describe('expiry: active on [startsAt, endsAt)', () => {
  const s = silence(['service="payment"']);
  it.each([
    [START - 1, 'pending', false],
    [START, 'active', true],
    [END - 1, 'active', true],
    [END, 'expired', false],
    [END + 86_400_000, 'expired', false],
  ] as const)('at %d it is %s', (now, status, matches) => {
    expect(silenceStatus(s, now)).toBe(status);
    expect(silenceMatches(s, paymentAlarm, now)).toBe(matches);
  });

  it('a silence never matches outside [startsAt, endsAt) (property)', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: -1_000_000, max: 25_000_000 }),
        fc.constantFrom('service="payment"', 'name=~".+"', 'severity=~"P1|P2"', 'tag:env="prod"'),
        (offset, length, probe, matcher) => {
          const startsAt = base + offset;
          const endsAt = startsAt + length;
          const now = base + probe;
          const s = parseSilence({ id: 'p', matchers: [matcher], startsAt, endsAt, reason: 'r', author: 'a' });
          const inside = startsAt <= now && now < endsAt;
          if (!inside) expect(silenceMatches(s, paymentAlarm, now)).toBe(false);
          // These matchers all match the payment alarm, so inside the window it must match.
          else expect(silenceMatches(s, paymentAlarm, now)).toBe(true);
        },
      ),
    );
  });
});

describe('validation names the field', () => {
  it('invalid regex', () => {
    const error = issuesOf({ matchers: ['service="payment"', 'name=~"Payment(Api"'] });
    expect(error.issues).toEqual([{ path: 'matchers[1].value', message: expect.stringMatching(/^invalid regular expression "Payment\(Api": /) }]);
  });

  it('reports every problem at once, a lone invalid regex included', () => {
    expect(issuesOf({ matchers: ['name=~"("'], endsAt: START }).issues.map((i) => i.path)).toEqual(['matchers[0].value', 'endsAt']);
  });

  it('end at or before start', () => {
    expect(issuesOf({ matchers: ['service="payment"'], endsAt: START }).issues).toEqual([{ path: 'endsAt', message: 'endsAt must be after startsAt' }]);
  });

  it('empty matcher list', () => {
    expect(issuesOf({ matchers: [] }).issues).toEqual([
      { path: 'matchers', message: 'at least one matcher is required; a silence without matchers would silence everything' },
    ]);
  });

  it('matchers that would silence nearly everything', () => {
    const error = issuesOf({ matchers: ['name=~".*"', 'severity!="P4"'] });
    expect(error.issues).toEqual([{ path: 'matchers', message: expect.stringMatching(/^at least one matcher must not match an empty value/) }]);
  });

  it('unknown labels, unreadable matchers, bad operators, missing reason and author', () => {
    expect(issuesOf({ matchers: [{ label: 'region', op: '=', value: 'x' }] }).issues).toEqual([
      { path: 'matchers[0].label', message: 'expected name, service, namespace, source, severity or tag:<key>' },
    ]);
    expect(issuesOf({ matchers: ['region="x"'] }).issues[0]).toEqual({ path: 'matchers[0]', message: expect.stringMatching(/unknown matcher label "region"/) });
    expect(issuesOf({ matchers: ['service payment'] }).issues[0]?.message).toMatch(/expected label, an operator/);
    expect(issuesOf({ matchers: [{ label: 'service', op: '==', value: 'x' }] }).issues[0]?.path).toBe('matchers[0].op');
    expect(issuesOf({ matchers: ['service="payment'] }).issues[0]?.message).toMatch(/badly quoted value/);
    expect(issuesOf({ matchers: ['service="payment"'], reason: '  ', author: '' }).issues).toEqual([
      { path: 'reason', message: 'reason is required' },
      { path: 'author', message: 'author is required' },
    ]);
  });

  it('the spec form has no id', () => {
    const spec = parseSilenceSpec({ matchers: '{service="payment", severity=~"P1|P2"}', startsAt: START, endsAt: END, reason: 'x', author: 'y' });
    expect(spec.matchers).toEqual([
      { label: 'service', op: '=', value: 'payment' },
      { label: 'severity', op: '=~', value: 'P1|P2' },
    ]);
  });
});

describe('matcher text', () => {
  it('reads quoted and unquoted values', () => {
    expect(parseMatcherText('tag:env!=staging')).toEqual({ label: 'tag:env', op: '!=', value: 'staging' });
    expect(parseMatcherText(' name =~ "a\\"b" ')).toEqual({ label: 'name', op: '=~', value: 'a"b' });
    expect(parseMatcherText('name!~"P\\d"')).toEqual({ label: 'name', op: '!~', value: 'P\\d' });
  });

  it('splits lists at commas outside quotes', () => {
    expect(splitMatcherList('{service="a,b", severity=~"P1|P2",}')).toEqual(['service="a,b"', 'severity=~"P1|P2"']);
  });
});

describe('matchingSilences', () => {
  it('lists active matching silences, longest-lasting first', () => {
    const short = silence(['service="payment"'], { id: 'short' });
    const long = silence(['tag:team="payments"'], { id: 'long', endsAt: END + 3_600_000 });
    const other = silence(['service="search"'], { id: 'other' });
    const future = silence(['service="payment"'], { id: 'future', startsAt: END, endsAt: END + 60_000 });
    expect(matchingSilences([short, other, long, future], paymentAlarm, DURING).map((s) => s.id)).toEqual(['long', 'short']);
  });
});

// Silences: "don't notify me about alerts matching these matchers between start and end".
// Active on the half-open interval [startsAt, endsAt), like Alertmanager.
import { z } from 'zod';
import { EpochMs, parseWith } from './alerts';
import { Matcher, allMatch, formatMatcher, matchValue, splitMatcherList, type MatchTarget } from './alertMatchers';

/** Matchers as an array (objects or `label op value` strings) or one `{a="b", c=~"d"}` string. */
const MatcherList = z.preprocess(
  (input) => (typeof input === 'string' ? splitMatcherList(input) : input),
  z.array(Matcher).min(1, 'at least one matcher is required; a silence without matchers would silence everything'),
);

const silenceFields = {
  matchers: MatcherList,
  startsAt: EpochMs,
  endsAt: EpochMs,
  reason: z.string().trim().min(1, 'reason is required'),
  author: z.string().trim().min(1, 'author is required'),
};

type SilenceShape = { matchers: Matcher[]; startsAt: number; endsAt: number };

function checkSilence(silence: SilenceShape, ctx: z.RefinementCtx): void {
  if (silence.endsAt <= silence.startsAt) {
    ctx.addIssue({ code: 'custom', message: 'endsAt must be after startsAt', path: ['endsAt'] });
  }
  // Alertmanager's safety rule: if every matcher also matches the empty string, the silence
  // matches alerts that lack all those labels — almost everything. Refinements still run
  // when a matcher is invalid (already reported on its own path), so skip those here.
  const emptyMatches = silence.matchers.map((m) => {
    try {
      return matchValue(m, '');
    } catch {
      return null;
    }
  });
  if (emptyMatches.length > 0 && emptyMatches.every((matches) => matches === true)) {
    ctx.addIssue({
      code: 'custom',
      message: `at least one matcher must not match an empty value (${silence.matchers.map(formatMatcher).join(', ')} would silence nearly every alert)`,
      path: ['matchers'],
    });
  }
}

/** What a person types to create a silence. */
export const SilenceSpec = z.object(silenceFields).strict().superRefine(checkSilence);
export type SilenceSpec = z.output<typeof SilenceSpec>;

/** A stored silence. */
export const Silence = z
  .object({ id: z.string().min(1), ...silenceFields, createdAt: EpochMs.optional() })
  .strict()
  .superRefine(checkSilence);
export type Silence = z.output<typeof Silence>;

export function parseSilenceSpec(input: unknown): SilenceSpec {
  return parseWith(SilenceSpec, input, 'silence');
}

export function parseSilence(input: unknown): Silence {
  return parseWith(Silence, input, 'silence');
}

export type SilenceStatus = 'pending' | 'active' | 'expired';

export function silenceStatus(silence: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceStatus {
  if (now < silence.startsAt) return 'pending';
  return now < silence.endsAt ? 'active' : 'expired';
}

/** True when the silence is active at `now` and every matcher matches the alert. */
export function silenceMatches(silence: Pick<Silence, 'startsAt' | 'endsAt' | 'matchers'>, alert: MatchTarget, now: number): boolean {
  return silenceStatus(silence, now) === 'active' && allMatch(silence.matchers, alert);
}

/** Active silences covering the alert, longest-lasting first (the one to show), then by id. */
export function matchingSilences<S extends Silence>(silences: readonly S[], alert: MatchTarget, now: number): S[] {
  return silences
    .filter((s) => silenceMatches(s, alert, now))
    .sort((a, b) => b.endsAt - a.endsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

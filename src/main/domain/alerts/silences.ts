// Silences: "don't notify me about alerts matching these matchers between start and end".
// Active on the half-open interval [startsAt, endsAt), like Alertmanager.
import type { Silence } from '@shared/contract/alerts';
import { allMatch, type MatchTarget } from '@shared/lib/matchers';

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

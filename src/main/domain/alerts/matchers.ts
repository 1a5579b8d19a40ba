// Label matchers, as in Alertmanager: `label op value` with `=`, `!=`, `=~`, `!~`.
// Used by silences and by maintenance-window scopes. The schema and the text parser live in
// the shared contract (the renderer validates with them at the field); evaluation is here.
import { type AlertSource, type Matcher, type MatcherLabel, type Severity, matchValue } from '../../../shared/contract/alerts';

export {
  MATCHER_OPS,
  Matcher,
  formatMatcher,
  matchValue,
  parseMatcherText,
  splitMatcherList,
  type MatcherLabel,
  type MatcherOp,
} from '../../../shared/contract/alerts';

/** What a matcher can look at: an upstream alert plus its resolved severity. */
export interface MatchTarget {
  name: string;
  source?: AlertSource;
  service?: string;
  namespace?: string;
  severity?: Severity;
  tags: Readonly<Record<string, string>>;
}

/** A label the alert lacks reads as '' (Alertmanager semantics), so `service=""` matches "no service". */
export function labelValue(target: MatchTarget, label: MatcherLabel): string {
  if (label.startsWith('tag:')) return target.tags[label.slice(4)] ?? '';
  switch (label) {
    case 'name': return target.name;
    case 'source': return target.source ?? '';
    case 'service': return target.service ?? '';
    case 'namespace': return target.namespace ?? '';
    case 'severity': return target.severity ?? '';
    default: return '';
  }
}

export function matcherMatches(matcher: Matcher, target: MatchTarget): boolean {
  return matchValue(matcher, labelValue(target, matcher.label));
}

/** True when every matcher matches; an empty list matches everything. */
export function allMatch(matchers: readonly Matcher[], target: MatchTarget): boolean {
  return matchers.every((m) => matcherMatches(m, target));
}

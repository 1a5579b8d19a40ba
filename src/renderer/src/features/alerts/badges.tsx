import type { LocalState, Severity } from '@shared/contract/alerts';
import { STATE_LABEL } from './labels';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

export function StateBadge({ state }: { state: LocalState }) {
  return <span className={`astate astate-${state}`}>{STATE_LABEL[state]}</span>;
}

// Silences as stored in the journal, read back with their status (an early end cuts one short).
import { MatcherList, type Silence, type SilenceOut } from '@shared/contract/alerts';
import { formatMatcher } from '@shared/lib/matchers';
import { silenceStatus } from '../domain/alerts/silences';
import type { AlertJournal } from '../store/alert-journal';

export interface SilenceView {
  row: SilenceOut;
  silence: Silence;
}

const StoredMatchers = MatcherList;

export function loadSilences(journal: AlertJournal, now: number, notices: string[]): SilenceView[] {
  const views: SilenceView[] = [];
  for (const row of journal.silences()) {
    const matchers = StoredMatchers.safeParse(row.matchers);
    if (!matchers.success || matchers.data.length === 0) {
      notices.push(`Silence ${row.id} by ${row.author} has matchers this version cannot read; it is ignored.`);
      continue;
    }
    // An early end cuts the silence short; one ended before it began never applies.
    const endsAt = row.expiredAt !== null ? Math.min(row.endsAt, row.expiredAt) : row.endsAt;
    const silence: Silence = { id: row.id, matchers: matchers.data, startsAt: row.startsAt, endsAt, reason: row.reason, author: row.author, createdAt: row.createdAt };
    const status = endsAt <= row.startsAt ? 'expired' : silenceStatus(silence, now);
    views.push({
      silence,
      row: {
        id: row.id,
        matchers: matchers.data.map((m) => ({ label: m.label, op: m.op, value: m.value })),
        matchersText: matchers.data.map(formatMatcher).join(', '),
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        expiredAt: row.expiredAt,
        expiredBy: row.expiredBy,
        reason: row.reason,
        author: row.author,
        createdAt: row.createdAt,
        status,
        matchingGroups: 0,
      },
    });
  }
  return views;
}

// Notices for the user from the stores' recovery paths (contract/notices.ts): one place that
// turns "what happened" into the words shown in the banner and on Settings.
import type { Notice } from '../shared/contract/notices';
import type { JournalRecovery } from './store/journal';

let counter = 0;
const nextId = (area: string, at: number): string => `${area}-${at}-${++counter}`;

export function journalRecoveredNotice(r: JournalRecovery): Notice {
  const s = r.salvage;
  const rows = s.tables.map((t) => ({ table: t.table, rows: t.rows, unreadableRanges: t.unreadableRanges }));
  const lostRanges = s.tables.reduce((n, t) => n + t.unreadableRanges, 0);
  const refused = s.tables.reduce((n, t) => n + t.refused, 0);
  const kept = r.keptAs[0] ?? '(nothing to keep)';
  const perTable = rows.filter((t) => t.rows > 0).map((t) => `${t.table} ${t.rows}`).join(', ') || 'none';
  const detail = [
    `journal.db was found damaged at ${r.when} (${s.problems.slice(0, 3).join('; ') || 'unreadable'}).`,
    `Opsdeck did not write to it: the original was moved aside byte-identical as ${r.keptAs.join(', ') || kept}.`,
    `${s.totalRows} readable rows were salvaged into a fresh journal (${perTable})${lostRanges ? `; ${lostRanges} unreadable row range${lostRanges === 1 ? ' was' : 's were'} skipped` : ''}${refused ? `; ${refused} damaged row${refused === 1 ? ' was' : 's were'} refused` : ''}.`,
    ...s.lost.map((l) => `Not salvaged — ${l.table}: ${l.reason}.`),
    'Keep the original: npm run cli -- journal salvage <that file> merges its readable rows again, and it is what to send for a deeper repair.',
  ].join(' ');
  return {
    id: nextId('journal', r.at),
    at: r.at,
    severity: 'error',
    area: 'journal',
    title: `Journal was damaged: ${s.totalRows} rows salvaged into a fresh journal; the original is kept as ${kept}`,
    detail,
    rows,
    keptAs: r.keptAs.slice(0, 10),
  };
}

export function cacheRebuiltNotice(message: string, keptAs: string | null, at: number, when: 'start-up' | 'run time'): Notice {
  return {
    id: nextId('cache', at),
    at,
    severity: 'warning',
    area: 'cache',
    title: `Local cache was unreadable (found at ${when}) and is being rebuilt from the source; your journal is untouched`,
    detail: message.slice(0, 8_000),
    rows: [],
    keptAs: keptAs ? [keptAs] : [],
  };
}

export function configNotice(title: string, detail: string, at: number): Notice {
  return { id: nextId('config', at), at, severity: 'info', area: 'config', title: title.slice(0, 300), detail: detail.slice(0, 8_000), rows: [], keptAs: [] };
}

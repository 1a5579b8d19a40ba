// 30 days of backup jobs, one cell a day (UTC): colour by the worst outcome and the counts in text.
import type { BackupsView } from '@shared/contract/backups';

export function JobCalendar({ days }: { days: BackupsView['calendar'] }) {
  return (
    <div className="bk-calendar" role="list" aria-label="Backup jobs per day, last 30 days (UTC)" data-testid="bk-calendar">
      {days.map((d) => {
        const bad = d.failed + d.expired + d.missed;
        const cls = bad > 0 ? 'bad' : d.completed > 0 ? 'ok' : 'muted';
        const text = `${d.day}: ${d.completed} completed, ${d.failed} failed, ${d.expired} expired, ${d.missed} missed`;
        return (
          <div key={d.day} role="listitem" className={`bk-day ${cls}`} title={text} aria-label={text} tabIndex={0} data-day={d.day}>
            <span className="bk-day-num">{d.day.slice(8)}</span>
            <span className="bk-day-count">{bad > 0 ? `${bad}✕` : d.completed > 0 ? `${d.completed}✓` : '–'}</span>
          </div>
        );
      })}
    </div>
  );
}

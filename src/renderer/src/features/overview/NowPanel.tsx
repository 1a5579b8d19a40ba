// The top of the Overview: what is happening now. Firing P1/P2 alerts (count, oldest, overdue
// against the seeds' response targets) and SLOs paging or ticketing now (burn rate, time to
// exhaustion), worst first, every row a link. A calm platform gets one calm line instead.
import type { AlertQueue } from '@shared/contract/alerts';
import type { LastNotClear } from '@shared/contract/core';
import type { SloList } from '@shared/contract/slos';
import { Loading } from '@renderer/components/common/Loader';
import { useApi } from '@renderer/data/api';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatBurnMultiple, formatDuration, formatElapsed, formatMonthDayTime } from '@renderer/lib/format';
import { alertHash, sloHash } from '@renderer/lib/links';
import { usePrefs } from '@renderer/lib/prefs';
import { SECOND_MS } from '@renderer/lib/time';
import { compareAlertUrgency, compareSloUrgency, isOverdue } from '@renderer/lib/urgency';

export function NowPanel() {
  const queue = useApi('alertQueue', {});
  const slos = useApi('slos', {});
  const last = useApi('lastNotClear', {});
  return <NowView queue={queue.data} slos={slos.data} last={last.data} />;
}

/** What was last "not clear", in words: "P1 checkout-api 5xx, resolved 10-26 18:02 UTC (3 d 18 h ago)" (a title's closing full stop dropped mid-sentence). */
type LastShown = { severity: string; title: string; resolvedAt: number };

/**
 * `last`: the main side's read of the whole alarm record (30 days); the queue itself holds only
 * its resolved groups' 24 h. Until it answers, the queue's alone.
 */
export function NowView({ queue, slos, last }: { queue: AlertQueue | undefined; slos: SloList | undefined; last?: LastNotClear | undefined }) {
  const { timeMode } = usePrefs();
  const now = useNow(5 * SECOND_MS);
  // Until both answer (and the alarms have synced once) say so: "0 alerts" would be a wrong figure.
  if (!queue || !slos) return <section className="now" data-testid="now" data-state="loading" aria-label="Happening now"><Loading>Reading alerts and SLOs…</Loading></section>;
  const firing = queue.groups.filter((g) => g.state === 'firing' && (g.severity === 'P1' || g.severity === 'P2')).sort(compareAlertUrgency(now));
  const burning = slos.slos.filter((s) => s.alert.state !== 'none').sort(compareSloUrgency);
  const alarmsKnown = queue.alarmsAsOf !== null;
  if (firing.length === 0 && burning.length === 0) {
    // "Not clear" is what this panel lists: a P1/P2 alert firing or an SLO burning (page or ticket). A P4 that
    // resolved an hour ago does not make the last hour "not clear".
    const madeItNotClear = (g: AlertQueue['groups'][number]): boolean => g.severity === 'P1' || g.severity === 'P2' || g.source === 'slo-burn';
    let shown: LastShown | null = null;
    for (const g of queue.groups) {
      if (g.resolvedAt !== null && madeItNotClear(g) && (shown === null || g.resolvedAt > shown.resolvedAt)) shown = { severity: g.severity, title: g.title, resolvedAt: g.resolvedAt };
    }
    if (last?.last && (shown === null || last.last.resolvedAt > shown.resolvedAt)) shown = { severity: last.last.severity, title: last.last.title, resolvedAt: last.last.resolvedAt };
    // With no answer from the record yet, "none" reaches as far back as the queue does.
    const searchedMs = last ? (last.searchedFrom === null ? null : Math.max(now - last.searchedFrom, queue.resolvedKeptMs)) : queue.resolvedKeptMs;
    return (
      <section className="now now-clear" data-testid="now" data-state={alarmsKnown ? 'clear' : 'syncing'} aria-label="Happening now">
        <span className="now-dot ok" aria-hidden />
        {alarmsKnown ? <strong>All clear</strong> : <strong>No SLO is burning; alarms are still syncing</strong>}
        <span className="muted">
          {alarmsKnown ? 'no P1/P2 alert firing, no SLO paging or ticketing' : 'the CloudWatch alarms have not been read yet'}
          {' · '}
          <span data-testid="now-last">
            {shown !== null
              ? `last not clear: ${shown.severity} ${shown.title.replace(/\.$/, '')}, resolved ${formatMonthDayTime(shown.resolvedAt, timeMode)} (${formatAge(now - shown.resolvedAt, 'ago')})`
              : searchedMs === null
                ? 'no P1/P2 alert or SLO burn on record'
                : `no P1/P2 alert or SLO burn in the last ${formatDuration(searchedMs)}`}
          </span>
        </span>
      </section>
    );
  }
  const overdue = firing.filter((g) => isOverdue(g, now)).length;
  const oldest = firing.reduce<number | null>((m, g) => (m === null || g.firedAt < m ? g.firedAt : m), null);
  return (
    <section className="now now-active" data-testid="now" data-state="active" aria-label="Happening now">
      <div className="now-col">
        <h2 className="now-title">
          <span data-testid="now-alert-count">{firing.length}</span> P1/P2 alert{firing.length === 1 ? '' : 's'} firing
          {overdue > 0 && <span className="tag tag-bad">{overdue} overdue</span>}
          {oldest !== null && <span className="muted now-sub">oldest {formatElapsed(now - oldest)}</span>}
          {!alarmsKnown && <span className="muted now-sub">alarms still syncing: SLO burn alerts only</span>}
        </h2>
        {firing.length === 0 ? (
          <p className="muted">{alarmsKnown ? 'none' : 'alarms not read yet'}</p>
        ) : (
          <ul className="now-list">
            {firing.slice(0, 8).map((g) => {
              const late = isOverdue(g, now);
              return (
                <li key={g.key} data-testid="now-alert">
                  <a href={alertHash(g.key)} className="now-link">
                    <span className={`sev sev-${g.severity}`}>{g.severity}</span>
                    <span className="now-name">{g.title}</span>
                    <span className={late ? 'bad now-when' : 'muted now-when'}>
                      {late && g.timer ? `OVERDUE ${formatDuration(Math.max(0, now - g.timer.dueAt))}` : g.timer ? `${formatDuration(g.timer.dueAt - now)} to respond` : ''}
                      {` · firing ${formatElapsed(now - g.firedAt)}`}
                    </span>
                  </a>
                </li>
              );
            })}
            {firing.length > 8 && (
              <li>
                <a href="#/alerts" className="now-link muted">
                  and {firing.length - 8} more in the queue
                </a>
              </li>
            )}
          </ul>
        )}
      </div>
      <div className="now-col">
        <h2 className="now-title">
          <span data-testid="now-slo-count">{burning.length}</span> SLO{burning.length === 1 ? '' : 's'} burning budget
        </h2>
        {burning.length === 0 ? (
          <p className="muted">none paging or ticketing</p>
        ) : (
          <ul className="now-list">
            {burning.map((s) => (
              <li key={s.id} data-testid="now-slo">
                <a href={sloHash(s.id)} className="now-link">
                  <span className={`slo-alert slo-alert-${s.alert.state}`}>{s.alert.state === 'page' ? 'PAGE' : 'TICKET'}</span>
                  <span className="now-name">{s.name}</span>
                  <span className="now-when">
                    {formatBurnMultiple(s.alert.longBurnRate)} over {s.alert.longWindow ?? '—'}
                    {' · '}
                    {s.timeToExhaustionMs === null ? 'budget not burning out' : s.timeToExhaustionMs <= 0 ? 'budget spent' : `budget gone in ${formatDuration(s.timeToExhaustionMs)}`}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

// Overview: every availability SLO from the seeds, the alarm count, all from the cache.
import type { ReactNode } from 'react';
import type { Overview } from '@shared/contract/core';
import { BudgetBar } from '@renderer/components/common/BudgetBar';
import { Loader, pageFrame } from '@renderer/components/common/Loader';
import { statusClass, statusLabel } from '@renderer/components/common/SloStatus';
import { Sparkline } from '@renderer/components/common/Sparkline';
import { useApi } from '@renderer/data/api';
import { useNow } from '@renderer/lib/clock';
import { formatBudgetLeft, formatBudgetMinutesOf, formatBudgetPct, formatChangePct, formatCount, formatDecimal, formatAge, formatPct, formatPctForTarget, formatTime, isPartialWindow, NO_DATA, NO_FIGURE } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { isStale, SECOND_MS } from '@renderer/lib/time';
import { sloHash } from '@renderer/lib/links';
import { NowPanel } from './NowPanel';

/** KPI values at a glance: thousands separated, percentages to one decimal. */
function formatKpi(value: number, unit: string): string {
  if (unit === '%') return formatDecimal(value, 1);
  return formatCount(value);
}

/**
 * Other features' summaries are composed by the shell (app/routes.tsx), so features stay apart:
 * `families` (the metric families' figures) replace the business KPI cards when given, `cards`
 * sit in the card grid beside the alarms (backups), `tiles` below it (capacity).
 */
export function OverviewPage({ cards, tiles, families }: { cards?: ReactNode; tiles?: ReactNode; families?: ReactNode } = {}) {
  const overview = useApi('overview', {});
  return (
    <Loader query={overview} failed="Could not read the overview" frame={(block) => pageFrame('Overview')(<><NowPanel />{block}</>)}>
      {(data) => <OverviewView data={data} now={<NowPanel />} cards={cards} tiles={tiles} families={families} />}
    </Loader>
  );
}

export function OverviewView({ data, now: nowPanel, cards, tiles, families }: { data: Overview; now?: ReactNode; cards?: ReactNode; tiles?: ReactNode; families?: ReactNode }) {
  const { timeMode } = usePrefs();
  const now = useNow(10 * SECOND_MS);
  const asOf = data.slos.reduce<number | null>((m, s) => (s.dataAsOf !== null && (m === null || s.dataAsOf > m) ? s.dataAsOf : m), null);
  const stale = isStale(asOf, now);
  return (
    <section className="page">
      <header className="page-head">
        <h1>Overview</h1>
        <span className={stale ? 'tag tag-warn' : 'muted'} data-testid="overview-asof">
          {asOf === null ? NO_DATA : `figures as of ${formatTime(asOf, timeMode)}${stale ? ` — STALE, ${formatAge(now - asOf, 'old')}` : ''}`}
        </span>
      </header>
      {nowPanel}
      <h2>Business · application · infrastructure</h2>
      {families}
      <div className="cards">
        <div className="card">
          <div className="card-label">Alarms in ALARM</div>
          {data.alarms.asOf === null ? (
            // Before the first alarm sync there is no count to show: "0 of 0" would read as calm.
            <div className="card-value muted" data-testid="alarm-count" data-state="syncing">
              …<span className="unit"> alarms still syncing</span>
            </div>
          ) : (
            <div className={`card-value ${data.alarms.inAlarm > 0 ? 'bad' : 'ok'}`} data-testid="alarm-count">
              {data.alarms.inAlarm}
              <span className="unit"> of {data.alarms.total} alarms</span>
            </div>
          )}
          <div className="card-foot muted">
            {data.alarms.asOf === null ? 'not read yet' : data.alarms.names.slice(0, 4).join(', ') || 'none firing'}
            {data.alarms.asOf !== null && ` · as of ${formatTime(data.alarms.asOf, timeMode)}`}
          </div>
        </div>
        {cards}
        {!families && data.kpis.map((k) => (
          <div className="card kpi-card" key={k.id} data-testid="kpi">
            <div className="card-label">{k.label} <span className="muted">· last hour</span></div>
            <div className="card-value">
              {k.value === null ? '—' : formatKpi(k.value, k.unit)}
              <span className="unit"> {k.unit}</span>
            </div>
            <div className="card-foot">
              {k.weekOverWeekPct === null ? (
                <span className="muted">no week-ago data</span>
              ) : (
                <span className={k.weekOverWeekPct < -10 ? 'bad' : 'muted'} title="Compared with the same hour one week earlier">
                  {formatChangePct(k.weekOverWeekPct)} vs last week
                </span>
              )}
            </div>
            <Sparkline points={k.hourly.map((h) => ({ x: h.t, y: h.value }))} width={150} height={28} label={`${k.label}, hourly`} />
          </div>
        ))}
      </div>
      {tiles}
      <h2>Availability SLOs · rolling 30 days</h2>
      <table className="grid slo-table" data-testid="slo-table">
        <thead>
          <tr>
            <th>Service</th>
            <th className="num">Target</th>
            <th className="num">Availability</th>
            <th className="num">Budget left</th>
            <th className="col-low">Budget</th>
            <th className="num col-low">Failed / total requests</th>
            <th>Status</th>
            <th>30 days (daily)</th>
          </tr>
        </thead>
        <tbody>
          {data.slos.map((s) => (
            <tr key={s.id} data-testid="slo-row" data-slo={s.id}>
              <td>
                <a className="slo-name" href={sloHash(s.id)}>
                  {s.name}
                </a>
              </td>
              <td className="num">{formatPct(s.targetPct, 3)}</td>
              <td className="num" data-testid="availability">
                {formatPctForTarget(s.availabilityPct, s.targetPct)}
              </td>
              <td className="num" data-testid="budget-left">
                {s.budgetRemainingPct === null || s.budgetRemainingMinutes === null
                  ? NO_FIGURE
                  : isPartialWindow(s.coverage)
                    ? formatBudgetLeft(s.budgetRemainingPct, s.coverage)
                    : `${formatBudgetPct(s.budgetRemainingPct)} · ${formatBudgetMinutesOf(s.budgetRemainingMinutes, s.budgetTotalMinutes)}`}
              </td>
              <td className="col-low">
                <BudgetBar pct={s.budgetRemainingPct} />
              </td>
              <td className="num muted col-low">
                {formatCount(s.badEvents)} / {formatCount(s.totalEvents)}
              </td>
              <td>
                <span className={`status ${statusClass(s.status)}`}>{statusLabel(s.status)}</span>
              </td>
              <td>
                <Sparkline points={s.daily.map((d) => ({ x: d.day, y: d.availabilityPct }))} target={s.targetPct} label={`${s.name}: 30 days of daily availability against the ${formatPct(s.targetPct, 3)} target`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Availability = 1 − 5xx responses ÷ requests over the window. Error budget = (1 − target) × 30 days. Computed on this machine from the local cache.
      </p>
    </section>
  );
}

// One SLO: where its budget stands and why — burn-down, SLI, burn rates against the alert
// thresholds, the periods that breached, the last three windows, and every formula with the
// numbers plugged in.
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { SLO_DETAIL_SHORTCUTS } from './shortcuts';
import type { SloDetail } from '@shared/contract/slos';
import { BudgetBar } from '@renderer/components/common/BudgetBar';
import { Loader } from '@renderer/components/common/Loader';
import { StatusPill } from '@renderer/components/common/SloStatus';
import { useApi } from '@renderer/data/api';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatBudgetLeft, formatBudgetPct, formatBurnMultiple, formatCount, formatDuration, formatPct, formatPctForTarget, formatShare, formatTime, isPartialWindow, NO_FIGURE, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { isStale, SECOND_MS } from '@renderer/lib/time';
import { AlertBadge } from './AlertBadge';
import { budgetText, burnClass } from './budget';
import { BurnDownChart, BurnRateChart, SliChart } from './SloCharts';
import { SloExplain } from './SloExplain';

function origin(d: SloDetail): string {
  const o = d.slo.origin;
  if (o.kind === 'default') return 'built-in default (from the seeds)';
  return `${o.kind === 'openslo' ? 'OpenSLO import' : 'SLO file'} ${o.file ?? ''}${o.line !== null ? `:${o.line}:${o.column}` : ''}`;
}

function Card({ label, children, foot, testId }: { label: string; children: React.ReactNode; foot?: React.ReactNode; testId?: string }) {
  return (
    <div className="card slo-card" data-testid={testId}>
      <div className="card-label">{label}</div>
      <div className="slo-card-value">{children}</div>
      {foot !== undefined && <div className="card-foot muted">{foot}</div>}
    </div>
  );
}

function Staleness({ d, now, timeMode }: { d: SloDetail; now: number; timeMode: TimeMode }) {
  const asOf = d.slo.dataAsOf;
  if (asOf === null || !isStale(asOf, now)) return null;
  return (
    <div className="slo-stale-banner" role="status" data-testid="slo-stale-banner">
      These figures are as of <strong>{formatTime(asOf, timeMode)}</strong>, {formatAge(now - asOf, 'ago')} — the newest data in the local cache. The budget shown is not current: it may have been spent since.
    </div>
  );
}

const BACK_KEYS: ShortcutHandlers<typeof SLO_DETAIL_SHORTCUTS.table> = {
  back: () => {
    window.location.hash = '#/slos';
  },
};

export function SloDetailPage({ id }: { id: string }) {
  const q = useApi('sloDetail', { id });
  useShortcuts(SLO_DETAIL_SHORTCUTS, BACK_KEYS);
  return (
    <Loader
      query={q}
      failed="Could not load this SLO"
      loading={`Evaluating ${id}…`}
      frame={(block) => (
        <section className="page">
          {q.error && (
            <a href="#/slos" className="slo-back">
              ← SLOs
            </a>
          )}
          {block}
        </section>
      )}
    >
      {(d) => <SloDetailView d={d} />}
    </Loader>
  );
}

export function SloDetailView({ d }: { d: SloDetail }) {
  const { timeMode } = usePrefs();
  const now = useNow(10 * SECOND_MS);
  const s = d.slo;
  const stale = isStale(s.dataAsOf, now);
  const burn1h = s.burnRates.find((b) => b.key === '1h');
  return (
    <section className="page slo-detail" data-testid="slo-detail" data-slo={s.id}>
      <a href="#/slos" className="slo-back">
        ← SLOs
      </a>
      <header className="slo-detail-head">
        <h1>{s.name}</h1>
        <StatusPill status={s.status} />
        <AlertBadge alert={s.alert} timeMode={timeMode} />
        {/* The service only where it adds something: "Payment Service · payment-service" is a duplicated title. */}
        {s.service.toLowerCase().replace(/[^a-z0-9]/g, '') !== s.name.toLowerCase().replace(/[^a-z0-9]/g, '') && <span className="muted small">{s.service}</span>}
      </header>
      <p className="slo-reason" data-testid="slo-reason">
        {s.reason}
      </p>
      {s.description && <p className="muted small slo-description">{s.description}</p>}
      <table className="grid kv slo-facts">
        <tbody>
          <tr>
            <th>Objective</th>
            <td>
              {formatPct(s.targetPct)} of {s.unit} good over a {s.window.label} window
              <span className="muted"> · {formatTime(s.window.start, timeMode)} → {formatTime(s.window.end, timeMode)}</span>
            </td>
          </tr>
          <tr>
            <th>SLI</th>
            <td className="wrap">{s.sli}</td>
          </tr>
          <tr>
            <th>Evaluated as of</th>
            <td>
              {formatTime(s.evaluatedAt, timeMode)} <span className="muted">(newest cached datapoint; data used up to {s.dataAsOf === null ? '—' : formatTime(s.dataAsOf, timeMode)}; coverage {formatShare(s.coverage)})</span>
            </td>
          </tr>
          <tr>
            <th>Defined by</th>
            <td className="wrap">{origin(d)}</td>
          </tr>
        </tbody>
      </table>
      <Staleness d={d} now={now} timeMode={timeMode} />
      {s.warnings.length > 0 && (
        <ul className="slo-warnings" data-testid="slo-warnings">
          {s.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}

      <div className="cards slo-cards">
        <Card label="SLI (attainment)" testId="card-attainment" foot={`${formatCount(s.bad)} bad of ${formatCount(s.total)} ${s.unit}`}>
          <span className={s.attainmentPct !== null && s.attainmentPct < s.targetPct ? 'bad' : ''}>{formatPctForTarget(s.attainmentPct, s.targetPct)}</span>
          <span className="unit"> target {formatPct(s.targetPct)}</span>
        </Card>
        <Card
          label={stale ? 'Error budget left (not current)' : 'Error budget left'}
          testId="card-budget"
          foot={
            <>
              <BudgetBar pct={s.budget.remainingPct} stale={stale} />
              <span data-testid="card-budget-text">{budgetText(s)}</span>
            </>
          }
        >
          <span className={stale || isPartialWindow(s.coverage) ? 'muted' : ''}>{formatBudgetLeft(s.budget.remainingPct, s.coverage)}</span>
        </Card>
        <Card label="Burn rate (1 h)" testId="card-burn" foot={burn1h?.reason ?? `${formatCount(burn1h?.bad ?? 0)} bad of ${formatCount(burn1h?.events ?? 0)} in the last hour`}>
          <span className={burnClass(burn1h?.burnRate ?? null)}>{formatBurnMultiple(burn1h?.burnRate ?? null)}</span>
        </Card>
        <Card label="Budget exhausted in" testId="card-exhaustion" foot="at the 1-hour burn rate, if it continues">
          {s.timeToExhaustionMs === null ? <span className="muted">not at this rate</span> : s.timeToExhaustionMs === 0 ? <span className="bad">already spent</span> : formatDuration(s.timeToExhaustionMs)}
        </Card>
        <Card label="Burn alert" testId="card-alert" foot={s.alert.reason}>
          {s.alert.state === 'none' ? <span className="ok">none</span> : <span className={s.alert.state === 'page' ? 'bad' : 'warn'}>{s.alert.state.toUpperCase()}</span>}
          {s.alert.since !== null && <span className="unit"> since {s.alert.sinceIsLowerBound ? 'before ' : ''}{formatTime(s.alert.since, timeMode)}</span>}
        </Card>
      </div>

      <h2>Burn rates</h2>
      <table className="grid slo-burn-table" data-testid="slo-burn-table">
        <thead>
          <tr>
            <th>Window</th>
            {s.burnRates.map((b) => (
              <th key={b.key} className="num">
                {b.key}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>Burn rate</th>
            {s.burnRates.map((b) => (
              <td key={b.key} className={`num ${burnClass(b.burnRate)}`} title={b.reason ?? undefined}>
                {formatBurnMultiple(b.burnRate)}
              </td>
            ))}
          </tr>
          <tr>
            <th>Bad / {s.unit}</th>
            {s.burnRates.map((b) => (
              <td key={b.key} className="num muted">
                {formatCount(b.bad)} / {formatCount(b.events)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>

      <div className="slo-charts">
        <div>
          <h2>Error budget burn-down</h2>
          <BurnDownChart detail={d} timeMode={timeMode} />
          <p className="muted small">Budget left through the window; dashed: a steady 1× burn, which ends the window with nothing left.</p>
        </div>
        <div>
          <h2>{d.sliSeries.kind === 'attainment' ? 'SLI against the target' : 'Measured value against the threshold'}</h2>
          <SliChart detail={d} timeMode={timeMode} />
          <p className="muted small">
            {d.sliSeries.kind === 'attainment' ? `Good ÷ total per ${formatDuration(d.sliSeries.stepMs)}` : `${s.sli}, per datapoint (downsampled)`}; shaded: breached periods.
          </p>
        </div>
        <div className="slo-chart-wide">
          <h2>Burn rate against the alert thresholds</h2>
          <BurnRateChart detail={d} timeMode={timeMode} />
        </div>
      </div>

      <h2>Alert rules (SRE Workbook multiwindow, multi-burn-rate)</h2>
      <table className="grid" data-testid="slo-alert-rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Severity</th>
            <th className="num">Threshold</th>
            <th className="num">Long window</th>
            <th className="num">Short window</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {d.alertRules.map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td>
              <td>{r.severity}</td>
              <td className="num">{r.threshold}×</td>
              <td className={`num ${burnClass(r.longBurnRate)}`}>
                {formatBurnMultiple(r.longBurnRate)} <span className="muted">({r.longWindow})</span>
              </td>
              <td className={`num ${burnClass(r.shortBurnRate)}`}>
                {formatBurnMultiple(r.shortBurnRate)} <span className="muted">({r.shortWindow})</span>
              </td>
              <td className="wrap">
                {r.firing ? <strong className={r.severity === 'page' ? 'bad' : 'warn'}>FIRING</strong> : <span className="muted">not firing</span>} <span className="muted small">{r.reason}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Breached periods</h2>
      {d.breaches.length === 0 ? (
        <p className="muted" data-testid="slo-breaches-none">
          No hour in this window had its SLI below the target.
        </p>
      ) : (
        <table className="grid" data-testid="slo-breaches">
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th className="num">Duration</th>
              <th className="num">Peak 1 h burn</th>
              <th className="num">Bad / {s.unit}</th>
              <th className="num">Budget spent</th>
              <th>Worst alert</th>
            </tr>
          </thead>
          <tbody>
            {d.breaches.map((b) => (
              <tr key={b.start}>
                <td>{formatTime(b.start, timeMode)}</td>
                <td>{b.ongoing ? <strong className="bad">ongoing</strong> : formatTime(b.end, timeMode)}</td>
                <td className="num">{formatDuration(b.end - b.start)}</td>
                <td className={`num ${burnClass(b.peakBurnRate)}`}>{formatBurnMultiple(b.peakBurnRate)}</td>
                <td className="num muted">
                  {formatCount(b.bad)} / {formatCount(b.total)}
                </td>
                <td className="num">{formatBudgetPct(b.budgetSpentPct)}</td>
                <td>{b.worstAlert === 'none' ? <span className="muted">none</span> : <span className={b.worstAlert === 'page' ? 'bad' : 'warn'}>{b.worstAlert}</span>}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {/* Each period's share is weighted as the window's total is, so they add up to it (or less: budget spent outside any period). */}
            <tr data-testid="slo-breaches-total">
              <th colSpan={4}>In these periods</th>
              <td className="num muted">
                {formatCount(d.breaches.reduce((n, b) => n + b.bad, 0))} / {formatCount(d.breaches.reduce((n, b) => n + b.total, 0))}
              </td>
              <td className="num">{formatBudgetPct(d.breaches.reduce((n, b) => n + b.budgetSpentPct, 0))}</td>
              <td className="muted">of {formatBudgetPct(s.budget.consumedPct)} spent in the window</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p className="muted small">A breached period: trailing-hour SLI below the target (1-hour burn rate above 1×), with enough traffic to judge.</p>

      <h2>Compliance, last three windows</h2>
      <table className="grid" data-testid="slo-compliance">
        <thead>
          <tr>
            <th>Window</th>
            <th className="num">SLI</th>
            <th className="num">Budget spent</th>
            <th className="num">Data coverage</th>
            <th>Status</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {d.compliance.map((c) => (
            <tr key={c.start}>
              <td>
                {c.label}
                <div className="muted small">
                  {formatTime(c.start, timeMode)} → {formatTime(c.end, timeMode)}
                </div>
              </td>
              {/* No confident "100.0000 %" beside NO DATA: the figures of a window without enough data are not shown. */}
              <td className="num">{c.status === 'INSUFFICIENT_DATA' ? NO_FIGURE : formatPctForTarget(c.attainmentPct, s.targetPct)}</td>
              <td className="num">{c.status === 'INSUFFICIENT_DATA' ? NO_FIGURE : formatBudgetPct(c.budgetConsumedPct)}</td>
              <td className="num">{formatShare(c.coverage)}</td>
              <td>
                <StatusPill status={c.status} />
              </td>
              <td className="wrap small">{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Explain: every figure, with the numbers</h2>
      <SloExplain steps={d.explain} timeMode={timeMode} />

      <details className="slo-definition">
        <summary>Definition (YAML) — copy into a file in the SLO directory to change this SLO</summary>
        <pre data-testid="slo-yaml">{d.definitionYaml}</pre>
      </details>
    </section>
  );
}

// Backups: are we compliant (and since when not), and if we restore now, what do we lose and
// how long does it take? All from the local cache; offline it says how old the data is.
import type { BackupsView, JobIssue } from '@shared/contract/backups';
import { useApi } from '@renderer/data/api';
import { formatAge, formatDuration, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useNow } from '@renderer/lib/clock';
import { useEffect, useState } from 'react';
import { ComplianceMatrix } from './ComplianceMatrix';
import { JobCalendar } from './JobCalendar';
import { ResourceDetail } from './ResourceDetail';
import { formatMinutes, resourceHash } from './labels';
import './backups.css';

/** Backup data refreshes every 15 min: older than two intervals is stale. */
export const BACKUP_STALE_AFTER_MS = 30 * 60_000;

const ISSUE_LABEL: Record<JobIssue['kind'], string> = { FAILED: 'FAILED', EXPIRED: 'EXPIRED', ABORTED: 'ABORTED', PARTIAL: 'PARTIAL', MISSED: 'MISSED', PAST_RETENTION: 'PAST RETENTION' };

function selectedArn(): string | null {
  const m = /^#\/backups\/r\/(.+)$/.exec(window.location.hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

function useSelectedArn(): string | null {
  const [arn, setArn] = useState(selectedArn);
  useEffect(() => {
    const on = (): void => setArn(selectedArn());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return arn;
}

function DataAge({ view, now }: { view: BackupsView; now: number }) {
  const { timeMode } = usePrefs();
  const sources = useApi('sources', {});
  const offline = sources.data?.some((s) => s.state === 'offline') ?? false;
  if (view.dataAsOf === null) return <span className="tag tag-warn" data-testid="bk-asof">no backup data synced yet</span>;
  const age = now - view.dataAsOf;
  const stale = offline || age > BACKUP_STALE_AFTER_MS;
  return (
    <span className={stale ? 'tag tag-warn' : 'muted'} data-testid="bk-asof" data-stale={stale}>
      {offline ? 'OFFLINE — ' : ''}data as of {formatTime(view.dataAsOf, timeMode)} ({formatAge(age, 'old')}){stale && !offline ? ' — STALE' : ''}
    </span>
  );
}

function PolicyAndVerdict({ view }: { view: BackupsView }) {
  const t = view.policy.targets;
  return (
    <div className="bk-policy-verdict">
      <div className="card bk-policy" data-testid="bk-policy">
        <div className="card-label">Policy</div>
        <div className="bk-targets">
          <span>
            <strong>{t.frequency}</strong> backups
          </span>
          <span>
            <strong>{t.retentionDays} d</strong> retention
          </span>
          <span>
            RPO <strong>{formatMinutes(t.rpoMinutes)}</strong>
          </span>
          <span>
            RTO <strong>{formatMinutes(t.rtoMinutes)}</strong>
          </span>
        </div>
        <div className="small muted">
          {view.policy.exists ? (
            <>
              from <code>{view.policy.file}</code>
              {view.policy.overrides > 0 && ` · ${view.policy.overrides} override${view.policy.overrides === 1 ? '' : 's'}`}
            </>
          ) : (
            <>
              the seeds’ defaults · edit in <code>{view.policy.file}</code>
            </>
          )}
        </div>
      </div>
      <div className="card bk-verdict" data-testid="bk-verdict" role="region" aria-label="Can the policy be met?">
        <div className="card-label">Can the mechanism in place meet it?</div>
        <p>
          <span className={`status ${/^Not achievable/.test(view.verdict.rpo) ? 'bad' : 'ok'}`}>RPO {formatMinutes(t.rpoMinutes)}</span> {view.verdict.rpo}
        </p>
        <p>
          <span className={`status ${/^Not achievable/.test(view.verdict.rto) ? 'bad' : /^Partly/.test(view.verdict.rto) ? 'warn' : 'ok'}`}>RTO {formatMinutes(t.rtoMinutes)}</span> {view.verdict.rto}
        </p>
        <p className="small">{view.verdict.alternatives}</p>
      </div>
    </div>
  );
}

function Summary({ view }: { view: BackupsView }) {
  const { timeMode } = usePrefs();
  const s = view.summary;
  return (
    <div className="cards bk-cards">
      <div className="card">
        <div className="card-label">Compliant resources</div>
        <div className={`card-value ${s.compliant === s.total ? 'ok' : 'bad'}`} data-testid="bk-compliant">
          {s.compliant}
          <span className="unit" title="A resource is compliant when every enabled control is COMPLIANT"> of {s.total} resources</span>
        </div>
      </div>
      <div className="card">
        <div className="card-label">Worst RPO now</div>
        <div className="card-value bad">{s.worstRpo ? formatMinutes(s.worstRpo.minutes) : '—'}</div>
        <div className="card-foot muted">{s.worstRpo?.name ?? 'no restorable point known'}</div>
      </div>
      <div className="card">
        <div className="card-label">Last failed job</div>
        <div className="card-value bad small-value">{s.lastFailed ? s.lastFailed.resourceName : 'none in 30 days'}</div>
        <div className="card-foot muted">{s.lastFailed && `${s.lastFailed.kind} · ${formatTime(s.lastFailed.at, timeMode)}`}</div>
      </div>
      <div className="card">
        <div className="card-label">Failed / expired / missed · 30 d</div>
        <div className={`card-value ${view.issuesTotal > 0 ? 'bad' : 'ok'}`}>{view.issuesTotal}</div>
      </div>
    </div>
  );
}

function SyncProblems({ view }: { view: BackupsView }) {
  const { timeMode } = usePrefs();
  const failing = view.parts.filter((p) => p.lastError);
  if (failing.length === 0) return null;
  const list = (
    <ul>
      {failing.map((p) => (
        <li key={`${p.sourceId}/${p.part}`}>
          <code>{p.part}</code> ({p.sourceId}): {p.lastError}
          {p.lastSuccess ? ` — last good ${formatTime(p.lastSuccess, timeMode)}` : ' — never synced'}
        </li>
      ))}
    </ul>
  );
  // Every part failing (AWS unreachable, say): one line, not seven saying the same; each part's words on demand.
  if (failing.length === view.parts.length) {
    const never = failing.some((p) => p.lastSuccess === null);
    const oldest = Math.min(...failing.map((p) => p.lastSuccess ?? Infinity));
    return (
      <div className="bk-sync-errors" role="alert" data-testid="bk-sync-errors">
        <strong>None of the backup data could be refreshed:</strong> everything below is as last synced
        {never ? ' (some parts never were)' : `, ${formatTime(oldest, timeMode)} at the oldest`}.
        <details>
          <summary>What each of the {failing.length} parts said</summary>
          {list}
        </details>
      </div>
    );
  }
  return (
    <div className="bk-sync-errors" role="alert" data-testid="bk-sync-errors">
      <strong>Some backup data could not be refreshed; the rest is current:</strong>
      {list}
    </div>
  );
}

function Issues({ view }: { view: BackupsView }) {
  const { timeMode } = usePrefs();
  if (view.issues.length === 0) return <p className="muted">No failed, expired or missed backup jobs in the last 30 days.</p>;
  return (
    <table className="grid bk-issues" data-testid="bk-issues">
      <thead>
        <tr>
          <th>When</th>
          <th>What</th>
          <th>Resource</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {view.issues.slice(0, 200).map((i) => (
          <tr key={`${i.kind}/${i.resourceArn}/${i.at}`} data-testid="bk-issue" data-kind={i.kind}>
            <td>{formatTime(i.at, timeMode)}</td>
            <td>
              <span className={`status ${i.kind === 'PAST_RETENTION' ? 'warn' : 'bad'}`}>{ISSUE_LABEL[i.kind]}</span>
            </td>
            <td>
              <a href={resourceHash(i.resourceArn)}>{i.resourceName}</a>
            </td>
            <td className="bk-wrap">
              {i.reason}
              {i.jobId && i.kind !== 'PAST_RETENTION' && <span className="muted small"> · job {i.jobId}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RiskRanking({ view }: { view: BackupsView }) {
  return (
    <table className="grid bk-risk" data-testid="bk-risk">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>Resource</th>
          <th className="num">Last good point</th>
          <th className="num">RPO now / target</th>
          <th className="num">Restore P50</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {view.resources.map((r, i) => (
          <tr key={r.arn}>
            <td className="num">{i + 1}</td>
            <td>
              <a href={resourceHash(r.arn)}>{r.name}</a> <span className="muted small">{r.type}</span>
            </td>
            <td className="num">{r.lastGoodPointAt === null ? <span className="bad">none</span> : formatDuration(view.generatedAt - r.lastGoodPointAt)}</td>
            <td className={`num ${r.rpo.met === false ? 'bad' : r.rpo.met ? 'ok' : 'muted'}`}>
              {formatMinutes(r.rpo.nowMinutes)} / {formatMinutes(r.rpo.targetMinutes)}
            </td>
            <td className="num">{formatMinutes(r.rto.p50Minutes)}</td>
            <td className="bk-wrap small">{r.risk.reasons.join('; ') || 'nothing stands out'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BackupsPage() {
  const now = useNow(15_000);
  const arn = useSelectedArn();
  const view = useApi('backups', {});
  if (arn) return <ResourceDetail arn={arn} />;
  if (view.isPending) return <section className="page"><h1>Backups</h1><p className="muted">Reading the local cache…</p></section>;
  if (view.isError && !view.data)
    return (
      <section className="page">
        <h1>Backups</h1>
        <p className="error">Could not read the backup data: {view.error.message}</p>
      </section>
    );
  const data = view.data;
  return (
    <section className="page bk-page" data-testid="backups-page">
      <header className="page-head">
        <h1>Backups</h1>
        <DataAge view={data} now={now} />
      </header>
      {data.policy.errors.length > 0 && (
        <div className="slo-config-errors" role="alert" data-testid="bk-policy-errors">
          <strong>The backup policy file has {data.policy.errors.length} problem{data.policy.errors.length === 1 ? '' : 's'}; the seeds’ defaults are in use until it is fixed:</strong>
          <ul>
            {data.policy.errors.map((e, i) => (
              <li key={i}>
                <code>
                  {e.file}:{e.line}:{e.column}
                </code>{' '}
                {e.field && <code>{e.field}</code>} {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <SyncProblems view={data} />
      <PolicyAndVerdict view={data} />
      <Summary view={data} />
      <h2>Compliance · AWS Backup Audit Manager controls</h2>
      <ComplianceMatrix view={data} />
      <h2>Backup jobs · last 30 days (UTC)</h2>
      <JobCalendar days={data.calendar} />
      <h2>Failed, expired and missed jobs</h2>
      <Issues view={data} />
      <h2>Resources by risk</h2>
      <RiskRanking view={data} />
    </section>
  );
}

// The Capacity page: which resources cross the seeds' scale triggers, when (P10–P90), how
// sure the forecast is (accuracy in words when it is poor), charts, what-if scaling, and a
// printable review with Markdown and CSV export. Everything comes from stored forecasts,
// so it works offline, marked with the data's age.
import { SavePdfButton } from '@renderer/components/common/SavePdfButton';
import { useCallback, useMemo, useState } from 'react';
import type { CapacityRow, CapacityWhatIf } from '@shared/contract/capacity';
import { useApi } from '@renderer/data/api';
import { StaleTag } from '@renderer/components/common/StaleTag';
import { formatAge, formatTime, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useNow } from '@renderer/lib/clock';
import { CapacityChart } from './CapacityChart';
import { WhatIfPanel } from './WhatIfPanel';
import { accuracyText, autoscalerText, crossingText, formatValue, modelShort, modelText, thresholdText, toCsv, toMarkdown } from './text';
import './capacity.css';

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function crossingClass(r: CapacityRow, now: number): string {
  const c = r.crossing;
  if (!c) return '';
  if (c.state === 'already') return 'cap-bad';
  if (c.state === 'crossing' && c.p10 - now < 7 * 86_400_000) return 'cap-warn';
  return '';
}

function ResourceDetail({ rows, timeMode, now }: { rows: CapacityRow[]; timeMode: TimeMode; now: number }) {
  return (
    <section className="cap-detail" aria-label={`${rows[0]!.resource} charts`}>
      <h2>{rows[0]!.resource}</h2>
      {rows.map((r) => (
        <MetricDetail key={r.id} row={r} timeMode={timeMode} now={now} />
      ))}
    </section>
  );
}

function MetricDetail({ row, timeMode, now }: { row: CapacityRow; timeMode: TimeMode; now: number }) {
  const chart = useApi('capacityChart', { id: row.id });
  const [whatIf, setWhatIf] = useState<CapacityWhatIf | null>(null);
  const onResult = useCallback((w: CapacityWhatIf | null) => setWhatIf(w), []);
  return (
    <div className="cap-metric">
      <h3>
        {row.metric} <span className="muted">· trigger {thresholdText(row)} → {row.action}</span>
      </h3>
      {row.problem ? (
        <p className="muted">{row.problem}</p>
      ) : (
        <>
          <p>
            {crossingText(row.crossing, timeMode, now)}
            {row.crossingResolution === '5m' && <span className="muted"> (next 24 h from 5-minute data)</span>}
            {autoscalerText(row, timeMode, now) && <span className="cap-autoscaler"> · {autoscalerText(row, timeMode, now)}</span>}
          </p>
          {chart.data ? <CapacityChart chart={chart.data} whatIf={whatIf} timeMode={timeMode} /> : <p className="muted">{chart.error ? chart.error.message : 'Loading chart…'}</p>}
          <p className="muted cap-legend">
            Line: actual hourly mean · blue: forecast (P50) with 80 % and 95 % bands · red dashed: threshold{row.cleaning.count > 0 ? ' · amber: hours replaced before fitting' : ''}
            {whatIf ? ' · green dashed: what-if' : ''}. Model: {modelText(row.model)}. {accuracyText(row)}.
          </p>
          {row.accuracy?.words && <p className={`cap-accuracy-${row.accuracy.verdict}`}>{row.accuracy.words}</p>}
          {row.whatIf && <WhatIfPanel row={row} timeMode={timeMode} now={now} onResult={onResult} />}
        </>
      )}
    </div>
  );
}

export function CapacityPage() {
  const { timeMode } = usePrefs();
  const now = useNow(30_000);
  const list = useApi('capacity', {}, { refetchIntervalMs: 60_000 });
  const sources = useApi('sources', {});
  const [selected, setSelected] = useState<string | null>(null);
  const rows = useMemo(() => list.data?.rows ?? [], [list.data]);
  const dataAsOf = useMemo(() => rows.reduce<number | null>((m, r) => (r.dataAsOf !== null && (m === null || r.dataAsOf > m) ? r.dataAsOf : m), null), [rows]);
  const source = sources.data?.[0];
  const offline = source ? source.state !== 'online' : false;
  // Offline or degraded, one tag says how old the data is (the stale tag would say it again).
  const offlineTag = offline && dataAsOf !== null;
  const resourceRows = rows.filter((r) => r.resourceId === (selected ?? rows[0]?.resourceId));
  const cleaned = rows.filter((r) => r.cleaning.count > 0);
  const exportName = `opsdeck-capacity-${new Date(now).toISOString().slice(0, 16).replace(/:/g, '')}Z`;

  return (
    <div className="page cap-page" data-testid="capacity-page">
      <div className="page-head">
        <h1>Capacity</h1>
        {list.data?.madeAt && (
          <span className="muted" data-testid="cap-made">
            forecasts made {formatTime(list.data.madeAt, timeMode)}
            {dataAsOf !== null && ` from data as of ${formatTime(dataAsOf, timeMode)}`}
          </span>
        )}
        {offlineTag && (
          <span className="tag tag-warn" data-testid="cap-offline">
            {source?.state === 'offline' ? 'offline' : 'degraded'} · cached data {formatAge(now - dataAsOf, 'old')}
          </span>
        )}
        {!offlineTag && <StaleTag dataAsOf={dataAsOf} now={now} timeMode={timeMode} />}
        {list.data?.computing && <span className="muted">· updating forecasts…</span>}
        <span className="cap-actions">
          <button type="button" onClick={() => download(`${exportName}.md`, 'text/markdown', toMarkdown(rows, { mode: timeMode, now, dataAsOf }))} disabled={rows.length === 0}>
            Export Markdown
          </button>
          <button type="button" onClick={() => download(`${exportName}.csv`, 'text/csv', toCsv(rows))} disabled={rows.length === 0}>
            Export CSV
          </button>
          <SavePdfButton fileName={`${exportName}-review`} />
        </span>
      </div>
      {list.error && <p className="cap-field-error">{list.error.message}</p>}
      {(list.data?.configErrors.length ?? 0) > 0 && (
        <div className="slo-config-errors" role="alert" data-testid="cap-config-errors">
          <strong>Problems in {list.data?.configFile} — the seeds’ default thresholds are in force:</strong>
          <ul>
            {list.data?.configErrors.map((e, i) => (
              <li key={i}>
                <code>{e}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {!list.data ? (
        <p className="muted">Loading forecasts…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No forecasts yet: the first pass runs once data is cached.</p>
      ) : (
        <>
          <p className="muted cap-intro">
            Ranked by how soon each resource crosses its scale trigger. Time to threshold: P50, with the P10–P90 range (the band’s upper edge crossing gives the early estimate). Accuracy:
            rolling-origin backtests on the cached history until stored forecasts can be scored against what happened (48 h after they are made).
          </p>
          <table className="grid cap-table" data-testid="cap-table">
            <thead>
              <tr>
                <th>Resource</th>
                <th>Metric · trigger</th>
                <th className="num">Now</th>
                <th className="num">Headroom</th>
                <th>Time to threshold (P10–P90)</th>
                <th>Model</th>
                <th>Accuracy</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid={`cap-row-${r.id}`} className={r.resourceId === (selected ?? rows[0]?.resourceId) ? 'cap-selected' : ''}>
                  <td className="wrap">
                    <button type="button" className="cap-link" onClick={() => setSelected(r.resourceId)} aria-label={`Show charts for ${r.resource}`}>
                      {r.resource}
                    </button>
                  </td>
                  <td className="wrap">
                    {r.metric} <span className="muted">{thresholdText(r)}</span>
                  </td>
                  <td className="num">{formatValue(r.current, r.unit)}</td>
                  <td className="num">{formatValue(r.headroom, r.unit)}</td>
                  <td className={`wrap ${crossingClass(r, now)}`} data-testid="cap-crossing">
                    {r.problem ?? crossingText(r.crossing, timeMode, now)}
                    {autoscalerText(r, timeMode, now) && <div className="muted">{autoscalerText(r, timeMode, now)}</div>}
                  </td>
                  <td className="wrap" title={modelText(r.model)}>
                    {modelShort(r.model)}
                  </td>
                  <td className="wrap">
                    {r.accuracy ? (
                      <>
                        <span className={`cap-accuracy-${r.accuracy.verdict}`}>{r.accuracy.verdict}</span> <span className="muted">({r.accuracy.basis})</span>
                        {r.accuracy.words && <div className={`cap-accuracy-${r.accuracy.verdict}`}>{r.accuracy.words}</div>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cleaned.length > 0 && (
            <details className="cap-cleaning" data-testid="cap-cleaning">
              <summary>
                <strong>Points replaced before fitting</strong> in {cleaned.length} series ({cleaned.reduce((n, r) => n + r.cleaning.count, 0)} h in all): hours more than 5 MAD from the
                seasonal profile (incidents, flash sales) were replaced by the profile so they do not bend the forecast.
              </summary>
              <ul>
                {cleaned.map((r) => (
                  <li key={r.id}>
                    {r.resource} · {r.metric}: {r.cleaning.count} h ({r.cleaning.spans.slice(0, 6).map((s) => `${formatTime(s.from, timeMode).slice(5, 16)}–${formatTime(s.to, timeMode).slice(11, 16)}`).join(', ')}
                    {r.cleaning.spans.length > 6 ? ', …' : ''})
                  </li>
                ))}
              </ul>
            </details>
          )}
          {resourceRows.length > 0 && <ResourceDetail key={resourceRows[0]!.resourceId} rows={resourceRows} timeMode={timeMode} now={now} />}
        </>
      )}
    </div>
  );
}

// One alert group: what fired and why, the state timeline from the alarm history, the metric
// around the firing time with its threshold, related SLOs, and every local action with who
// and when. The same keys as the queue act on it; Esc or Backspace goes back.
import { useCallback, useMemo, useState } from 'react';
import type { ActionEntry, AlertMember, QueueGroup } from '@shared/contract/alerts';
import { EmptyState } from '@renderer/components/common/EmptyState';
import { LoadError, Loading } from '@renderer/components/common/Loader';
import { useApi } from '@renderer/data/api';
import { useNow } from '@renderer/lib/clock';
import { formatAge, formatBudgetPct, formatBurnMultiple, formatTime, type TimeMode } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { ActionDialog } from './ActionDialog';
import { AlertMetricChart } from './AlertMetricChart';
import { SeverityBadge, StateBadge } from './badges';
import type { DialogKind } from './dialogFields';
import { memberKind } from './labels';
import { backupResourceHash } from './routes';
import { openRunbook } from './runbook';
import { DETAIL_SHORTCUTS } from './shortcuts';
import { useAlertActionKeys } from './actionKeys';
import { SilenceDialog } from './SilenceDialog';
import { timerText } from './timer';
import { SECOND_MS } from '@renderer/lib/time';

const ACTION_WORDS: Record<ActionEntry['kind'], string> = {
  ack: 'acknowledged',
  unack: 'un-acknowledged',
  assign: 'assigned',
  snooze: 'snoozed',
  unsnooze: 'ended the snooze',
  note: 'noted',
};

function actionText(a: ActionEntry, timeMode: TimeMode): string {
  if (a.kind === 'assign') return a.assignee ? `assigned to ${a.assignee}` : 'took it off its owner';
  if (a.kind === 'snooze' && a.until !== null) return `snoozed until ${formatTime(a.until, timeMode)}`;
  return ACTION_WORDS[a.kind];
}

/** Rows written by one gesture (acknowledging a group of three) read as one entry. */
function byGesture(actions: readonly ActionEntry[]): { first: ActionEntry; count: number }[] {
  const out: { first: ActionEntry; count: number }[] = [];
  for (const a of actions) {
    const last = out[out.length - 1];
    if (last && last.first.batchId === a.batchId) last.count += 1;
    else out.push({ first: a, count: 1 });
  }
  return out;
}

function Timeline({ member, timeMode }: { member: AlertMember; timeMode: TimeMode }) {
  const [all, setAll] = useState(false);
  if (member.history.length === 0) {
    if (member.source !== 'cloudwatch' && member.occurrence) {
      // Opsdeck's own alerts have no CloudWatch history: their occurrence is the timeline.
      return (
        <p className="small" data-testid="alert-timeline">
          Began {formatTime(member.occurrence.firedAt, timeMode, true)}
          {member.occurrence.resolvedAt !== null ? `; cleared ${formatTime(member.occurrence.resolvedAt, timeMode, true)}` : '; still holds'}.
        </p>
      );
    }
    return <EmptyState small>No state changes in the cached alarm history (CloudWatch keeps 30 days).</EmptyState>;
  }
  const shown = all ? member.history : member.history.slice(0, 12);
  return (
    <>
      <table className="grid timeline" data-testid="alert-timeline">
        <thead>
          <tr>
            <th>When</th>
            <th>Change</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((h) => (
            <tr key={`${h.at}-${h.to}`}>
              <td>{formatTime(h.at, timeMode, true)}</td>
              <td>
                <span className={`hstate hstate-${h.from ?? 'none'}`}>{h.from ?? '?'}</span> → <span className={`hstate hstate-${h.to}`}>{h.to}</span>
              </td>
              <td className="wrap small">{h.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {member.history.length > shown.length && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {member.history.length} changes
        </button>
      )}
    </>
  );
}

function Member({ member, timeMode, single }: { member: AlertMember; timeMode: TimeMode; single: boolean }) {
  return (
    <section className="alert-member" data-testid="alert-member">
      <h2>
        {single ? 'What fired' : member.name}
        <span className="muted small">
          {' '}
          · {memberKind(member.type)} · {member.sourceId}
        </span>
      </h2>
      {member.description && (
        <p className="wrap" style={{ whiteSpace: 'pre-line' }} data-testid="alert-description">
          {member.description}
        </p>
      )}
      {member.source === 'backup' && member.tags.resource && (
        <p className="small">
          <a href={backupResourceHash(member.tags.resource)}>{member.tags.resourceName ?? member.tags.resource} on the Backups page</a> — recovery points, job and restore history.
        </p>
      )}
      {member.stateReason && (
        <p className="small wrap">
          <span className="muted">CloudWatch says: </span>
          {member.stateReason}
        </p>
      )}
      {member.compositeRule && (
        <p className="small">
          <span className="muted">Rule: </span>
          <code>{member.compositeRule}</code>
        </p>
      )}
      {member.metric && (
        <>
          <h3>
            {member.metric.metricName} <span className="muted small">({member.metric.statistic}, {member.metric.period} s)</span>
          </h3>
          <AlertMetricChart metric={member.metric} firedAt={member.occurrence?.firedAt ?? null} resolvedAt={member.occurrence?.resolvedAt ?? null} timeMode={timeMode} />
        </>
      )}
      <h3>State timeline</h3>
      <Timeline member={member} timeMode={timeMode} />
      {Object.keys(member.tags).length > 0 && (
        <p className="small muted">
          {member.source === 'cloudwatch' ? 'Tags' : 'Labels'}:{' '}
          {Object.entries(member.tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(' · ')}
        </p>
      )}
    </section>
  );
}

function Summary({ group, now, timeMode }: { group: QueueGroup; now: number; timeMode: TimeMode }) {
  const timer = timerText(group, now);
  const suppressed = group.silence
    ? `silenced until ${formatTime(group.silence.endsAt, timeMode)} — ${group.silence.reason}`
    : group.maintenance
      ? `maintenance “${group.maintenance.title}” until ${formatTime(group.maintenance.endsAt, timeMode)}`
      : group.snoozedUntil
        ? `snoozed until ${formatTime(group.snoozedUntil, timeMode)}`
        : 'nothing';
  return (
    <table className="grid kv alert-summary">
      <tbody>
        <tr>
          <th>Severity</th>
          <td>
            <SeverityBadge severity={group.severity} /> <span className="muted">decided by {group.severityReason}</span>
          </td>
        </tr>
        <tr>
          <th>Service</th>
          <td>{group.service ?? '—'}</td>
        </tr>
        <tr>
          <th>Fired</th>
          <td>
            {formatTime(group.firedAt, timeMode, true)} <span className="muted">({formatAge(now - group.firedAt, 'ago')})</span>
            {group.resolvedAt !== null && (
              <>
                {' '}
                · resolved {formatTime(group.resolvedAt, timeMode, true)}
              </>
            )}
          </td>
        </tr>
        <tr>
          <th>Response target</th>
          <td className={timer.tone}>
            {timer.text}
            {group.timer && <span className="muted"> · {group.timer.targetLabel} (due {formatTime(group.timer.dueAt, timeMode)})</span>}
          </td>
        </tr>
        <tr>
          <th>Acknowledged</th>
          <td data-testid="detail-ack">{group.acknowledgement ? `by ${group.acknowledgement.by} at ${formatTime(group.acknowledgement.at, timeMode, true)}` : 'no'}</td>
        </tr>
        <tr>
          <th>Owner</th>
          <td>{group.assignee ?? '—'}</td>
        </tr>
        <tr>
          <th>Suppressed by</th>
          <td>{suppressed}</td>
        </tr>
        <tr>
          <th>Runbook</th>
          <td>{group.runbookUrl ? <span className="mono">{group.runbookUrl}</span> : <span className="muted">none in the description, tags or settings</span>}</td>
        </tr>
        <tr>
          <th>Alerts in the group</th>
          <td>
            {group.count} ({group.firingCount} firing) · upstream state {group.upstreamState} · grouped by {Object.keys(group.labels).join(' + ')}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function AlertDetail({
  groupKey,
  author,
  setAuthor,
  onBack,
  onMessage,
}: {
  groupKey: string;
  author: string;
  setAuthor: (a: string) => void;
  onBack: () => void;
  onMessage: (m: string) => void;
}) {
  const { timeMode } = usePrefs();
  const now = useNow(5 * SECOND_MS);
  const detail = useApi('alertDetail', { key: groupKey }, { refetchIntervalMs: 15 * SECOND_MS });
  const queue = useApi('alertQueue', {});
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const group = detail.data?.group ?? null;

  const act = useCallback(
    (kind: DialogKind): void => {
      if (!group) return;
      if (kind !== 'silence' && kind !== 'note' && group.state === 'resolved') onMessage(`${group.name} has resolved: nothing to ${kind === 'ack' ? 'acknowledge' : kind}.`);
      else setDialog(kind);
    },
    [group, onMessage],
  );
  const detailKeys = useMemo<ShortcutHandlers<typeof DETAIL_SHORTCUTS.table>>(() => ({ back: () => onBack() }), [onBack]);
  // An open dialog owns the keyboard.
  useShortcuts(DETAIL_SHORTCUTS, detailKeys, !dialog);
  const silence = useCallback(() => act('silence'), [act]);
  useAlertActionKeys(group, act, silence, onMessage, !dialog && !!group);

  if (detail.isPending) return <Loading />;
  if (!detail.data || !group) {
    return (
      <div>
        <button type="button" onClick={onBack}>
          ← Back to the queue <kbd>Esc</kbd>
        </button>
        <LoadError>{detail.error?.message ?? 'This alert is not in the queue any more.'}</LoadError>
      </div>
    );
  }
  const data = detail.data;
  const done = (m: string): void => {
    setDialog(null);
    onMessage(m);
  };
  const button = (kind: DialogKind, label: string, key: string, disabled = false) => (
    <button type="button" onClick={() => setDialog(kind)} disabled={disabled}>
      {label} <kbd>{key}</kbd>
    </button>
  );
  const resolved = group.state === 'resolved';
  return (
    <div className="alert-detail" data-testid="alert-detail" data-state={group.state}>
      <div className="alert-detail-head">
        <button type="button" onClick={onBack}>
          ← Queue <kbd>Esc</kbd>
        </button>
        <SeverityBadge severity={group.severity} />
        <h2 className="alert-detail-title">{group.title}</h2>
        <StateBadge state={group.state} />
      </div>
      <div className="muted small">{group.name}</div>
      <div className="actions">
        {button('ack', 'Acknowledge', 'a', resolved || group.state === 'acknowledged')}
        {button('unack', group.state === 'snoozed' ? 'End snooze' : 'Un-acknowledge', 'u', resolved || (group.state !== 'acknowledged' && group.state !== 'snoozed'))}
        {button('snooze', 'Snooze', 's', resolved)}
        {button('silence', 'Silence', 'm')}
        {button('assign', 'Assign', 'w', resolved)}
        {button('note', 'Note', 'n')}
        <button type="button" disabled={!group.runbookUrl} onClick={() => onMessage(openRunbook(group.runbookUrl) ?? 'Opened the runbook in the browser.')}>
          Runbook <kbd>o</kbd>
        </button>
      </div>
      <Summary group={group} now={now} timeMode={timeMode} />

      <h2>Local actions</h2>
      {data.actions.length === 0 ? (
        <EmptyState>Nobody has acted on this alert on this laptop yet.</EmptyState>
      ) : (
        <table className="grid" data-testid="alert-actions">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {byGesture(data.actions).map(({ first, count }) => (
              <tr key={first.id}>
                <td>{formatTime(first.at, timeMode, true)}</td>
                <td>{first.author}</td>
                <td>
                  {actionText(first, timeMode)}
                  {count > 1 ? ` (${count} alerts)` : ''}
                </td>
                <td className="wrap">{first.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {data.members.map((m) => (
        <Member key={m.alertId} member={m} timeMode={timeMode} single={data.members.length === 1} />
      ))}

      <h2>Related SLOs</h2>
      {data.relatedSlos.length > 0 ? (
        <table className="grid" data-testid="related-slos">
          <thead>
            <tr>
              <th>SLO</th>
              <th>Status</th>
              <th className="num">Budget left</th>
              <th className="num">Burn rate</th>
              <th>Burn alert</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {data.relatedSlos.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.status.replace('_', ' ')}</td>
                <td className="num">{formatBudgetPct(s.budgetRemainingPct)}</td>
                <td className="num">{s.burnRate !== null ? `${formatBurnMultiple(s.burnRate)} (${s.window ?? ''})` : '—'}</td>
                <td className={s.severity === 'page' ? 'bad' : s.severity === 'ticket' ? 'warn' : 'muted'}>{s.severity ?? 'none'}</td>
                <td className="wrap small">{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <EmptyState>{data.relatedSlosNote ?? 'No related SLO.'}</EmptyState>
      )}

      {dialog && dialog !== 'silence' && <ActionDialog kind={dialog} group={group} author={author} onAuthor={setAuthor} onClose={() => setDialog(null)} onDone={done} />}
      {dialog === 'silence' && <SilenceDialog group={group} groups={queue.data?.groups ?? []} author={author} onAuthor={setAuthor} onClose={() => setDialog(null)} onDone={done} />}
    </div>
  );
}

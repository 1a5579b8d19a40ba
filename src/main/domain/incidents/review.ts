// The post-incident review as Markdown: summary, impact, the timeline, contributing alerts,
// changes in the window before the start, action items with owners. Pure: all data in.
import { DateTime } from 'luxon';
import { MILESTONES, MILESTONE_LABEL, PHASE_LABEL, ROLES, ROLE_LABEL, phaseOf, type Incident } from './model';
import type { TimelineEntry } from './timeline';

export interface ReviewImpact {
  from: number;
  to: number;
  open: boolean;
  formula: string;
  slos: readonly {
    name: string;
    targetPct: number;
    windowLabel: string;
    budgetMinutes: number;
    bad: number;
    total: number;
    spentMinutes: number | null;
    spentPct: number | null;
    crossings: readonly { share: number; at: number }[];
    worked: string;
    reason: string | null;
  }[];
  note: string | null;
}

export interface ReviewInput {
  incident: Incident;
  timeline: readonly TimelineEntry[];
  notes: readonly { kind: 'note' | 'status'; at: number; author: string; body: string; zone: string }[];
  actionItems: readonly { title: string; owner: string; status: string }[];
  /** Linked alerts: name and when they fired. */
  alerts: readonly { label: string; target: string }[];
  /** The error budget the incident spent, per affected SLO (computed by the SLO evaluation). */
  impact: ReviewImpact;
  links: readonly { kind: string; label: string; target: string }[];
  generatedAt: number;
  /** How far before the start "changes before the incident" look. */
  changesLookbackMs: number;
}

const utc = (ms: number): string => DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat("yyyy-LL-dd HH:mm:ss 'UTC'");

/** A duration in words: "35 min", "2 h 05 min". */
export function durationText(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** Budget minutes: "48.0 min", "2.45 min", "3.6 h". */
export function minutesText(min: number): string {
  if (min >= 120) return `${(min / 60).toFixed(1)} h`;
  return `${min >= 10 ? min.toFixed(1) : min.toFixed(2)} min`;
}

/** Table cells: no pipes, no line breaks. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function reviewMarkdown(r: ReviewInput): string {
  const i = r.incident;
  const m = i.milestones;
  const started = m.started ?? i.declaredAt;
  const lines: string[] = [];
  lines.push(`# Post-incident review: ${i.title}`, '');
  lines.push(`- **Severity:** ${i.severity}`);
  lines.push(`- **State:** ${PHASE_LABEL[phaseOf(m)]}`);
  lines.push(`- **Services:** ${i.services.length > 0 ? i.services.join(', ') : '(none named)'}`);
  lines.push(`- **Started:** ${utc(started)}`);
  if (m.resolved !== undefined) lines.push(`- **Resolved:** ${utc(m.resolved)} (duration ${durationText(m.resolved - started)})`);
  else lines.push(`- **Resolved:** not yet (open for ${durationText(r.generatedAt - started)} when this review was written)`);
  for (const role of ROLES) lines.push(`- **${ROLE_LABEL[role]}:** ${i.roles[role] ?? '(unassigned)'}`);
  for (const l of r.links) lines.push(`- **${l.kind === 'status-page' ? 'Status page' : l.kind === 'channel' ? 'Incident channel' : l.label}:** ${l.target}`);
  lines.push(`- **Declared by:** ${i.declaredBy} at ${utc(i.declaredAt)}`, '');

  lines.push('## Summary', '', i.summary.trim() || '(no summary written yet)', '');

  lines.push('## Milestones', '', '| Milestone | Time (UTC) | Since start |', '|---|---|---|');
  for (const name of MILESTONES) {
    const at = m[name];
    lines.push(`| ${MILESTONE_LABEL[name]} | ${at === undefined ? '—' : utc(at)} | ${at === undefined ? '—' : durationText(at - started)} |`);
  }
  lines.push('');

  lines.push('## Impact', '');
  const im = r.impact;
  lines.push(`Error budget spent during the incident, ${utc(im.from)} → ${utc(im.to)}${im.open ? ' (still open: to the newest cached data)' : ''} (${durationText(im.to - im.from)}).`, '');
  if (im.slos.length === 0) lines.push(im.note ?? 'No SLO is defined for the affected services.');
  else {
    lines.push('| SLO | Target | Failed / total | Budget spent | Share of the window’s budget | 50 % / 100 % of the window’s budget spent at | Window |', '|---|---|---|---|---|---|---|');
    for (const s of im.slos) {
      const spent = s.spentMinutes === null ? 'unknown' : minutesText(s.spentMinutes);
      const share = s.spentPct === null ? (s.reason ? `unknown: ${cell(s.reason)}` : 'unknown') : `${s.spentPct.toFixed(1)} % of ${minutesText(s.budgetMinutes)}`;
      const when = (k: number): string => {
        const c = s.crossings.find((x) => x.share === k);
        return c ? utc(c.at) : '—';
      };
      lines.push(`| ${cell(s.name)} | ${s.targetPct} % | ${s.total > 0 ? `${s.bad.toLocaleString('en-US')} / ${s.total.toLocaleString('en-US')}` : '—'} | ${spent} | ${share} | ${when(0.5)} / ${when(1)} | ${cell(s.windowLabel)} |`);
    }
    lines.push('', `Formula: ${im.formula}`);
    for (const s of im.slos) if (s.reason === null) lines.push(`- ${s.name}: ${s.worked}`);
    if (im.note) lines.push('', im.note);
  }
  lines.push('');

  lines.push('## Timeline', '', 'All times UTC; the zone an entry was written in is given when it was not UTC.', '');
  lines.push('| Time (UTC) | Kind | What | Source |', '|---|---|---|---|');
  const shown = r.timeline.filter((e) => !e.hidden);
  for (const e of shown) {
    const span = e.endAt !== null ? ` (until ${utc(e.endAt)})` : '';
    const zone = e.zone !== 'UTC' ? ` — written in ${e.zone}` : '';
    const fixed = e.original ? ` _(corrected by ${e.correctedBy ?? 'a reviewer'}; was "${cell(e.original.title)}" at ${utc(e.original.at)})_` : '';
    const notes = e.annotations.map((a) => ` — ${cell(a.author)}: ${cell(a.body)}`).join('');
    const pin = e.pinned ? '📌 ' : '';
    lines.push(`| ${utc(e.at)} | ${e.kind} | ${pin}${cell(e.title)}${e.detail ? ` — ${cell(e.detail)}` : ''}${span}${zone}${fixed}${notes} | ${e.sources.join(', ')} |`);
  }
  const hidden = r.timeline.length - shown.length;
  if (hidden > 0) lines.push('', `${hidden} entr${hidden === 1 ? 'y was' : 'ies were'} hidden by a reviewer (kept in the journal).`);
  const gaps = r.timeline.filter((e) => e.kind === 'gap');
  if (gaps.length > 0) lines.push('', `Opsdeck had no data for ${gaps.length} stretch${gaps.length === 1 ? '' : 'es'} of this window (marked "gap"): what happened then is not in this timeline.`);
  lines.push('');

  lines.push('## Contributing alerts', '');
  const alarmNames = [...new Set(r.timeline.filter((e) => e.kind === 'alarm' && e.severity === 'critical').map((e) => e.title.replace(/ → .*$/, '')))];
  if (r.alerts.length === 0 && alarmNames.length === 0) lines.push('(none linked)');
  for (const a of r.alerts) lines.push(`- ${a.label} (\`${a.target}\`)`);
  for (const n of alarmNames) if (!r.alerts.some((a) => a.label === n)) lines.push(`- ${n} (alarm of an affected service)`);
  lines.push('');

  lines.push(`## Changes in the ${durationText(r.changesLookbackMs)} before the start`, '');
  const before = r.timeline.filter((e) => e.kind === 'change' && e.at < started && e.at >= started - r.changesLookbackMs);
  if (before.length === 0) lines.push('(no change recorded by CloudTrail in the cache)');
  for (const c of before) lines.push(`- ${utc(c.at)} — ${c.title}${c.detail ? `: ${c.detail}` : ''}${c.actor ? ` (by ${c.actor})` : ''}, ${durationText(started - c.at)} before the start`);
  lines.push('');

  lines.push('## Status updates and notes', '');
  if (r.notes.length === 0) lines.push('(none)');
  for (const n of r.notes) lines.push(`- ${utc(n.at)}${n.zone !== 'UTC' ? ` (${n.zone})` : ''} **${n.kind === 'status' ? 'Status update' : 'Note'}** by ${n.author}: ${n.body.replace(/\r?\n/g, ' ')}`);
  lines.push('');

  lines.push('## Action items', '', '| Action | Owner | Status |', '|---|---|---|');
  if (r.actionItems.length === 0) lines.push('| (none yet) | | |');
  for (const a of r.actionItems) lines.push(`| ${cell(a.title)} | ${cell(a.owner)} | ${a.status} |`);
  lines.push('', `_Written by Opsdeck from its local cache and journal at ${utc(r.generatedAt)}._`, '');
  return lines.join('\n');
}

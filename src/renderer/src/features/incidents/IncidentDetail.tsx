// One incident: header (state, roles, clocks), milestones bar, reminder, the timeline with
// zoom, notes and status updates, links, action items, exports. Keyboard-first.
import { SavePdfButton } from '@renderer/components/common/SavePdfButton';
import { useMemo, useRef, useState } from 'react';
import type { IncidentDetail } from '@shared/contract/incidents';
import { useApi, useApiMutation } from '@renderer/data/api';
import { useClock } from '@renderer/lib/clock';
import { formatDuration, formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';
import { useNow } from '@renderer/lib/clock';
import { IncidentImpactView } from './IncidentImpact';
import { IncidentTimelineView } from './IncidentTimeline';
import { useShortcuts, type ShortcutHandlers } from '@renderer/lib/shortcuts';
import { download, fromInputValue, PHASE_CLASS, toInputValue, userZone } from './shared';
import { INCIDENT_DETAIL_SHORTCUTS } from './shortcuts';

const ROLE_LABEL = { commander: 'Incident commander', technical: 'Technical lead', communications: 'Communications lead' } as const;

export function IncidentDetailPage({ id }: { id: string }) {
  const { data, error } = useApi('incidentDetail', { id });
  const now = useNow(5_000);
  const exportReview = useApiMutation('exportIncidentReview');
  const exportBundle = useApiMutation('exportIncidentBundle');
  const [message, setMessage] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const statusRef = useRef<HTMLTextAreaElement>(null);

  const saveReview = async (): Promise<void> => {
    const r = await exportReview.mutateAsync({ id });
    download(r.fileName, r.content, 'text/markdown');
    setMessage(`Exported the review to ${r.fileName}.`);
  };
  const saveBundle = async (): Promise<void> => {
    const r = await exportBundle.mutateAsync({ id });
    download(r.fileName, r.content, 'application/json');
    setMessage(`Exported the incident bundle to ${r.fileName}: import it on another laptop from the Incidents list.`);
  };

  const keys: ShortcutHandlers<typeof INCIDENT_DETAIL_SHORTCUTS.table> = {
    back: () => {
      window.location.hash = '#/incidents';
    },
    note: () => noteRef.current?.focus(),
    status: () => statusRef.current?.focus(),
    review: () => void saveReview(),
  };
  useShortcuts(INCIDENT_DETAIL_SHORTCUTS, keys);

  if (error) return <div className="page"><p className="error">{error.message}</p><a href="#/incidents">Back to the incidents</a></div>;
  if (!data) return <div className="page"><p className="muted">Loading…</p></div>;
  return (
    <div className="page inc-detail" data-testid="incident-detail" data-id={id}>
      <div className="inc-print-only inc-print-head">
        Post-incident review · printed from Opsdeck {formatTime(now, 'utc')} from its local cache and journal
      </div>
      <Header d={data} now={now} />
      {data.reminder?.due && (
        <div className="inc-reminder" role="status" data-testid="status-reminder">
          {data.reminder.text} <button onClick={() => statusRef.current?.focus()}>Write a status update (u)</button>
        </div>
      )}
      <Milestones d={data} />
      <IncidentImpactView id={id} />
      <div className="inc-toolbar inc-no-print">
        <button onClick={() => void saveReview()} data-testid="export-review">Export review (Markdown) <kbd>e</kbd></button>
        <button onClick={() => void saveBundle()} data-testid="export-bundle">Export incident bundle</button>
        <SavePdfButton fileName={`incident-${id}-review`} testId="print-review" />
        {message && <span className="muted small" data-testid="incident-message">{message}</span>}
      </div>
      <div className="inc-cols">
        <section>
          <h2>Timeline</h2>
          <IncidentTimelineView id={id} me={data.me} />
        </section>
        <aside className="inc-side">
          <Notes d={data} kind="status" inputRef={statusRef} />
          <Notes d={data} kind="note" inputRef={noteRef} />
          <Roles d={data} />
          <Links d={data} />
          <ActionItems d={data} />
        </aside>
      </div>
    </div>
  );
}

function Header({ d, now }: { d: IncidentDetail; now: number }) {
  const { timeMode } = usePrefs();
  return (
    <>
      <div className="inc-head">
        <h1 data-testid="incident-title">{d.title}</h1>
        <span className={`status ${d.severity === 'P1' || d.severity === 'P2' ? 'bad' : 'warn'}`}>{d.severity}</span>
        <span className={`status ${PHASE_CLASS[d.phase] ?? 'muted'}`} data-testid="incident-state">{d.phaseLabel}</span>
        <span className="muted small">{d.services.join(', ') || 'no service named'}</span>
        <a href="#/incidents" className="small">← all incidents (Esc)</a>
      </div>
      <div className="inc-clocks">
        <span className="inc-clock">Since start <b data-testid="clock-start">{formatDuration(Math.max(0, (d.resolvedAt ?? now) - d.startedAt))}</b>{d.resolvedAt ? ' (resolved)' : ''}</span>
        <span className="inc-clock">Since last update <b data-testid="clock-update">{d.lastUpdateAt === null ? 'none yet' : formatDuration(Math.max(0, now - d.lastUpdateAt))}</b></span>
        <span className="inc-clock muted">Started {formatTime(d.startedAt, timeMode)} · declared by {d.declaredBy}</span>
        {d.roles.commander && <span className="inc-clock">IC <b>{d.roles.commander}</b></span>}
      </div>
    </>
  );
}

function Milestones({ d }: { d: IncidentDetail }) {
  const clockNow = useClock();
  const { timeMode } = usePrefs();
  const set = useApiMutation('setMilestone');
  const [error, setError] = useState<string | null>(null);
  const save = async (name: IncidentDetail['milestones'][number]['name'], at: number | null): Promise<void> => {
    setError(null);
    try {
      await set.mutateAsync({ id: d.id, milestone: name, at, author: d.me });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      <div className="inc-milestones" role="list" aria-label="Milestones" data-testid="milestones">
        {d.milestones.map((m) => (
          <div key={m.name} role="listitem" className={`inc-ms${m.at !== null ? ' done' : ''}`} data-testid="milestone" data-name={m.name}>
            <div className="label">{m.label}</div>
            <div className="small" data-testid="milestone-time">{m.at === null ? <span className="muted">not yet</span> : formatTime(m.at, timeMode).slice(5)}</div>
            <input
              type="datetime-local"
              aria-label={`${m.label} (${timeMode === 'utc' ? 'UTC' : 'local time'})`}
              defaultValue={m.at === null ? '' : toInputValue(m.at, timeMode)}
              key={`${m.at}-${timeMode}`}
              onBlur={(e) => {
                const v = e.target.value;
                const at = v === '' ? null : fromInputValue(v, timeMode);
                if (at !== m.at && !(v === '' && m.at === null)) void save(m.name, at);
              }}
            />
            {m.at === null && m.name !== 'started' && (
              <button className="small" onClick={() => void save(m.name, clockNow())} title="Set to now">
                now
              </button>
            )}
          </div>
        ))}
      </div>
      <div className="muted small">Times in {timeMode === 'utc' ? 'UTC' : 'local time'} (t switches). Each milestone follows the one before it.</div>
      {error && <p className="error" role="alert" data-testid="milestone-error">{error}</p>}
    </>
  );
}

function Notes({ d, kind, inputRef }: { d: IncidentDetail; kind: 'note' | 'status'; inputRef: React.RefObject<HTMLTextAreaElement | null> }) {
  const { timeMode } = usePrefs();
  const add = useApiMutation('addIncidentNote');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const items = useMemo(() => d.notes.filter((n) => n.kind === kind).reverse(), [d.notes, kind]);
  const submit = async (): Promise<void> => {
    if (!text.trim()) return;
    setError(null);
    try {
      await add.mutateAsync({ id: d.id, kind, body: text, zone: userZone(), author: d.me });
      setText('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section className="inc-note">
      <h2>{kind === 'status' ? 'Status updates' : 'Notes'}</h2>
      <textarea
        ref={inputRef}
        value={text}
        onChange={(e) => setText(e.target.value)}
        maxLength={20_000}
        aria-label={kind === 'status' ? 'New status update' : 'New note'}
        data-testid={kind === 'status' ? 'status-input' : 'note-input'}
        placeholder={kind === 'status' ? 'Impact, what we are doing, next update in… (Ctrl+Enter saves)' : 'What you saw or did (Ctrl+Enter saves)'}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
          if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
        }}
      />
      <button onClick={() => void submit()} disabled={add.isPending || !text.trim()} data-testid={kind === 'status' ? 'status-save' : 'note-save'}>
        {kind === 'status' ? 'Post status update' : 'Add note'}
      </button>
      {error && <p className="error">{error}</p>}
      <ul className="inc-notes" data-testid={kind === 'status' ? 'status-list' : 'note-list'}>
        {items.map((n) => (
          <li key={n.id} className={n.kind}>
            <div className="muted small">
              {formatTime(n.at, timeMode)} · {n.author}
              {n.zone !== 'UTC' ? ` · written in ${n.zone}` : ''}
            </div>
            {n.body}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Roles({ d }: { d: IncidentDetail }) {
  const set = useApiMutation('setRole');
  return (
    <section>
      <h2>Roles</h2>
      {(Object.keys(ROLE_LABEL) as (keyof typeof ROLE_LABEL)[]).map((role) => (
        <label key={role} className="small" style={{ display: 'block', marginBottom: 4 }}>
          {ROLE_LABEL[role]}
          <span className="inc-print-only">{d.roles[role] ?? '(unassigned)'}</span>
          <input
            defaultValue={d.roles[role] ?? ''}
            key={d.roles[role] ?? ''}
            maxLength={200}
            data-testid={`role-${role}`}
            onBlur={(e) => {
              const v = e.target.value.trim();
              if (v !== (d.roles[role] ?? '')) void set.mutateAsync({ id: d.id, role, person: v || null, author: d.me });
            }}
          />
        </label>
      ))}
    </section>
  );
}

function Links({ d }: { d: IncidentDetail }) {
  const slos = useApi('slos', {});
  const link = useApiMutation('linkIncident');
  const [slo, setSlo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const linked = new Set(d.links.filter((l) => l.kind === 'slo').map((l) => l.target));
  const change = async (target: string, remove: boolean): Promise<void> => {
    setError(null);
    try {
      await link.mutateAsync({ id: d.id, kind: 'slo', target, label: '', remove, author: d.me });
      setSlo('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section>
      <h2>Links</h2>
      <ul className="plain-list small" data-testid="incident-links">
        {d.links.map((l) => (
          <li key={`${l.kind}-${l.target}`}>
            {l.kind === 'alert' ? (
              <span>Alert: {l.label}</span>
            ) : l.kind === 'slo' ? (
              <span>
                SLO: {l.label}{' '}
                <button className="small" onClick={() => void change(l.target, true)} aria-label={`Unlink SLO ${l.label}`}>
                  unlink
                </button>
              </span>
            ) : (
              <a href={l.target} target="_blank" rel="noreferrer">
                {l.label}
              </a>
            )}
          </li>
        ))}
      </ul>
      {/* Linked SLOs count in the Impact (besides the SLOs of the incident's services). */}
      <label className="small inc-no-print">
        Link an SLO
        <select value={slo} onChange={(e) => setSlo(e.target.value)} data-testid="link-slo">
          <option value="">—</option>
          {(slos.data?.slos ?? [])
            .filter((s) => !linked.has(s.id))
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </label>
      <button className="inc-no-print" disabled={!slo || link.isPending} onClick={() => void change(slo, false)} data-testid="link-slo-save">
        Link SLO
      </button>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

function ActionItems({ d }: { d: IncidentDetail }) {
  const save = useApiMutation('saveActionItem');
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (): Promise<void> => {
    setError(null);
    try {
      await save.mutateAsync({ id: d.id, title, owner, status: 'open', author: d.me });
      setTitle('');
      setOwner('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section>
      <h2>Action items</h2>
      <ul className="plain-list small" data-testid="action-items">
        {d.actionItems.map((a) => (
          <li key={a.itemId}>
            <label>
              <input
                type="checkbox"
                style={{ width: 'auto' }}
                checked={a.status === 'done'}
                onChange={(e) => void save.mutateAsync({ id: d.id, itemId: a.itemId, title: a.title, owner: a.owner, status: e.target.checked ? 'done' : 'open', author: d.me })}
              />{' '}
              {a.title} — <b>{a.owner}</b>
            </label>
          </li>
        ))}
      </ul>
      <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Action" aria-label="New action item" maxLength={500} />
      <input value={owner} onChange={(e) => setOwner(e.target.value)} placeholder="Owner" aria-label="Owner of the new action item" maxLength={200} />
      <button onClick={() => void add()} disabled={!title.trim() || !owner.trim()}>
        Add action item
      </button>
      {error && <p className="error">{error}</p>}
    </section>
  );
}

// Severity rules, grouping and runbook links: how the queue classifies and folds alerts.
// Severity comes from an alarm's `severity` tag, else the first matching rule here, else the
// default. Checked with the contract's schema at each field before saving.
import { useState, type FormEvent } from 'react';
import { AlertSource, SEVERITIES, SaveAlertSettingsInput, type AlertSettingsOut, type Severity } from '@shared/contract/alerts';
import { FieldError } from '@renderer/components/common/FieldError';
import { Loader } from '@renderer/components/common/Loader';
import { useApi, useApiMutation } from '@renderer/data/api';
import { useCheckedSubmit } from '@renderer/lib/forms';
import { formatTime } from '@renderer/lib/format';
import { usePrefs } from '@renderer/lib/prefs';

type RuleDraft = { description: string; name: string; nameRegex: string; namespace: string; service: string; source: '' | AlertSource; severity: Severity };
const RULE_FIELDS = ['description', 'name', 'nameRegex', 'namespace', 'service'] as const;
const GROUP_FIELDS = ['service', 'name', 'namespace', 'severity', 'source'] as const;

function draftOf(s: AlertSettingsOut): { rules: RuleDraft[]; fallback: Severity; groupBy: string; runbooks: { name: string; url: string }[] } {
  return {
    rules: s.severityPolicy.rules.map((r) => ({
      description: r.description ?? '',
      name: r.name ?? '',
      nameRegex: r.nameRegex ?? '',
      namespace: r.namespace ?? '',
      service: r.service ?? '',
      source: r.source ?? '',
      severity: r.severity,
    })),
    fallback: s.severityPolicy.default,
    groupBy: s.groupBy.join(', '),
    runbooks: s.runbooks.map((r) => ({ ...r })),
  };
}

export function AlertRules({ author, onMessage }: { author: string; onMessage: (m: string) => void }) {
  const settings = useApi('alertSettings', {});
  return (
    <Loader query={settings} failed="Could not read the alert rules" loading="Reading the settings…">
      {/* Keyed by the save time: a save elsewhere (another window) resets the form to it. */}
      {(saved) => <RulesForm key={saved.updatedAt ?? 0} saved={saved} author={author} onMessage={onMessage} />}
    </Loader>
  );
}

function RulesForm({ saved: s, author, onMessage }: { saved: AlertSettingsOut; author: string; onMessage: (m: string) => void }) {
  const { timeMode } = usePrefs();
  const save = useApiMutation('saveAlertSettings');
  const [draft, setDraft] = useState(() => draftOf(s));
  const { errors, serverError, submit: checkAndSend, fail } = useCheckedSubmit(SaveAlertSettingsInput);

  const setRule = (i: number, patch: Partial<RuleDraft>): void => setDraft({ ...draft, rules: draft.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const input = {
    severityPolicy: {
      rules: draft.rules.map((r) => {
        const out: Record<string, string> = { severity: r.severity };
        for (const f of RULE_FIELDS) if (r[f].trim()) out[f] = r[f].trim();
        if (r.source) out.source = r.source;
        return out;
      }),
      default: draft.fallback,
    },
    groupBy: draft.groupBy
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
    runbooks: draft.runbooks,
    author,
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    checkAndSend(input as Parameters<typeof save.mutate>[0], (valid) =>
      save.mutate(valid, {
        onSuccess: (saved) => {
          setDraft(draftOf(saved));
          onMessage('Saved the alert rules.');
        },
        onError: fail,
      }),
    );
  };

  return (
    <form className="alert-form" onSubmit={submit} data-testid="alert-rules">
      <p className="muted small">
        Severity comes from an alarm’s <code>severity</code> tag (P1–P4, or critical/high/medium/low), else the first rule below that matches, else the default. Globs use * and ?;
        regexes are anchored, (?i) ignores case. {s.updatedBy ? `Last saved by ${s.updatedBy}${s.updatedAt ? ` at ${formatTime(s.updatedAt, timeMode)}` : ''}.` : 'These are the defaults.'}
      </p>
      <h2>Response targets (seeds)</h2>
      <p className="small">
        {SEVERITIES.map((sev) => `${sev}: ${s.targets[sev] ?? ''}`).join(' · ')}
      </p>
      <h2>Severity rules</h2>
      <table className="grid rules-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Description</th>
            <th>Name glob</th>
            <th>Name regex</th>
            <th>Namespace</th>
            <th>Service</th>
            <th>Source</th>
            <th>Severity</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.rules.map((r, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              {RULE_FIELDS.map((f) => (
                <td key={f}>
                  <input value={r[f]} onChange={(e) => setRule(i, { [f]: e.target.value })} aria-label={`rule ${i + 1} ${f}`} aria-invalid={!!errors[`severityPolicy.rules.${i}.${f}`]} />
                  <FieldError message={errors[`severityPolicy.rules.${i}.${f}`]} />
                </td>
              ))}
              <td>
                <select value={r.source} onChange={(e) => setRule(i, { source: e.target.value as RuleDraft['source'] })} aria-label={`rule ${i + 1} source`}>
                  <option value="">any</option>
                  {AlertSource.options.map((src) => (
                    <option key={src} value={src}>
                      {src}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select value={r.severity} onChange={(e) => setRule(i, { severity: e.target.value as Severity })} aria-label={`rule ${i + 1} severity`}>
                  {SEVERITIES.map((sev) => (
                    <option key={sev}>{sev}</option>
                  ))}
                </select>
                <FieldError message={errors[`severityPolicy.rules.${i}`]} />
              </td>
              <td>
                <button type="button" onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })} aria-label={`remove rule ${i + 1}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => setDraft({ ...draft, rules: [...draft.rules, { description: '', name: '', nameRegex: '', namespace: '', service: '', source: '', severity: 'P3' }] })}>
          Add rule
        </button>
        <label className="field inline">
          <span>Default</span>
          <select value={draft.fallback} onChange={(e) => setDraft({ ...draft, fallback: e.target.value as Severity })}>
            {SEVERITIES.map((sev) => (
              <option key={sev}>{sev}</option>
            ))}
          </select>
        </label>
      </div>

      <h2>Grouping</h2>
      <label className="field">
        <span>Group by (comma-separated: {GROUP_FIELDS.join(', ')}, tag:&lt;key&gt;)</span>
        <input value={draft.groupBy} onChange={(e) => setDraft({ ...draft, groupBy: e.target.value })} name="groupBy" aria-invalid={Object.keys(errors).some((k) => k.startsWith('groupBy'))} />
        <FieldError message={Object.entries(errors).find(([k]) => k.startsWith('groupBy'))?.[1]} />
      </label>

      <h2>Runbook links</h2>
      <p className="muted small">For alarms whose description and tags carry no runbook link.</p>
      {draft.runbooks.map((r, i) => (
        <div className="field-row" key={i}>
          <label className="field">
            <span>Alarm name glob</span>
            <input value={r.name} onChange={(e) => setDraft({ ...draft, runbooks: draft.runbooks.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} />
            <FieldError message={errors[`runbooks.${i}.name`]} />
          </label>
          <label className="field">
            <span>URL</span>
            <input value={r.url} onChange={(e) => setDraft({ ...draft, runbooks: draft.runbooks.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)) })} />
            <FieldError message={errors[`runbooks.${i}.url`]} />
          </label>
          <button type="button" onClick={() => setDraft({ ...draft, runbooks: draft.runbooks.filter((_, j) => j !== i) })}>
            Remove
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setDraft({ ...draft, runbooks: [...draft.runbooks, { name: '', url: '' }] })}>
          Add runbook link
        </button>
      </div>
      <FieldError message={errors.author ?? serverError ?? undefined} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save rules
        </button>
        <button type="button" onClick={() => setDraft(draftOf(s))}>
          Revert
        </button>
      </div>
    </form>
  );
}

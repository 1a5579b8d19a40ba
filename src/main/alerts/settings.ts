// Alert settings: severity policy, grouping and runbook links, as last saved to the journal
// (or the seeds' defaults), and their shape on the Rules tab.
import { AlertSettings, type AlertSettingsOut } from '@shared/contract/alerts';
import { DEFAULT_GROUP_BY } from '../domain/alerts/model';
import { RESPONSE_TARGET_LABEL } from '../domain/alerts/timers';
import type { AlertJournal } from '../store/alert-journal';

/**
 * Defaults from the seeds' examples, for alarms without a `severity` tag: backup failures
 * are P2, capacity planning and certificate expiry P4; anything else P3 (reaches Slack
 * within the hour without paging anyone at night). Editable on the Alerts → Rules tab.
 */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  severityPolicy: {
    rules: [
      { description: 'Backup failures are High (seeds: P2)', namespace: 'AWS/Backup', severity: 'P2' },
      { description: 'Capacity planning alerts are Low (seeds: P4)', nameRegex: '(?i).*capacity.*', severity: 'P4' },
      { description: 'Certificate expiration is Low (seeds: P4)', nameRegex: '(?i).*cert.*expir.*', severity: 'P4' },
    ],
    default: 'P3',
  },
  groupBy: [...DEFAULT_GROUP_BY],
  runbooks: [],
};

export interface EffectiveSettings {
  settings: AlertSettings;
  updatedBy: string | null;
  updatedAt: number | null;
  notice: string | null;
}

export function loadSettings(journal: AlertJournal): EffectiveSettings {
  const latest = journal.latestSettings();
  if (!latest) return { settings: DEFAULT_ALERT_SETTINGS, updatedBy: null, updatedAt: null, notice: null };
  const parsed = AlertSettings.safeParse(latest.body);
  if (!parsed.success) {
    return {
      settings: DEFAULT_ALERT_SETTINGS,
      updatedBy: latest.author,
      updatedAt: latest.createdAt,
      notice: `The alert settings saved by ${latest.author} could not be read (${parsed.error.issues[0]?.message ?? 'invalid'}); using the defaults until they are saved again.`,
    };
  }
  return { settings: parsed.data, updatedBy: latest.author, updatedAt: latest.createdAt, notice: null };
}

export function settingsOut(s: EffectiveSettings): AlertSettingsOut {
  return {
    severityPolicy: s.settings.severityPolicy,
    groupBy: s.settings.groupBy,
    runbooks: s.settings.runbooks,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt,
    targets: RESPONSE_TARGET_LABEL,
  };
}

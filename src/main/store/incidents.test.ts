import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldIncident } from '../domain/incidents/model';
import { IncidentJournal } from './incidents';
import { openJournal } from './journal';
import { importJournalText, journalToJson } from './journal-transfer';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'opsdeck-incidents-'));
const T = Date.parse('2026-10-26T17:28:00Z');

function declareOne(j: IncidentJournal): string {
  return j.declare(
    {
      title: 'Payment gateway errors',
      severity: 'P1',
      services: ['payment-service'],
      summary: '',
      declaredFrom: 'arn:alarm:payment@1',
      milestones: { started: T, detected: T + 60_000 },
      roles: { commander: 'Ana' },
      links: [{ kind: 'channel', target: 'https://chat.example/inc', label: '#inc' }],
    },
    'ana',
    T + 120_000,
  );
}

describe('incident journal', () => {
  it('stores an incident, edits as new rows, and survives reopening', () => {
    const dir = tmp();
    const journal = openJournal(dir);
    const j = new IncidentJournal(journal.db);
    const id = declareOne(j);
    j.setMilestone(id, 'acknowledged', T + 3 * 60_000, 'bo', T + 200_000);
    j.setRole(id, 'technical', 'Bo', 'bo', T + 200_001);
    j.addNote(id, 'status', 'Investigating payment 5xx', 'Europe/Berlin', 'ana', T + 300_000);
    j.revise(id, { severity: 'P2' }, 'ana', T + 400_000);
    journal.close();

    const again = new IncidentJournal(openJournal(dir).db);
    const rows = again.rows(id)!;
    const inc = foldIncident(rows.base, rows.revisions, rows.milestones, rows.roles);
    expect(inc).toMatchObject({ severity: 'P2', milestones: { started: T, detected: T + 60_000, acknowledged: T + 180_000 }, roles: { commander: 'Ana', technical: 'Bo' } });
    expect(rows.notes[0]).toMatchObject({ kind: 'status', zone: 'Europe/Berlin' });
    expect(rows.links[0]).toMatchObject({ kind: 'channel', label: '#inc', removed: false });
    expect(again.rows('nope')).toBeNull();
  });

  it('travels with journal export/import, once', () => {
    const mine = openJournal(tmp());
    const id = declareOne(new IncidentJournal(mine.db));
    new IncidentJournal(mine.db).addMark(id, { entryKey: 'change:e1', kind: 'pin', body: null, correctedAt: null }, 'rev', T + 1);
    const { text } = journalToJson(mine);
    const theirs = openJournal(tmp());
    expect(importJournalText(theirs, text, 'j.json').added).toMatchObject({ incidents: 1, incident_milestones: 2, incident_roles: 1, incident_links: 1, incident_timeline_marks: 1 });
    expect(importJournalText(theirs, text, 'j.json').added).toMatchObject({ incidents: 0, incident_milestones: 0 });
    expect(new IncidentJournal(theirs.db).list().map((r) => r.id)).toEqual([id]);
  });

  it('bundle rows: same id and content is already present; a different content is a conflict and nothing is written', () => {
    const src = new IncidentJournal(openJournal(tmp()).db);
    const id = declareOne(src);
    src.addNote(id, 'note', 'rolled back', 'UTC', 'ana', T + 1);
    const rows = src.rawRows(id);
    const dst = new IncidentJournal(openJournal(tmp()).db);
    expect(dst.importRows(rows, 'b.json').added).toMatchObject({ incidents: 1, incident_notes: 1 });
    expect(dst.importRows(rows, 'b.json')).toMatchObject({ added: { incidents: 0, incident_notes: 0 }, alreadyPresent: { incidents: 1, incident_notes: 1 } });
    const tampered = { ...rows, incident_notes: [{ ...rows.incident_notes[0]!, body: 'something else' }], incident_roles: [{ ...rows.incident_roles[0]!, id: 'new-role-row' }] };
    expect(() => dst.importRows(tampered, 'b.json')).toThrow(`b.json: incident_notes[0] has id ${String(rows.incident_notes[0]!.id)}, which this journal already holds with a different body; nothing was imported`);
    expect(dst.rows(id)!.roles).toHaveLength(1);
  });
});

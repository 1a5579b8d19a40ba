// Export the journal to one file, or merge a colleague's export into ours.
import { useRef, useState } from 'react';
import { useApiMutation } from '@renderer/data/api';

export function JournalTransfer() {
  const exporter = useApiMutation('exportJournal');
  const importer = useApiMutation('importJournal');
  const [message, setMessage] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const download = async (): Promise<void> => {
    const r = await exporter.mutateAsync({});
    const url = URL.createObjectURL(new Blob([r.content], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    a.click();
    URL.revokeObjectURL(url);
    setMessage(`Exported ${r.rows} journal rows to ${r.fileName}.`);
  };

  const upload = async (file: File): Promise<void> => {
    try {
      const r = await importer.mutateAsync({ fileName: file.name, content: await file.text() });
      const added = Object.values(r.added).reduce((a, b) => a + b, 0);
      const present = Object.values(r.alreadyPresent).reduce((a, b) => a + b, 0);
      const conflicts = r.conflictCount
        ? ` ${r.conflictCount} entr${r.conflictCount === 1 ? 'y has' : 'ies have'} an id we hold with different content — ours kept: ${r.conflicts.slice(0, 5).map((c) => `${c.table} ${c.id} (${c.fields.join(', ')})`).join('; ')}${r.conflictCount > 5 ? '; …' : ''}.`
        : '';
      const unknown = r.unknownColumns.length ? ` Columns not known here, not imported: ${r.unknownColumns.map((u) => `${u.table}: ${u.columns.join(', ')}`).join('; ')}.` : '';
      setMessage(`Imported ${file.name}: ${added} new entries added, ${present} already here.${conflicts}${unknown}`);
    } catch (err) {
      setMessage(`Nothing imported — ${(err as Error).message}`);
    }
  };

  return (
    <div className="actions" data-testid="journal-transfer">
      <button onClick={() => void download()} disabled={exporter.isPending}>
        Export journal…
      </button>
      <label className="file-button" tabIndex={0} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && picker.current?.click()}>
        Import journal…
        <input ref={picker} type="file" accept="application/json,.json" data-testid="journal-import" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      </label>
      {message && <span className={/Nothing imported/.test(message) ? 'error' : 'muted'}>{message}</span>}
    </div>
  );
}

// "Save as PDF" for the printable reviews (incident, capacity): the desktop app prints the page
// through its print stylesheet straight to a PDF file the user picks; in a browser (serve mode)
// the print dialog is where saving as PDF lives, so the button opens it.
import { useState } from 'react';
import { useTransport } from '@renderer/data/api';

export function SavePdfButton({ fileName, testId }: { fileName: string; testId?: string }) {
  const transport = useTransport();
  const [status, setStatus] = useState<string | null>(null);
  const desktop = transport.kind === 'desktop';
  const save = async (): Promise<void> => {
    setStatus(null);
    try {
      const r = await transport.savePdf(fileName);
      if (desktop) setStatus(r.saved ? `Saved ${r.path}` : 'Not saved');
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void save()} data-testid={testId} title={desktop ? undefined : "Opens the browser's print dialog: choose “Save as PDF” there"}>
        {desktop ? 'Save review as PDF' : 'Print review / save as PDF'}
      </button>
      {status && (
        <span className="muted small" role="status">
          {status}
        </span>
      )}
    </>
  );
}

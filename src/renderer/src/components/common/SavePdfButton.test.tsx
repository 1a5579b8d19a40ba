// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTransport, renderWithApp } from '@renderer/test/render';
import { SavePdfButton } from './SavePdfButton';

afterEach(cleanup);

describe('SavePdfButton', () => {
  it('desktop: saves through the bridge and says where', async () => {
    const transport = { ...fakeTransport(async () => null), kind: 'desktop' as const, savePdf: vi.fn(async (name: string) => ({ saved: true as const, path: `/docs/${name}.pdf` })) };
    renderWithApp(<SavePdfButton fileName="incident-1-review" />, { transport });
    fireEvent.click(screen.getByRole('button', { name: 'Save review as PDF' }));
    expect((await screen.findByRole('status')).textContent).toBe('Saved /docs/incident-1-review.pdf');
    expect(transport.savePdf).toHaveBeenCalledWith('incident-1-review');
  });

  it('desktop: a failed save shows its message', async () => {
    const transport = { ...fakeTransport(async () => null), kind: 'desktop' as const, savePdf: async () => Promise.reject(new Error('Saving the PDF failed: disk full')) };
    renderWithApp(<SavePdfButton fileName="x" />, { transport });
    fireEvent.click(screen.getByRole('button', { name: 'Save review as PDF' }));
    expect((await screen.findByRole('status')).textContent).toContain('disk full');
  });

  it('in a browser: opens the print dialog (where "Save as PDF" is)', () => {
    const transport = { ...fakeTransport(async () => null), savePdf: vi.fn(async () => ({ saved: false as const })) };
    renderWithApp(<SavePdfButton fileName="x" />, { transport });
    fireEvent.click(screen.getByRole('button', { name: 'Print review / save as PDF' }));
    expect(transport.savePdf).toHaveBeenCalled();
  });
});

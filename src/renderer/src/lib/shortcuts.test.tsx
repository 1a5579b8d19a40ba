// @vitest-environment jsdom
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { useMemo, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { helpSections, HELP_SCOPES, ShortcutHelp } from '@renderer/app/ShortcutHelp';
import { GLOBAL_SHORTCUTS, globalHandlers } from '@renderer/app/shortcuts';
import { ROUTES } from '@renderer/app/routes';
import { SEQUENCE_MS, ShortcutProvider, ShortcutRegistry, defineScope, isTyping, keyLabel, shortcutLabel, useShortcuts, type KeyEventLike, type ShortcutTable } from './shortcuts';

afterEach(cleanup);

const key = (k: string, extra: Partial<KeyEventLike> = {}): KeyEventLike & { prevented: boolean } => {
  const e = { key: k, ctrlKey: false, metaKey: false, altKey: false, target: null, prevented: false, preventDefault: () => void (e.prevented = true), ...extra };
  return e;
};

const SCOPE = defineScope({
  id: 'test',
  heading: 'Test page',
  table: {
    next: { keys: ['j', 'ArrowDown'], description: 'Next' },
    theme: { keys: ['L'], description: 'Theme' },
    open: { keys: ['g x'], description: 'Go to x' },
  },
});

describe('the registry runs the handler its table names', () => {
  it('each key of a line runs that line’s handler and is prevented from doing anything else', () => {
    const r = new ShortcutRegistry();
    const next = vi.fn();
    r.bind(SCOPE, { next, theme: vi.fn(), open: vi.fn() });
    const e = key('ArrowDown');
    expect(r.handle(e)).toBe(true);
    expect(e.prevented).toBe(true);
    r.handle(key('j'));
    expect(next).toHaveBeenCalledTimes(2);
    expect(r.handle(key('q'))).toBe(false);
  });

  it('never with Ctrl, Cmd or Alt held, and never while a field has focus', () => {
    const r = new ShortcutRegistry();
    const next = vi.fn();
    r.bind(SCOPE, { next, theme: vi.fn(), open: vi.fn() });
    r.handle(key('j', { ctrlKey: true }));
    r.handle(key('j', { metaKey: true }));
    r.handle(key('j', { altKey: true }));
    for (const tag of ['input', 'textarea', 'select']) r.handle(key('j', { target: document.createElement(tag) }));
    const editable = document.createElement('div');
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    r.handle(key('j', { target: editable }));
    expect(next).not.toHaveBeenCalled();
    expect(isTyping(document.createElement('button'))).toBe(false);
  });

  it('a sequence: g then x within the time; the key after g is the sequence’s either way', () => {
    const r = new ShortcutRegistry();
    const open = vi.fn();
    const next = vi.fn();
    r.bind(SCOPE, { next, theme: vi.fn(), open });
    expect(r.handle(key('g'), 0)).toBe(true);
    r.handle(key('x'), 500);
    expect(open).toHaveBeenCalledTimes(1);
    r.handle(key('g'), 1_000);
    r.handle(key('j'), 1_100); // swallowed: "g j" is no sequence, and j must not move the selection
    expect(next).not.toHaveBeenCalled();
    r.handle(key('g'), 2_000);
    r.handle(key('x'), 2_000 + SEQUENCE_MS + 1); // too late: x alone means nothing
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('global scopes are asked first; a handler returning false lets a page take the key', () => {
    const r = new ShortcutRegistry();
    const page = defineScope({ id: 'page', heading: 'Page', table: { back: { keys: ['Escape'], description: 'Back' } } });
    const global = defineScope({ id: 'g', heading: 'Everywhere', global: true, table: { close: { keys: ['Escape'], description: 'Close' } } });
    let helpOpen = true;
    const back = vi.fn();
    const close = vi.fn(() => (helpOpen ? undefined : false));
    r.bind(page, { back });
    r.bind(global, { close });
    expect(r.active()).toEqual(['g', 'page']);
    r.handle(key('Escape'));
    expect(back).not.toHaveBeenCalled();
    helpOpen = false;
    r.handle(key('Escape'));
    expect(back).toHaveBeenCalledTimes(1);
  });

  it('unbinding stops the handler', () => {
    const r = new ShortcutRegistry();
    const next = vi.fn();
    const unbind = r.bind(SCOPE, { next, theme: vi.fn(), open: vi.fn() });
    unbind();
    expect(r.handle(key('j'))).toBe(false);
    expect(next).not.toHaveBeenCalled();
  });
});

describe('the help is made from the same tables', () => {
  it('labels keys the way a person types them', () => {
    expect(keyLabel('ArrowDown')).toBe('↓');
    expect(keyLabel('L')).toBe('Shift+L');
    expect(keyLabel('g o')).toBe('g o');
    expect(shortcutLabel(SCOPE.table.next)).toBe('j / ↓');
  });

  it('every line of every scope is in the help, under its heading', () => {
    const sections = helpSections();
    for (const scope of HELP_SCOPES) {
      const section = sections.find((s) => s.heading === scope.heading);
      for (const def of Object.values(scope.table)) expect(section?.lines).toContainEqual({ keys: shortcutLabel(def), description: def.description });
    }
    expect(sections.map((s) => s.heading)).toEqual(['Everywhere', 'Alerts page', 'SLOs page', 'Backups page', 'Incidents page', 'Metrics page']);
  });

  it('every page has its number and g-letter, and the global handlers cover every line of the table', () => {
    const table: ShortcutTable = GLOBAL_SHORTCUTS.table;
    ROUTES.forEach((r, i) => expect(table[`go-${r.id}`]?.keys).toEqual([`g ${r.key}`, String(i + 1)]));
    const handlers = globalHandlers({ toggleTime: vi.fn(), toggleTheme: vi.fn(), refresh: vi.fn(), toggleHelp: vi.fn(), closeHelp: vi.fn() });
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(GLOBAL_SHORTCUTS.table).sort());
  });

  it('the rendered help lists the keys', () => {
    const { getByRole } = render(<ShortcutHelp onClose={() => {}} />);
    const text = getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent ?? '';
    expect(text).toContain('g o / 1');
    expect(text).toContain('Shift+L');
    expect(text).toContain('j / ↓');
    expect(text).toContain('Esc / Backspace');
  });
});

function Counter() {
  const [n, setN] = useState(0);
  const handlers = useMemo(() => ({ next: () => setN((x) => x + 1), theme: () => {}, open: () => {} }), []);
  useShortcuts(SCOPE, handlers);
  return (
    <div>
      <span data-testid="n">{n}</span>
      <input aria-label="field" />
    </div>
  );
}

describe('in a page', () => {
  it('one window listener drives the bound handlers; typing in a field does not', () => {
    const { getByTestId, getByLabelText } = render(
      <ShortcutProvider>
        <Counter />
      </ShortcutProvider>,
    );
    act(() => void fireEvent.keyDown(window, { key: 'j' }));
    act(() => void fireEvent.keyDown(document.body, { key: 'ArrowDown' }));
    expect(getByTestId('n').textContent).toBe('2');
    act(() => void fireEvent.keyDown(getByLabelText('field'), { key: 'j' }));
    expect(getByTestId('n').textContent).toBe('2');
  });
});

describe('the help dialog and focus', () => {
  it('takes focus when it opens and gives it back when it closes', () => {
    function Harness() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button onClick={() => setOpen(true)}>opener</button>
          <button onClick={() => setOpen(false)}>closer</button>
          {open && <ShortcutHelp onClose={() => setOpen(false)} />}
        </>
      );
    }
    const { getByText, getByRole, queryByRole } = render(<Harness />);
    const opener = getByText('opener');
    opener.focus();
    act(() => void fireEvent.click(opener));
    expect(document.activeElement).toBe(getByRole('dialog', { name: 'Keyboard shortcuts' }));
    act(() => void fireEvent.click(getByText('Close (Esc)')));
    expect(queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

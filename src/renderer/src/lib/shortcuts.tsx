// The one shortcut registry. Each scope is a table of keys and what they do; the `?` help is
// rendered from the same tables, and a component binds handlers to a table's ids, so a key
// cannot work without being listed nor be listed without working. One keydown listener
// serves the whole app. Keys never fire while a field has focus, nor with Ctrl/Cmd/Alt.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export interface ShortcutDef {
  /** `KeyboardEvent.key` values; "g o" is a sequence (g, then o within SEQUENCE_MS). */
  readonly keys: readonly string[];
  readonly description: string;
}

export type ShortcutTable = Readonly<Record<string, ShortcutDef>>;

export interface ShortcutScope<T extends ShortcutTable = ShortcutTable> {
  readonly id: string;
  /** The help's section heading this scope is listed under. */
  readonly heading: string;
  /** Global scopes are asked first; page scopes after, and only while mounted. */
  readonly global?: boolean;
  readonly table: T;
}

/** A handler returns false when the key is not its business right now (another scope may take it). */
export type ShortcutHandler = (e: KeyEventLike) => void | false;
export type ShortcutHandlers<T extends ShortcutTable> = { readonly [K in keyof T]: ShortcutHandler };

export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

/** How long after the first key of a sequence ("g") the second may come. */
export const SEQUENCE_MS = 1_500;

export function defineScope<T extends ShortcutTable>(scope: ShortcutScope<T>): ShortcutScope<T> {
  return scope;
}

/** A field has focus: keys are typing, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable === true;
}

const KEY_NAMES: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc', ' ': 'Space' };

/** How a key reads in the help: "↓", "Esc", "Shift+L", "g o". */
export function keyLabel(key: string): string {
  return key
    .split(' ')
    .map((k) => KEY_NAMES[k] ?? (/^[A-Z]$/.test(k) ? `Shift+${k}` : k))
    .join(' ');
}

export function shortcutLabel(def: ShortcutDef): string {
  return def.keys.map(keyLabel).join(' / ');
}

interface Binding {
  scope: ShortcutScope;
  handlers: Partial<Record<string, ShortcutHandler>>;
}

/** The dispatcher: pure apart from the bindings it holds, so it is tested without a DOM. */
export class ShortcutRegistry {
  private bindings: Binding[] = [];
  private pending: { prefix: string; at: number } | null = null;

  bind<T extends ShortcutTable>(scope: ShortcutScope<T>, handlers: ShortcutHandlers<T>): () => void {
    const binding: Binding = { scope, handlers };
    this.bindings = [...this.bindings, binding].sort((a, b) => Number(!!b.scope.global) - Number(!!a.scope.global));
    return () => {
      this.bindings = this.bindings.filter((b) => b !== binding);
    };
  }

  /** The scopes bound now (for tests and diagnostics). */
  active(): string[] {
    return this.bindings.map((b) => b.scope.id);
  }

  /** Runs the handler a key press names; true when one took it. */
  handle(e: KeyEventLike, now: number = Date.now()): boolean {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return false;
    const pending = this.pending;
    this.pending = null;
    // The key after a sequence's first key belongs to the sequence, matched or not.
    if (pending && now - pending.at < SEQUENCE_MS) return this.run(`${pending.prefix} ${e.key}`, e) || true;
    if (this.run(e.key, e)) return true;
    if (this.bindings.some((b) => Object.values(b.scope.table).some((d) => d.keys.some((k) => k.startsWith(`${e.key} `))))) {
      this.pending = { prefix: e.key, at: now };
      return true;
    }
    return false;
  }

  private run(key: string, e: KeyEventLike): boolean {
    for (const b of this.bindings) {
      for (const [id, def] of Object.entries(b.scope.table)) {
        if (!def.keys.includes(key)) continue;
        const handler = b.handlers[id];
        if (!handler) continue;
        if (handler(e) === false) continue;
        e.preventDefault();
        return true;
      }
    }
    return false;
  }
}

const RegistryContext = createContext<ShortcutRegistry | null>(null);

/** Owns the registry and its one window keydown listener. */
export function ShortcutProvider({ children, registry: given }: { children: ReactNode; registry?: ShortcutRegistry }) {
  const [registry] = useState(() => given ?? new ShortcutRegistry());
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => void registry.handle(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry]);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Binds `handlers` to `scope`'s keys while the component is mounted and `enabled`. */
export function useShortcuts<T extends ShortcutTable>(scope: ShortcutScope<T>, handlers: ShortcutHandlers<T>, enabled = true): void {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('ShortcutProvider missing');
  useEffect(() => (enabled ? registry.bind(scope, handlers) : undefined), [registry, scope, handlers, enabled]);
}

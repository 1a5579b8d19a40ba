// The shape every API method declares. Feature areas add their methods in their own file
// (contract/slos.ts, contract/alerts.ts, …) and api.ts merges them.
import { z } from 'zod';

/** Topics a `changed` push event can name; each maps onto TanStack Query keys. */
export const Topic = z.enum(['metrics', 'alarms', 'sources', 'journal', 'slos', 'notices', 'incidents', 'capacity', 'backups']);
export type Topic = z.infer<typeof Topic>;

export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
  /** Topics the answer depends on: a push naming one of them means "ask again". */
  topics: readonly Topic[];
  /**
   * Write methods: the topics a successful call changes. dispatch() pushes them after the
   * handler returns, so handlers never push by hand.
   */
  invalidates?: readonly Topic[];
  /**
   * What the main side may send instead of `output` when the input asks for it (the alert
   * queue's delta against the version the client holds); the renderer's transport turns it
   * into `output` before any caller sees it.
   */
  answer?: z.ZodType;
}

export type ApiSpec = Record<string, MethodSpec>;

// The shape every API method declares. Feature areas add their methods in their own file
// (contract/slos.ts, contract/alerts.ts, …) and api.ts merges them.
import { z } from 'zod';

/** Topics a `changed` push event can name; each maps onto TanStack Query keys. */
export const Topic = z.enum(['metrics', 'alarms', 'sources', 'journal', 'slos', 'backups']);
export type Topic = z.infer<typeof Topic>;

export type ApiSpec = Record<string, { input: z.ZodType; output: z.ZodType; topics: readonly Topic[] }>;

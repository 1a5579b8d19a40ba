// Notices: what the app has to tell the user about itself (a damaged journal salvaged, the
// cache rebuilt, a config document ignored). Shown in the banner on every screen and listed
// on Settings, in desktop and serve mode alike.
import { z } from 'zod';
import type { ApiSpec } from './spec';

const EpochMs = z.number().int().nonnegative();

export const NoticeRows = z.object({
  table: z.string().max(128),
  rows: z.number().int().nonnegative(),
  /** Row ranges that could not be read from the damaged file. */
  unreadableRanges: z.number().int().nonnegative(),
});

export const Notice = z.object({
  id: z.string().max(64),
  at: EpochMs,
  severity: z.enum(['info', 'warning', 'error']),
  area: z.enum(['journal', 'cache', 'config', 'sync']),
  /** One line for the banner. */
  title: z.string().max(300),
  /** The whole story for Settings: what happened, what was done, what to do. */
  detail: z.string().max(8_000),
  /** Journal salvage: rows recovered per table. */
  rows: z.array(NoticeRows).max(200),
  /** Files kept aside (the damaged originals), for the user to keep or send. */
  keptAs: z.array(z.string().max(4_096)).max(10),
});
export type Notice = z.infer<typeof Notice>;

export const noticesApi = {
  notices: { input: z.object({}).strict(), output: z.array(Notice).max(100), topics: ['notices'] },
} as const satisfies ApiSpec;

// The primitives every feature's schemas are built from, defined once.
import { z } from 'zod';
import { zoneProblem } from '../lib/wallClock';

/** Epoch milliseconds, UTC. Every timestamp crossing the contract is one of these. */
export const EpochMs = z.number().int().nonnegative();

/** A method that takes no input. */
export const Empty = z.object({}).strict();

/** Who did something (the journal records it): a name, bounded. */
export const Author = z.string().trim().min(1, 'author is required').max(200, 'author: at most 200 characters');

/** An IANA time-zone name, by the one rule in shared/lib/wallClock.ts (zoneProblem). */
export const TimeZone = z.string().superRefine((zone, ctx) => {
  const problem = zoneProblem(zone);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * The `sequential` key of the configuration: judge a running canary at any moment with confidence
 * sequences (statistics.md §11). Durations are strings with s / m / h parts ("90s", "5m",
 * "1h30m") or a number of seconds.
 */
import * as z from 'zod';
import { parseDurationSeconds } from './duration.js';

export { parseDurationSeconds } from './duration.js';

/** A duration: "90s", "5m", "1h30m", or seconds; resolved to seconds. */
export const durationSchema = z
  .union([z.number(), z.string()])
  .transform((value, context) => {
    const seconds = parseDurationSeconds(value);
    if (seconds === null) {
      context.addIssue({
        code: 'custom',
        message: `expected a duration such as "90s", "5m" or "1h30m", or a number of seconds (at least 0), received ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return seconds;
  })
  .describe('A duration: a string of h / m / s parts ("90s", "5m", "1h30m") or a number of seconds.');

/** The sequential mode: when a running canary may pass, and when it must be decided. */
export const sequentialSchema = z
  .strictObject({
    minDuration: durationSchema
      .default(0)
      .describe('Shortest run before the canary may pass (harm fails it at any time). Default 0.'),
    maxDuration: durationSchema.describe('Longest run: at this age the verdict is final, a marginal one included.'),
  })
  .superRefine((sequential, context) => {
    if (typeof sequential.maxDuration === 'number' && sequential.maxDuration <= 0) {
      context.addIssue({ code: 'custom', path: ['maxDuration'], message: `maxDuration must be longer than 0 seconds, received ${sequential.maxDuration}` });
    }
    if (typeof sequential.minDuration === 'number' && typeof sequential.maxDuration === 'number' && sequential.minDuration > sequential.maxDuration) {
      context.addIssue({
        code: 'custom',
        path: ['minDuration'],
        message: `minDuration must be at most maxDuration, received ${sequential.minDuration}s > ${sequential.maxDuration}s`,
      });
    }
  })
  .describe(
    'Judge a running canary with confidence sequences, valid however often it is judged: fail as soon as harm is shown; pass once minDuration has passed and the verdict rule passes; marginal ("keep going") until maxDuration, where a marginal is final. Needs timestamps in the data.',
  );

/** The sequential settings as written. */
export type SequentialConfigInput = z.input<typeof sequentialSchema>;
/** The resolved sequential settings (durations in seconds). */
export type SequentialConfig = z.output<typeof sequentialSchema>;

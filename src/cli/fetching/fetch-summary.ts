/**
 * What a finished fetch tells the user: each query's `nodata` reason or source warning, and the
 * window fetched.
 */
import type { CollectedQuery } from '../../sources/collect.js';
import type { CommandContext } from '../parse.js';
import type { Fetched } from './fetch-metrics.js';

/**
 * Prints, as warnings on stderr (unless quiet), what each query left: a `nodata` reason (with the
 * query) or a warning the source attached, in the order of the queries.
 */
export function warnQueryNotes(context: CommandContext, queries: readonly CollectedQuery[]): void {
  for (const query of queries) {
    const where = `metric "${query.metric}" (${query.side}${query.role === 'value' ? '' : `, ${query.role}`})`;
    if (query.status === 'nodata') context.warn(`${where}: ${query.reason ?? 'the query returned no data'}`);
    for (const warning of query.warnings) context.warn(`${where}: the source warned: ${warning}`);
  }
}

/** `step 60s, 61 points per series, 2024-01-01T00:10:00Z to 2024-01-01T01:10:00Z`. */
export function describeRange(fetched: Fetched): string {
  const points = Math.floor((fetched.endMs - fetched.startMs) / fetched.stepMs) + 1;
  const step = fetched.stepMs % 1000 === 0 ? `${fetched.stepMs / 1000}s` : `${fetched.stepMs}ms`;
  return `${new Date(fetched.startMs).toISOString()} to ${new Date(fetched.endMs).toISOString()}, step ${step}, ${points} points per series`;
}

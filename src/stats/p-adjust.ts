/** Placeholder: being written. */
export type PAdjustMethod = 'holm' | 'hochberg' | 'bh' | 'bonferroni';
export function adjustPValues(_pValues: readonly number[], _method: PAdjustMethod): number[] {
  throw new Error('adjustPValues: not implemented yet');
}

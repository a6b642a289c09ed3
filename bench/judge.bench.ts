/** Judge benchmark: filled in once the judge lands. */
import type { Target } from './measure.js';

export function judgeBenchmark(_random: () => number, _print: (line: string) => void): Target[] {
  return [];
}

/**
 * The standardised rank-sum statistic of a location shift μ, the function whose roots give Kayenta's
 * Mann-Whitney confidence interval and estimate (Kayenta's `wilcoxonDiff`, a port of the asymptotic
 * branch of R's `wilcox.test(x, y, conf.int = TRUE, correct = TRUE, exact = FALSE)`).
 *
 * Kayenta port: a deliberate copy of Kayenta's own arithmetic, kept apart from `src/stats/` so the
 * Kayenta-compatible judge matches Kayenta bit for bit. Do not merge it with the native statistics
 * (see src/kayenta/port/README.md).
 */
import { averageRanks } from './average-ranks.js';

/** Thrown when every pooled value is tied at the evaluated shift: the statistic has no spread. */
export class AllObservationsTiedError extends Error {
  override name = 'AllObservationsTiedError';

  constructor() {
    super('cannot compute confidence interval when all observations are tied');
  }
}

/**
 * f(μ, q) = (dz − correction) / σ − q, where, ranking the pooled sample (experiment − μ, control)
 * with averaged ties:
 *
 * - dz = (rank sum of the shifted experiment) − nₓ(nₓ+1)/2 − nₓ·n_y/2, i.e. U − nₓn_y/2;
 * - correction = 0.5·sign(dz) (the continuity correction, 0 when dz = 0);
 * - σ = √( nₓn_y/12 · [ (nₓ+n_y+1) − Σ(t³−t) / ((nₓ+n_y)(nₓ+n_y−1)) ] ), the t being the tie-group
 *   sizes at this μ.
 *
 * The operations are done in Kayenta's order so that results agree to the last bit.
 * Cost: O((nₓ+n_y) log(nₓ+n_y)).
 *
 * @throws AllObservationsTiedError when σ = 0 (every pooled value tied).
 *
 * @example
 * wilcoxonShiftStatistic([10, 20, 30, 40], [1, 2, 3, 4], 0, 0) // => 2.165063509461097
 */
export function wilcoxonShiftStatistic(
  experiment: readonly number[],
  control: readonly number[],
  shift: number,
  quantile: number,
): number {
  const experimentSize = experiment.length;
  const controlSize = control.length;
  const pooled = new Float64Array(experimentSize + controlSize);
  for (let index = 0; index < experimentSize; index++) pooled[index] = (experiment[index] as number) - shift;
  for (let index = 0; index < controlSize; index++) pooled[experimentSize + index] = control[index] as number;
  const { ranks, tieGroupSizes } = averageRanks(pooled);

  let experimentRankSum = 0;
  for (let index = 0; index < experimentSize; index++) experimentRankSum += ranks[index] as number;
  const centred =
    experimentRankSum - (experimentSize * (experimentSize + 1)) / 2 - (experimentSize * controlSize) / 2;
  const correction = Math.sign(centred) * 0.5;

  let tieSum = 0;
  for (const size of tieGroupSizes) tieSum += Math.pow(size, 3) - size;
  const total = experimentSize + controlSize;
  const sigma = Math.sqrt(
    ((experimentSize * controlSize) / 12) * (total + 1 - tieSum / (total * (total - 1))),
  );
  if (sigma === 0) throw new AllObservationsTiedError();
  return (centred - correction) / sigma - quantile;
}

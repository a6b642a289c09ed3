/**
 * Warnings about a valid configuration that is probably not what its author meant. They never
 * change a verdict; the judge lists them in `summary.warnings` and `validate` prints them.
 */
import { formatNumber } from './explain.js';

/** What the warnings need of a configuration. */
export interface WarnableConfig {
  readonly metrics: readonly {
    readonly name: string;
    readonly direction: 'increase' | 'decrease' | 'either';
    readonly margin: { readonly relative?: number | undefined };
  }[];
}

/**
 * A relative margin above 1 tolerates a change of more than 100%: `10` meant as 10% tolerates
 * +1000%. Named with the tolerated change and what was probably meant.
 *
 * @example
 * configWarnings({ metrics: [{ name: 'cpu', direction: 'increase', margin: { relative: 10 } }] })[0].includes('up to +1000%') // => true
 */
export function configWarnings(config: WarnableConfig): string[] {
  const warnings: string[] = [];
  for (const metric of config.metrics) {
    const relative = metric.margin.relative;
    if (relative === undefined || relative <= 1) continue;
    const percent = `${formatNumber(relative * 100)}%`;
    const tolerated =
      metric.direction === 'increase'
        ? `a change of up to +${percent} is tolerated`
        : metric.direction === 'decrease'
          ? `a drop of up to -${percent} is tolerated, so no drop of a positive metric can fail`
          : `a change of up to ±${percent} is tolerated`;
    warnings.push(
      `metric "${metric.name}": margin.relative is ${formatNumber(relative)}, so ${tolerated} (relative margins are fractions: 0.1 = 10%); did you mean ${formatNumber(relative / 100)}?`,
    );
  }
  return warnings;
}

/** Minimal typings for the parts of jstat this package uses (jstat ships none). */
declare module 'jstat' {
  interface ContinuousDistribution {
    cdf(x: number, ...parameters: number[]): number;
    inv(p: number, ...parameters: number[]): number;
    pdf(x: number, ...parameters: number[]): number;
  }
  interface JStat {
    normal: ContinuousDistribution;
    studentt: ContinuousDistribution;
    beta: ContinuousDistribution;
    chisquare: ContinuousDistribution;
    centralF: ContinuousDistribution;
    ibeta(x: number, a: number, b: number): number;
    ibetainv(p: number, a: number, b: number): number;
    gammaln(x: number): number;
    erfc(x: number): number;
  }
  const jStat: JStat;
  export default jStat;
}

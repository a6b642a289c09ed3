/**
 * `npm run fuzz`: the fuzz suite at full size. Runs every case class of test/fuzz/case-classes.ts
 * (the property the test suite runs at CI size) counting instead of stopping, and prints per class
 * the cases tried, the failed cases by kind (crash, stack trace, undocumented code, hang,
 * unresponsive server) and the spread of exit codes / statuses. Exits 1 when any case failed.
 *
 *   npm run fuzz                           # 100,000 cases, seed 20261205
 *   FUZZ_CASES=20000 FUZZ_SEED=7 npm run fuzz
 *   npm run fuzz -- --cases 1000 --seed 7 --json fuzz-results.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CASE_CLASSES, fuzzCaseClass, type ClassSummary } from '../test/fuzz/case-classes.js';
import { createCliHarness } from '../test/fuzz/cli-harness.js';
import { createServerHarness } from '../test/fuzz/server-harness.js';
import { fuzzSeed } from '../test/fuzz/settings.js';

const { values } = parseArgs({ options: { cases: { type: 'string' }, seed: { type: 'string' }, json: { type: 'string' }, only: { type: 'string' } } });
const total = Number(values.cases ?? process.env['FUZZ_CASES'] ?? 100_000);
const seed = values.seed === undefined ? fuzzSeed() : Number(values.seed);
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(seed)) {
  process.stderr.write('fuzz: --cases and --seed take whole numbers\n');
  process.exit(64);
}

const classes = CASE_CLASSES.filter((caseClass) => values.only === undefined || values.only.split(',').includes(caseClass.name));
const shares = classes.reduce((sum, caseClass) => sum + caseClass.share, 0);
const harnesses = { cli: await createCliHarness(), server: await createServerHarness() };
process.stdout.write(`fuzz: ${total} cases from seed ${seed}\n`);
const summaries: ClassSummary[] = [];
try {
  for (const caseClass of classes) {
    const numRuns = Math.max(1, Math.round((total * caseClass.share) / shares));
    const summary = await fuzzCaseClass(caseClass, harnesses, {
      numRuns,
      seed,
      stopAtFirst: false,
      onProgress: (done, failed) => process.stderr.write(`  ${caseClass.name}: ${done} / ${numRuns} cases, ${failed} failed\n`),
    });
    summaries.push(summary);
    const kinds = Object.entries(summary.byKind).map(([kind, count]) => `${kind} ${count}`).join(', ');
    const spread = Object.entries(summary.outcomes).sort(([, a], [, b]) => b - a).map(([label, count]) => `${label}: ${count}`).join(', ');
    process.stdout.write(`\n${summary.name}: ${summary.cases} cases in ${(summary.ms / 1000).toFixed(1)} s, ${summary.failedCases} failed (${kinds})\n  outcomes: ${spread}\n`);
    for (const sample of summary.samples) {
      process.stdout.write(`  FAILED: ${sample.findings.map((finding) => `${finding.kind}: ${finding.detail}`).join('; ')}\n    input: ${JSON.stringify(sample.input).slice(0, 600)}\n`);
    }
  }
} finally {
  await harnesses.cli.close();
  await harnesses.server.close();
}
const cases = summaries.reduce((sum, summary) => sum + summary.cases, 0);
const failed = summaries.reduce((sum, summary) => sum + summary.failedCases, 0);
process.stdout.write(`\nfuzz: ${cases} cases, ${failed} failed (seed ${seed})\n`);
if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ seed, cases, failed, classes: summaries }, null, 2)}\n`);
process.exitCode = failed === 0 ? 0 : 1;

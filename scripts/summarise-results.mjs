// Prints the closing line `N passed, N failed[, N skipped]` from vitest's JSON report, and exits 1
// when a test failed, when no test ran, when a file failed to load or the run failed outside any
// test (vitest counts those apart), when the type check failed (`--typecheck-failed`, counted as
// one failure), or, in CI (scripts/ci.mjs), when any test was skipped: a skip must not hide a
// test that could not run.
import { readFileSync } from 'node:fs';
import { isCi } from './ci.mjs';

const [file, ...flags] = process.argv.slice(2);
const typecheckFailed = flags.includes('--typecheck-failed');
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failedTests = report.numFailedTests ?? 0;
// A suite that fails to import has no failed tests but is still a failure.
const brokenFiles = (report.testResults ?? []).filter(
  (entry) => entry.status === 'failed' && (entry.assertionResults ?? []).every((test) => test.status !== 'failed'),
).length;
for (const entry of report.testResults ?? []) {
  if (entry.status === 'failed' && entry.message) process.stderr.write(`failed to run ${entry.name}: ${entry.message.split('\n')[0]}\n`);
}
// An unhandled error (vitest marks the run unsuccessful although every test passed).
const outsideTests = report.success === false && failedTests === 0 && brokenFiles === 0 ? 1 : 0;
if (outsideTests > 0) process.stderr.write('the test run failed outside any test (an unhandled error; see above)\n');
const skippedTests = (report.testResults ?? []).flatMap((entry) =>
  (entry.assertionResults ?? []).filter((test) => ['skipped', 'pending', 'todo'].includes(test.status)).map((test) => `${entry.name}: ${test.fullName ?? test.title}`),
);
const skipped = Math.max(skippedTests.length, (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0));
const skipsFail = isCi(process.env) && skipped > 0;
if (skipsFail) {
  process.stderr.write(`${skipped} test(s) skipped in CI, which counts as failure:\n`);
  for (const name of skippedTests.slice(0, 50)) process.stderr.write(`  skipped: ${name}\n`);
}
if (typecheckFailed) process.stderr.write('the type check failed (counted as 1 failure)\n');
const failed = failedTests + brokenFiles + outsideTests + (typecheckFailed ? 1 : 0) + (skipsFail ? skipped : 0);
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

// Prints the closing line `N passed, N failed[, N skipped]` from vitest's JSON report, and exits 1
// when a test failed, when no test ran, or when a file failed to load (vitest counts those apart).
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const passed = report.numPassedTests ?? 0;
const failedTests = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A suite that fails to import has no failed tests but is still a failure.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && (file.assertionResults ?? []).every((test) => test.status !== 'failed'),
).length;
const failed = failedTests + brokenFiles;
for (const file of report.testResults ?? []) {
  if (file.status === 'failed' && file.message) process.stderr.write(`failed to run ${file.name}: ${file.message.split('\n')[0]}\n`);
}
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

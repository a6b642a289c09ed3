// The one rule for "are we in CI?", shared by the test scripts (scripts/summarise-results.mjs) and
// the tests (test/helpers/ci.ts): CI is set to anything but "", "0" or "false". In CI an
// integration test whose server cannot start fails instead of skipping, and a skipped test fails
// the run. `.ci/run` sets CI=true itself.

/**
 * @param {Readonly<Record<string, string | undefined>>} env
 * @returns {boolean}
 */
export function isCi(env) {
  const value = (env['CI'] ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

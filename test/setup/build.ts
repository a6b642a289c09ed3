/**
 * Builds the package once before any test runs, so the tests that exercise the published shape
 * (package checks, the CLI as a child process) all see the same fresh dist/.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function buildOnce(): void {
  const root = new URL('../../', import.meta.url).pathname;
  execFileSync(join(root, 'node_modules', '.bin', 'tsup'), [], { cwd: root, stdio: 'pipe' });
}

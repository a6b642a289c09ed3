#!/usr/bin/env node
/**
 * The `canary-judge` executable: the only module that touches `process`. It hands the streams,
 * the environment and the shutdown signals to `runCli` and sets the exit code it returns.
 *
 * Built as CommonJS (dist/cli/main.cjs and its chunks beside it, see tsup.config.ts): node starts a
 * CommonJS file without its ES module loader, and `require` of node's own modules builds none of the
 * module facades an `import` does, which together is about a tenth of a `judge` run's start-up.
 */
import module from 'node:module';
import v8 from 'node:v8';

/**
 * How much a function runs before V8 considers optimizing it, on a node without a compile cache:
 * about 15 times node 20's default. A `judge` of a few thousand points is over in a fraction of a
 * second, before most optimized code would pay for its compilation (which takes the second core
 * from the judgement). Measured on the bundled example, net of loading node's `v8` module (about
 * 25 ms: it loads node's streams): a sixth less CPU, and a seventh less wall time with the other
 * core busy (little when it is idle); a 100-metric × 10,000-point judgement takes as long as before
 * (docs/performance.md).
 */
const OPTIMIZATION_BUDGET = 1_000_000;

const enableCompileCache = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
if (enableCompileCache !== undefined) {
  // Node 22.1+ can cache compiled code between runs, which shortens every start after the first.
  enableCompileCache();
} else {
  // Node 20, whose V8 knows this flag; it applies to the functions compiled from here on.
  v8.setFlagsFromString(`--interrupt-budget=${OPTIMIZATION_BUDGET}`);
}

let stdout: NodeJS.WriteStream | undefined;

/**
 * process.stdout, opened on first use (opening a standard stream costs start-up time; `--quiet`
 * never writes to it). A closed pipe (`canary-judge judge ... | head -1`) is not an error worth a
 * stack trace.
 */
function standardOutput(): NodeJS.WriteStream {
  if (stdout === undefined) {
    stdout = process.stdout;
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return stdout;
}

// Imported after the cache is enabled, so the CLI's own code benefits from it (the build turns this
// import into a require of the chunk).
void import('./run.js').then(async ({ runCli }) => {
  process.exitCode = await runCli(process.argv.slice(2), {
    // Getters: each standard stream is opened only when the command uses it.
    get stdout() {
      return standardOutput();
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    onShutdownSignal(listener) {
      const signals = ['SIGINT', 'SIGTERM'] as const;
      for (const signal of signals) process.once(signal, listener);
      return () => {
        for (const signal of signals) process.off(signal, listener);
      };
    },
  });
});

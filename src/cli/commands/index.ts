/**
 * The command table. Adding a command is one file in this folder exporting `command` (see
 * `../parse.ts` for the `Command` shape) plus one entry here. Entries hold only what the top-level
 * help needs; each command's module is imported when that command runs, so start-up loads only
 * the code of the command in use.
 */
import type { Command } from '../parse.js';

/** A row of the table. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<{ readonly command: Command }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'judge', summary: 'Judge a canary: data + config -> verdict, score and report', load: () => import('./judge.js') },
  { name: 'fetch', summary: 'Fetch baseline and canary series from Prometheus or CloudWatch into a data file', load: () => import('./fetch.js') },
  { name: 'run', summary: 'Fetch from Prometheus or CloudWatch and judge in one step (exit code = verdict)', load: () => import('./fetch-and-judge.js') },
  { name: 'watch', summary: 'Judge a running canary at every tick with confidence sequences until the verdict is final', load: () => import('./watch.js') },
  { name: 'validate', summary: 'Check a config (and data) against the schema without judging', load: () => import('./validate.js') },
  { name: 'schema', summary: 'Print the JSON Schema of the config or of the data', load: () => import('./schema.js') },
  { name: 'serve', summary: 'Run the judge as an HTTP service (Kayenta remote judge, Argo Rollouts, Flagger)', load: () => import('./serve.js') },
];

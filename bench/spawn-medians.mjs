/**
 * Times node commands from a small parent process: each command is spawned RUNS times after two
 * warm-up rounds, the commands taking turns (so a burst of load slows them alike), and the median
 * wall time of each is printed as JSON. cli-startup.bench.ts runs this instead of spawning from its
 * own process: forking a parent that holds the benchmark's data costs more for every child alike,
 * which adds the same constant to the CLI and to `node -e 0` and so flatters their ratio.
 *
 * Usage: node bench/spawn-medians.mjs '{"runs": 21, "cwd": ".", "commands": [["-e", "0"], ["dist/cli/main.cjs", "--version"]]}'
 */
import { spawnSync } from 'node:child_process';

const { runs, cwd, commands } = JSON.parse(process.argv[2]);
const durations = commands.map(() => []);
for (let run = 0; run < runs + 2; run++) {
  commands.forEach((args, index) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    const elapsed = performance.now() - started;
    if (result.error !== undefined) throw result.error;
    if (run >= 2) durations[index].push(elapsed);
  });
}
const medians = durations.map((list) => {
  list.sort((a, b) => a - b);
  return list[Math.floor(list.length / 2)];
});
process.stdout.write(`${JSON.stringify(medians)}\n`);

/**
 * The one-line progress display of a fetch on a terminal (nothing when stderr is not a terminal
 * or the command is quiet).
 */
import type { CommandContext } from '../parse.js';

/** A one-line progress display on a terminal: redrawn in place, cleared when done. */
export function progressLine(context: CommandContext): { show(text: string): void; clear(): void } {
  const { stderr } = context.io;
  if (stderr.isTTY !== true || context.quiet) return { show: () => {}, clear: () => {} };
  const columns = (stderr as { columns?: unknown }).columns;
  const width = typeof columns === 'number' && columns > 20 ? columns - 1 : 79;
  let shown = false;
  return {
    show(text) {
      const line = `canary-judge: ${text}`.replace(/[\u0000-\u001f\u007f]/g, ' ');
      stderr.write(`\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}

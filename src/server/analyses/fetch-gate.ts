/**
 * A gate that lets at most `limit` analyses fetch at once; the others wait their turn (first come,
 * first served) without costing the event loop anything. Fetching runs on the server's main thread:
 * without a bound, twenty analyses of eight queries each put 160 requests' callbacks in the same
 * turns of the event loop, and `/healthz` waits behind all of them.
 */

/** Runs tasks with at most `limit` at once. */
export interface FetchGate {
  /**
   * Runs `task` once a place is free. A `signal` aborted while waiting rejects with its reason and
   * gives the place up (the task never runs).
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running and waiting now. */
  readonly running: number;
  readonly waiting: number;
}

/**
 * Creates a gate of `limit` places.
 *
 * @example
 * const gate = createFetchGate(1);
 * await gate.run(async () => 42) // => 42
 */
export function createFetchGate(limit: number): FetchGate {
  const places = Math.max(1, Math.floor(limit));
  let running = 0;
  const queue: (() => void)[] = [];

  const release = () => {
    running--;
    const next = queue.shift();
    if (next !== undefined) next();
  };

  return {
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    async run(task, signal) {
      if (running >= places) {
        await new Promise<void>((resolve, reject) => {
          const enter = () => {
            signal?.removeEventListener('abort', leave);
            running++;
            resolve();
          };
          const leave = () => {
            const index = queue.indexOf(enter);
            if (index !== -1) queue.splice(index, 1);
            reject(signal?.reason);
          };
          if (signal?.aborted === true) return reject(signal.reason);
          signal?.addEventListener('abort', leave, { once: true });
          queue.push(enter);
        });
      } else {
        signal?.throwIfAborted();
        running++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

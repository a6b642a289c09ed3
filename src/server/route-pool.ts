/**
 * The server's worker pool (piscina): parsing, judging and report rendering run on worker threads so
 * the event loop stays free for `/healthz` and for reading other requests. Bounded: a full queue is
 * refused at once, and a task over its time budget is cancelled (its worker is terminated and replaced).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { WorkerTasks } from './route-task.js';

/** How much lower the workers' CPU priority is than the main thread's (`nice` steps). */
const WORKER_NICE_INCREMENT = 5;

/** Sizes of the pool. */
export interface RoutePoolOptions {
  /** Worker threads. @default the number of cores (`os.availableParallelism()`) */
  readonly threads?: number;
  /** Requests that may wait for a free worker; more are refused (503). @default max(64, 16 × threads) */
  readonly maxQueue?: number;
  /**
   * The worker module (its exports `runRoute`, `judgeCollected` and `renderReport` run the tasks of
   * `WorkerTasks`). @default the server's own `route-worker`; tests substitute a worker that blocks
   * for a chosen time.
   */
  readonly workerFile?: string;
}

/** Why a task was not answered by the worker. */
export type PoolRefusal = 'queue-full' | 'timeout' | 'closed';

/** A task the pool refused, thrown by `runOrThrow` (the server answers 503 or 504). */
export class PoolRefusalError extends Error {
  override readonly name = 'PoolRefusalError';
  constructor(readonly refusal: PoolRefusal) {
    super(`the worker pool refused the task: ${refusal}`);
  }
}

/** The pool: run a task within a time budget, or learn why it was refused. */
export interface RoutePool {
  readonly threads: number;
  readonly maxQueue: number;
  /**
   * Runs the worker's export `name` on `task`; a refusal is returned, a worker's crash rejects.
   * `transfer`: buffers the task holds that move to the worker instead of being copied (they are
   * unusable here afterwards; see `transferableBody`).
   */
  run<Name extends keyof WorkerTasks>(name: Name, task: WorkerTasks[Name]['task'], budgetMs: number, transfer?: readonly ArrayBuffer[]): Promise<WorkerTasks[Name]['result'] | PoolRefusal>;
  /** As `run`, but a refusal rejects with `PoolRefusalError`. */
  runOrThrow<Name extends keyof WorkerTasks>(name: Name, task: WorkerTasks[Name]['task'], budgetMs: number): Promise<WorkerTasks[Name]['result']>;
  /** Stops the workers now; unfinished tasks are refused with `closed`. */
  destroy(): Promise<void>;
}

/**
 * Starts a pool of worker threads for the server's routes.
 *
 * @example
 * const pool = createRoutePool({ threads: 2 });
 * await pool.run('runRoute', { method: 'POST', path: '/judge', query: '', body: new TextEncoder().encode('{'), routeOptions: {} }, 5_000)
 * // => { status: 400, headers: {}, text: '{"error":{"code":"invalid_json",…}}' }
 */
export function createRoutePool(options: RoutePoolOptions = {}): RoutePool {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const maxQueue = Math.max(0, Math.floor(options.maxQueue ?? Math.max(64, 16 * threads)));
  const piscina = new Piscina({
    filename: options.workerFile ?? workerFile(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // piscina's own bound is one above ours: the check below answers 503 before piscina would throw.
    maxQueue: maxQueue + 1,
    // Workers run at a lower CPU priority than the main thread (Linux; ignored where unsupported):
    // on a busy machine the event loop that answers /healthz and moves bytes runs first.
    niceIncrement: WORKER_NICE_INCREMENT,
    // Worker heaps are bounded: a hostile body fails its own worker (answered 500), not the process.
    resourceLimits: { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 12 },
  });
  // A worker that dies is replaced by piscina; the error reaches the task that was running.
  piscina.on('error', () => {});
  let destroyed = false;

  const run: RoutePool['run'] = async (name, task, budgetMs, transfer) => {
    if (destroyed) return 'closed';
    if (piscina.queueSize >= maxQueue && piscina.idleThreads === 0) return 'queue-full';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budgetMs);
    try {
      return await piscina.run(task, { name, signal: controller.signal, ...(transfer === undefined || transfer.length === 0 ? {} : { transferList: [...transfer] }) });
    } catch (error) {
      if (controller.signal.aborted) return 'timeout';
      if (destroyed) return 'closed';
      if (error instanceof Error && /queue is at limit/i.test(error.message)) return 'queue-full';
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    threads,
    maxQueue,
    run,
    async runOrThrow(name, task, budgetMs) {
      const result = await run(name, task, budgetMs);
      if (result === 'queue-full' || result === 'timeout' || result === 'closed') throw new PoolRefusalError(result);
      return result;
    },
    async destroy() {
      destroyed = true;
      await piscina.destroy();
    },
  };
}

/**
 * The buffer to move (not copy) to a worker with a request body: the body's own ArrayBuffer when it
 * spans all of it. A small Buffer lives in a slice of Node's shared pool, which must never be
 * moved (that would detach every other Buffer in it): it is copied, which costs little.
 *
 * @example
 * transferableBody(Buffer.from('{}')) // => []
 */
export function transferableBody(body: Uint8Array): ArrayBuffer[] {
  const buffer = body.buffer;
  return buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === buffer.byteLength && body.byteLength > 0 ? [buffer] : [];
}

/**
 * The worker's entry file: `route-worker.cjs` beside the built CLI's chunks (dist/cli/), or,
 * running from the TypeScript source, the entry that registers tsx first.
 */
function workerFile(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return fileURLToPath(new URL('./route-worker-source.mjs', here));
  const path = fileURLToPath(new URL('./route-worker.cjs', here));
  if (existsSync(path)) return path;
  throw new Error('canary-judge: the server worker (route-worker.cjs) is missing from the installed package');
}

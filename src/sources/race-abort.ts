/**
 * Settles with a promise, or rejects with the signal's reason as soon as the signal aborts, for
 * transports that do not honour an AbortSignal themselves (or honour it late).
 */

/**
 * @example
 * await raceAbort(Promise.resolve(1), new AbortController().signal) // => 1
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

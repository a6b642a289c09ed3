/**
 * Reads a request body as raw bytes, refusing more than a byte limit or a body that does not
 * arrive in time. Parsing happens on a worker thread, not here.
 */
import type { IncomingMessage } from 'node:http';

/** The body's bytes, or why it could not be read. */
export type BodyResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: 'too-large' | 'timeout' | 'aborted'; readonly message: string };

/**
 * Collects the body of `request`, up to `limitBytes` and until `deadline` (a `Date.now()` value).
 * A body announced or found to be larger than the limit stops the read early with `too-large`; one
 * still arriving at the deadline (trickled, or stalled) stops with `timeout`.
 *
 * @example
 * const body = await readBody(request, 1_048_576, Date.now() + 30_000);
 * body.ok ? body.bytes.length : body.reason // => e.g. 512, or 'too-large'
 */
export function readBody(request: IncomingMessage, limitBytes: number, deadline: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const announced = Number(request.headers['content-length']);
    if (Number.isFinite(announced) && announced > limitBytes) {
      resolve({ ok: false, reason: 'too-large', message: `request body is larger than the limit of ${limitBytes} bytes` });
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onData);
      if (!result.ok) chunks.length = 0;
      resolve(result);
    };
    const timer = setTimeout(
      () => settle({ ok: false, reason: 'timeout', message: `request body not received within the time limit (${received} bytes arrived)` }),
      Math.max(0, deadline - Date.now()),
    );
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        settle({ ok: false, reason: 'too-large', message: `request body is larger than the limit of ${limitBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => settle({ ok: true, bytes: Buffer.concat(chunks) }));
    request.on('aborted', () => settle({ ok: false, reason: 'aborted', message: 'request was aborted' }));
    request.on('error', () => settle({ ok: false, reason: 'aborted', message: 'request could not be read' }));
    request.on('close', () => settle({ ok: false, reason: 'aborted', message: 'connection closed before the body arrived' }));
  });
}

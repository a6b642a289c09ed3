/**
 * Reads a request body as JSON, refusing more than a byte limit.
 */
import type { IncomingMessage } from 'node:http';

/** The body as parsed JSON, or why it could not be read. */
export type JsonBodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'too-large' | 'invalid-json' | 'aborted'; readonly message: string };

/**
 * Collects the body of `request` (up to `limitBytes`) and parses it as JSON. A body announced or
 * found to be larger than the limit stops the read early with `too-large`; an empty body is invalid JSON.
 *
 * @example
 * const body = await readJsonBody(request, 1_048_576);
 * body.ok ? body.value : body.message // => the parsed JSON, or e.g. 'request body is larger than 1048576 bytes'
 */
export function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<JsonBodyResult> {
  return new Promise((resolve) => {
    const tooLarge = (): JsonBodyResult => ({
      ok: false,
      reason: 'too-large',
      message: `request body is larger than the limit of ${limitBytes} bytes`,
    });
    const announced = Number(request.headers['content-length']);
    if (Number.isFinite(announced) && announced > limitBytes) {
      resolve(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: JsonBodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limitBytes) {
        chunks.length = 0;
        settle(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        settle({ ok: true, value: JSON.parse(text) as unknown });
      } catch (error) {
        const detail = error instanceof Error ? error.message : 'unreadable';
        settle({ ok: false, reason: 'invalid-json', message: text.trim() === '' ? 'request body is empty; expected JSON' : `request body is not valid JSON: ${detail}` });
      }
    });
    request.on('aborted', () => settle({ ok: false, reason: 'aborted', message: 'request was aborted' }));
    request.on('error', () => settle({ ok: false, reason: 'aborted', message: 'request could not be read' }));
  });
}

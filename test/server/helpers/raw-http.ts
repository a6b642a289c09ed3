/**
 * A hand-driven HTTP/1.1 client over a raw socket, for tests that need a request in a precise phase
 * (headers half sent, body not sent, fully sent) at a precise moment.
 */
import { connect, type Socket } from 'node:net';

/** A response as read off the socket. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One request on its own connection, sent piece by piece. */
export interface RawRequest {
  readonly socket: Socket;
  /** Resolves once connected. */
  readonly connected: Promise<void>;
  /** Writes the request bytes in `[from, to)` (the whole request is head + body). */
  write(from: number, to?: number): Promise<void>;
  /** Number of bytes of the whole request. */
  readonly length: number;
  /** Offset where the body starts. */
  readonly bodyOffset: number;
  /** The first response read off the connection; rejects on a reset or a close without one. */
  readonly response: Promise<RawResponse>;
  /** Resolves when the connection has closed (`hadError` true on a reset). */
  readonly closed: Promise<{ hadError: boolean }>;
}

/**
 * Opens a connection to 127.0.0.1:`port` for `POST path` with `body` (the request is not sent yet).
 *
 * @example
 * const request = rawPost(port, '/v1/judge', '{}'); await request.connected; await request.write(0);
 * (await request.response).status // => 400
 */
export function rawPost(port: number, path: string, body: string, extraHeaders = ''): RawRequest {
  const head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n${extraHeaders}\r\n`;
  const bytes = Buffer.from(head + body, 'utf8');
  const socket = connect(port, '127.0.0.1');
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  connected.catch(() => undefined);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<{ hadError: boolean }>((resolve) => socket.once('close', (hadError) => resolve({ hadError })));
  const response = (async () => {
    const { hadError } = await closed;
    const text = Buffer.concat(chunks).toString('utf8');
    const parsed = parseResponse(text);
    if (parsed === undefined) throw new Error(`connection closed without a response${hadError ? ' (reset)' : ''}: ${JSON.stringify(text.slice(0, 200))}`);
    return parsed;
  })();
  response.catch(() => undefined);
  return {
    socket,
    connected,
    length: bytes.length,
    bodyOffset: Buffer.byteLength(head),
    write: (from, to = bytes.length) =>
      new Promise<void>((resolve, reject) => socket.write(bytes.subarray(from, to), (error) => (error ? reject(error) : resolve()))),
    response,
    closed,
  };
}

/** Parses the first HTTP response in `text` (content-length framed). */
export function parseResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const match = /^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '');
  if (match === null) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? '0');
  const body = Buffer.from(text.slice(end + 4), 'utf8').subarray(0, length).toString('utf8');
  return { status: Number(match[1]), headers, body };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Graceful shutdown: close() stops accepting connections but lets the request in flight finish.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createJudgeServer } from '../../src/server/index.js';

describe('close()', () => {
  it('finishes the in-flight request, refuses new connections, and resolves', async () => {
    const server = createJudgeServer();
    const { port } = await server.listen(0, '127.0.0.1');
    const body = JSON.stringify({
      canaryConfig: { metrics: [{ name: 'cpu', groups: ['g'] }], classifier: {} },
      scoreThresholds: { pass: 95, marginal: 75 },
      metricSetPairList: [{ name: 'cpu', values: { control: [1, 2, 3], experiment: [1, 2, 3] } }],
    });

    // Send the headers and half the body, then close the server, then send the rest.
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`POST /judge HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    socket.write(body.slice(20));
    await socketClosed;
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain('"judgeName":"NetflixACAJudge-v1.0"');
    expect(server.server.listening).toBe(false);
    await server.close(); // idempotent
  });

  it('resolves at once when the server never listened, and listen() rejects on a taken port', async () => {
    await createJudgeServer().close();
    const first = createJudgeServer();
    const { port } = await first.listen(0, '127.0.0.1');
    await expect(createJudgeServer().listen(port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
    await first.close();
  });
});

describe('unexpected errors', () => {
  it('answer a bare 500 without details and report the error to onError', async () => {
    const reported: unknown[] = [];
    // An invalid seed makes the judge throw an error that is not a validation problem.
    const server = createJudgeServer({ kayenta: { seed: Number.NaN }, onError: (error) => reported.push(error) });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/judge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          canaryConfig: { metrics: [{ name: 'cpu', groups: ['g'] }], classifier: {} },
          scoreThresholds: { pass: 95, marginal: 75 },
          metricSetPairList: [{ name: 'cpu', values: { control: [1, 2, 3], experiment: [4, 5, 6] } }],
        }),
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: 'internal_error', message: 'internal error' } });
      expect(reported).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

/**
 * A large request body moves to the worker thread instead of being copied on the event loop; a small
 * one, living in Node's shared Buffer pool, is copied (moving it would detach its neighbours).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRoutePool, transferableBody } from '../../src/server/route-pool.js';

const pool = createRoutePool({ threads: 1 });
afterAll(() => pool.destroy());

describe('request bodies handed to the worker', () => {
  it('moves a body that owns its buffer: the worker answers, and the buffer is gone from this thread', async () => {
    const body = Buffer.concat([Buffer.from('{'), Buffer.alloc(64 * 1024, ' '), Buffer.from('"config":')]);
    expect(transferableBody(body)).toEqual([body.buffer]);
    const answer = await pool.run('runRoute', { method: 'POST', path: '/v1/judge', query: '', body, routeOptions: {} }, 20_000, transferableBody(body));
    expect(answer).toMatchObject({ status: 400 });
    expect(JSON.parse((answer as { text: string }).text).error.code).toBe('invalid_json');
    expect(body.byteLength).toBe(0);
  });

  it('copies a small body from the shared pool, leaving it (and its neighbours) intact', async () => {
    const neighbour = Buffer.from('neighbour');
    const body = Buffer.from('{');
    expect(body.buffer).toBe(neighbour.buffer);
    expect(transferableBody(body)).toEqual([]);
    const answer = await pool.run('runRoute', { method: 'POST', path: '/v1/judge', query: '', body, routeOptions: {} }, 20_000, transferableBody(body));
    expect(answer).toMatchObject({ status: 400 });
    expect(body.toString()).toBe('{');
    expect(neighbour.toString()).toBe('neighbour');
  });
});

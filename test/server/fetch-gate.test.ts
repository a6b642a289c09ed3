/**
 * The analyses' fetch gate: at most `limit` fetch at once, the rest wait in arrival order, and one
 * aborted while waiting never runs and gives its place up.
 */
import { describe, expect, it } from 'vitest';
import { createFetchGate } from '../../src/server/analyses/fetch-gate.js';

/** A task that runs until `finish()` is called, recording when it started. */
function controllable(log: string[], name: string) {
  let finish: () => void = () => {};
  const done = new Promise<string>((resolve) => (finish = () => resolve(name)));
  return {
    task: () => {
      log.push(name);
      return done;
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('fetch gate', () => {
  it('runs at most `limit` tasks at once, then the waiting ones in arrival order', async () => {
    const gate = createFetchGate(2);
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => controllable(log, name));
    const results = tasks.map((entry) => gate.run(entry.task));
    await settle();
    expect(log).toEqual(['a', 'b']);
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 2, waiting: 2 });
    tasks[1]?.finish();
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
    tasks[0]?.finish();
    tasks[2]?.finish();
    await settle();
    tasks[3]?.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect({ running: gate.running, waiting: gate.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it('a task aborted while waiting rejects with the abort reason, never runs, and frees its place', async () => {
    const gate = createFetchGate(1);
    const log: string[] = [];
    const first = controllable(log, 'first');
    const waiting = controllable(log, 'waiting');
    const last = controllable(log, 'last');
    const controller = new AbortController();
    const running = gate.run(first.task);
    const aborted = gate.run(waiting.task, controller.signal);
    const after = gate.run(last.task);
    controller.abort(new Error('time limit'));
    await expect(aborted).rejects.toThrow('time limit');
    expect(gate.waiting).toBe(1);
    first.finish();
    await running;
    await settle();
    last.finish();
    await after;
    expect(log).toEqual(['first', 'last']);
  });

  it('a task whose signal is already aborted never runs; a failing task frees its place', async () => {
    const gate = createFetchGate(1);
    await expect(gate.run(async () => 'ran', AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'next')).toBe('next');
    expect(gate.running).toBe(0);
  });
});

// A stand-in route worker (exports runRoute, as the real one does) for the server's pool tests: the body `{ "sleepMs": N }` blocks its worker
// thread for N ms (as a long judgement would), then answers 200 with `{ "slept": N, "path": … }`.
export function runRoute(task) {
  const text = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength).toString('utf8');
  let sleepMs = 0;
  try {
    sleepMs = Number(JSON.parse(text).sleepMs) || 0;
  } catch {
    return { status: 400, headers: {}, text: '{"error":{"code":"invalid_json","message":"bad"}}' };
  }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleepMs);
  return { status: 200, headers: {}, text: JSON.stringify({ slept: sleepMs, path: task.path }) };
}

// A stand-in route worker (same exports as the real one) for the server's pool tests.
// runRoute: the body `{ "sleepMs": N }` blocks its worker thread for N ms (as a long judgement
// would), then answers 200 with `{ "slept": N, "path": … }`.
// judgeCollected: blocks for `data.sleepMs` ms, throws when `data.crash` is set, then answers a
// minimal Judgement. renderReport: a one-line page.
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function runRoute(task) {
  const text = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength).toString('utf8');
  let sleepMs = 0;
  try {
    sleepMs = Number(JSON.parse(text).sleepMs) || 0;
  } catch {
    return { status: 400, headers: {}, text: '{"error":{"code":"invalid_json","message":"bad"}}' };
  }
  sleep(sleepMs);
  return { status: 200, headers: {}, text: JSON.stringify({ slept: sleepMs, path: task.path }) };
}

export function judgeCollected(task) {
  sleep(Number(task.data.sleepMs) || 0);
  if (task.data.crash) throw new TypeError(`judge crashed on ${task.config.metrics.length} metrics`);
  return { verdict: 'pass', score: 100, metrics: [], summary: { slept: task.data.sleepMs } };
}

export function renderReport(task) {
  return `<!doctype html><title>${task.judgement.verdict}</title>`;
}

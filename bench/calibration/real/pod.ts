/**
 * One "pod" of the A/A recording: a small node:http service started by record.ts as a child
 * process. Both pods run exactly this code. Each request does a little of what a real service
 * does: builds, serialises and parses a JSON document of a few KB, runs a CPU-bound loop of random
 * length, looks up and fills a bounded in-memory cache (which grows during the first minutes, as a
 * warming cache does), and now and then allocates a large buffer that is kept for a while, so the
 * garbage collector has real work.
 *
 * The parent asks for a sample once per second over IPC; the pod answers with the CPU time used
 * since the previous sample (process.cpuUsage, user + system) and the heap in use at that moment.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const CACHE_KEYS = 20_000;
const LARGE_EVERY = 25;
const LARGE_KEEP = 12;

const cache = new Map<number, string>();
const retained: Float64Array[] = [];
let served = 0;

function document(size: number): Record<string, unknown> {
  const items = new Array<Record<string, unknown>>(size);
  for (let i = 0; i < size; i++) {
    items[i] = {
      id: `${Math.floor(Math.random() * 1e9).toString(36)}-${i}`,
      price: Math.round(Math.random() * 10_000) / 100,
      tags: ['alpha', 'beta', 'gamma'].slice(0, 1 + (i % 3)),
      active: Math.random() < 0.5,
    };
  }
  return { page: size, generatedAt: Date.now(), items };
}

function spin(iterations: number): number {
  let accumulator = 0;
  for (let i = 1; i <= iterations; i++) accumulator += Math.sqrt(i) % 7;
  return accumulator;
}

function handle(_request: IncomingMessage, response: ServerResponse): void {
  served++;
  const body = JSON.stringify(document(30 + Math.floor(Math.random() * 40)));
  const parsed = JSON.parse(body) as { items: { price: number }[] };
  let total = 0;
  for (const item of parsed.items) total += item.price;
  const checksum = spin(20_000 + Math.floor(Math.random() * 120_000));
  const key = Math.floor(Math.random() * CACHE_KEYS);
  let entry = cache.get(key);
  if (entry === undefined) {
    entry = body.slice(0, 1024);
    cache.set(key, entry);
  }
  if (served % LARGE_EVERY === 0) {
    retained.push(new Float64Array(65_536 + Math.floor(Math.random() * 393_216)).fill(total));
    if (retained.length > LARGE_KEEP) retained.shift();
  }
  const reply = JSON.stringify({ items: parsed.items.length, total: Math.round(total * 100) / 100, checksum: Math.round(checksum), cached: cache.size });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
  response.end(reply);
}

const server = createServer(handle);
server.keepAliveTimeout = 60_000;
let lastCpu = process.cpuUsage();

process.on('message', (message: { type: string }) => {
  if (message.type === 'sample') {
    const delta = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    process.send?.({ type: 'sample', cpuMicros: delta.user + delta.system, heapUsed: process.memoryUsage().heapUsed, served });
  } else if (message.type === 'stop') {
    server.close();
    process.disconnect();
  }
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('pod: no TCP address');
  lastCpu = process.cpuUsage();
  process.send?.({ type: 'ready', port: address.port, pid: process.pid });
});

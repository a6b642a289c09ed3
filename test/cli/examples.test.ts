/**
 * The bundled examples are exactly what their seeded generator makes, and their configs are valid.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeParseConfig, safeParseData } from 'canary-judge';

const root = new URL('../../', import.meta.url).pathname;
const examples = join(root, 'examples');
const names = ['healthy-canary', 'latency-regression', 'error-spike', 'low-traffic', 'slow-leak'];

describe('examples', () => {
  it('are reproduced byte for byte by examples/generate.ts', () => {
    const output = mkdtempSync(join(tmpdir(), 'canary-judge-examples-'));
    try {
      execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [join(examples, 'generate.ts'), output], { cwd: root, stdio: 'pipe' });
      for (const name of [...names, 'kayenta']) {
        for (const file of readdirSync(join(output, name))) {
          expect(readFileSync(join(output, name, file), 'utf8'), `${name}/${file}`).toBe(readFileSync(join(examples, name, file), 'utf8'));
        }
      }
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  }, 60_000);

  it.each(names)('%s has a valid config and valid data', (name) => {
    const config = JSON.parse(readFileSync(join(examples, name, 'config.json'), 'utf8')) as unknown;
    const data = JSON.parse(readFileSync(join(examples, name, 'data.json'), 'utf8')) as unknown;
    expect(safeParseConfig(config).ok).toBe(true);
    expect(safeParseData(data).ok).toBe(true);
  });
});

describe('examples/canary-config.schema.json', () => {
  it('is the current schema (regenerate: node dist/cli/main.cjs schema > examples/canary-config.schema.json)', async () => {
    // What `canary-judge schema` prints: the core's schema with the `cloudwatch` key's shape filled in.
    const { configJsonSchema } = await import('canary-judge');
    const { withCloudWatchJsonSchema } = await import('../../src/cloudwatch.js');
    const saved = JSON.parse(readFileSync(join(examples, 'canary-config.schema.json'), 'utf8')) as unknown;
    expect(saved).toEqual(withCloudWatchJsonSchema(configJsonSchema()));
  });

  it('describes the `cloudwatch` key, which the core schema leaves an open object', async () => {
    const { configJsonSchema } = await import('canary-judge');
    const metricKeys = (schema: unknown) => (schema as { properties: { metrics: { items: { properties: Record<string, { anyOf?: unknown[]; type?: string }> } } } }).properties.metrics.items.properties;
    const saved = JSON.parse(readFileSync(join(examples, 'canary-config.schema.json'), 'utf8')) as unknown;
    expect(metricKeys(saved)['cloudwatch']?.anyOf).toHaveLength(2);
    expect(JSON.stringify(metricKeys(saved)['cloudwatch'])).toContain('"metricName"');
    expect(metricKeys(configJsonSchema())['cloudwatch']?.type).toBe('object');
    expect(JSON.stringify(configJsonSchema())).not.toContain('"metricName"');
  });
});

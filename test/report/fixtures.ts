/** Judgements the report tests render: the bundled examples, and one with hostile metric names. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { judge, type CanaryConfigInput, type Judgement } from 'canary-judge';

const examples = new URL('../../examples/', import.meta.url).pathname;

export function loadExample(name: string): { config: unknown; data: unknown } {
  return {
    config: JSON.parse(readFileSync(join(examples, name, 'config.json'), 'utf8')) as unknown,
    data: JSON.parse(readFileSync(join(examples, name, 'data.json'), 'utf8')) as unknown,
  };
}

export function judgeExample(name: string): { judgement: Judgement; data: unknown } {
  const { config, data } = loadExample(name);
  return { judgement: judge(config as Parameters<typeof judge>[0], data), data };
}

/** A metric name that would run script if any renderer forgot to escape it. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
/** A name with terminal escapes and Markdown table syntax. */
export const MESSY_NAME = 'cpu | \u001b[31mred\u001b[0m *bold* [link](http://example.com)';

/** Latency with timestamps under a hostile name, errors under a messy one. */
export function hostileCase(): { judgement: Judgement; data: unknown } {
  const start = 1_795_183_200;
  const baseline = Array.from({ length: 200 }, (_, index) => 100 + ((index * 37) % 23));
  const canary = Array.from({ length: 200 }, (_, index) => 104 + ((index * 41) % 23));
  const timestamps = Array.from({ length: 200 }, (_, index) => start + 9 * index);
  const config: CanaryConfigInput = {
    metrics: [
      { name: HOSTILE_NAME, test: 'mann-whitney', margin: { relative: 0.1 }, group: '<b>group</b>' },
      { name: MESSY_NAME, test: 'mean-ratio', direction: 'either', margin: { relative: 0.2 } },
      { name: 'missing', test: 'mann-whitney' },
    ],
  };
  const data = {
    metrics: {
      [HOSTILE_NAME]: { baseline: { values: baseline, timestamps }, canary: { values: canary, timestamps } },
      [MESSY_NAME]: { baseline: baseline.map((value) => value / 2), canary: canary.map((value) => value / 2) },
    },
  };
  return { judgement: judge(config, data), data };
}

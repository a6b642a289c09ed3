/**
 * The deployment files hold what docs/orchestrators.md says: the ConfigMap's two templates and the
 * templates shown in the docs are valid analysis templates (the server would start on them), the
 * Deployment probes /healthz and runs as non-root, and the Dockerfile is a Node 20 multi-stage build
 * running `canary-judge serve` as an unprivileged user with the analyses directory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnalysisTemplate } from '../../src/server/index.js';

const root = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The `NAME.json: |` blocks of the ConfigMap (a literal block, indented 4 spaces). */
function configMapTemplates(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const match = /^ {2}([\w.-]+)\.json: \|$/.exec(line);
    if (match === null) return;
    const body: string[] = [];
    for (let next = index + 1; next < lines.length && (lines[next] as string).startsWith('    '); next++) body.push((lines[next] as string).slice(4));
    found.set(match[1] as string, body.join('\n'));
  });
  return found;
}

describe('deploy/', () => {
  it('the ConfigMap holds two valid templates: checkout (Argo Rollouts) and podinfo (Flagger, ${name}-primary against ${name})', () => {
    const templates = configMapTemplates(read('deploy/configmap.yaml'));
    expect([...templates.keys()]).toEqual(['checkout', 'podinfo']);
    const parsed = [...templates].map(([name, text]) => parseAnalysisTemplate(name, JSON.parse(text)));
    for (const result of parsed) expect(result.ok, JSON.stringify(result)).toBe(true);
    const [checkout, podinfo] = parsed.map((result) => (result.ok ? result.template : undefined));
    expect(checkout?.variables).toEqual(['namespace']);
    expect(podinfo?.variables).toEqual(['name', 'namespace']);
    expect(podinfo?.scopes).toEqual({ baseline: '${name}-primary', canary: '${name}' });
  });

  it('the Deployment probes /healthz, requests resources, runs as non-root and mounts the analyses', () => {
    const deployment = read('deploy/deployment.yaml');
    expect(deployment.match(/httpGet: \{ path: \/healthz, port: http \}/g)).toHaveLength(2);
    expect(deployment).toMatch(/requests: \{ cpu: \d+m, memory: \d+Mi \}/);
    expect(deployment).toMatch(/runAsNonRoot: true/);
    expect(deployment).toMatch(/--analyses=\/etc\/canary-judge\/analyses/);
    expect(deployment).toMatch(/mountPath: \/etc\/canary-judge\/analyses/);
    expect(read('deploy/service.yaml')).toMatch(/kind: Service/);
  });

  it('the Dockerfile: two Node 20 stages, an unprivileged user, canary-judge serve with the analyses directory', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM node:20[\w.-]* AS \w+$/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "\/app\/dist\/cli\/main\.cjs", "serve"\]$/m);
    expect(dockerfile).toMatch(/"--analyses", "\/etc\/canary-judge\/analyses"/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });
});

describe('docs/orchestrators.md', () => {
  it('every analysis template it shows is valid', () => {
    const blocks = read('docs/orchestrators.md')
      .split('```json\n')
      .slice(1)
      .map((block) => block.split('\n```')[0] as string)
      .filter((block) => block.includes('"source"'));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      const parsed = parseAnalysisTemplate('example', JSON.parse(block));
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    }
  });
});

/**
 * Request validation: unknown keys accepted (Kayenta ignores them), known keys with a wrong type or
 * value reported with their JSON path, every problem at once; escaped templates accepted.
 */
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, judgeKayenta, safeParseKayentaRequest, type KayentaJudgeRequestInput } from 'canary-judge';

const validRequest = (): Record<string, unknown> => ({
  canaryConfig: {
    name: 'checkout',
    configVersion: 1.0,
    applications: ['ad-hoc'],
    judge: { name: 'RemoteJudge-v1.0', judgeConfigurations: {} },
    metrics: [
      {
        name: 'latency',
        query: { type: 'prometheus', serviceType: 'prometheus', queryType: 'PROMQL', customInlineTemplate: 'PromQL:avg(latency{version="$\\{scope}"})' },
        groups: ['perf'],
        analysisConfigurations: { canary: { direction: 'increase', effectSize: { measure: 'meanRatio', allowedIncrease: 1.1 } } },
        scopeName: 'default',
      },
    ],
    templates: { scoped: 'namespace="$\\{location}"' },
    classifier: { groupWeights: { perf: 100 }, scoreThresholds: { pass: 95, marginal: 75 } },
  },
  scoreThresholds: { pass: 95, marginal: 75 },
  metricSetPairList: [{ name: 'latency', id: 'x', tags: {}, values: { control: [1, 2, 'NaN'], experiment: [1, 2, 3] }, scopes: {}, attributes: {} }],
});

function issuesOf(input: unknown) {
  const parsed = safeParseKayentaRequest(input);
  if (parsed.ok) throw new Error('expected the request to be rejected');
  return parsed.issues;
}

describe('Kayenta request validation', () => {
  it('accepts a full request with unknown keys (Deck writes serviceType, queryType, …)', () => {
    const body = validRequest();
    (body['canaryConfig'] as Record<string, unknown>)['extensions'] = { canary: {} };
    body['somethingNew'] = true;
    expect(safeParseKayentaRequest(body).ok).toBe(true);
  });

  it('accepts escaped templates and unescapes them', () => {
    const parsed = safeParseKayentaRequest(validRequest());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.value.canaryConfig.templates).toEqual({ scoped: 'namespace="${location}"' });
    expect(parsed.value.canaryConfig.metrics[0]!.query!['customInlineTemplate']).toBe('PromQL:avg(latency{version="${scope}"})');
  });

  it('reads "NaN", "Infinity" and numeric strings as Kayenta does', () => {
    const body = validRequest();
    (body['metricSetPairList'] as Record<string, unknown>[])[0]!['values'] = { control: ['1.5', 'NaN', '-Infinity'], experiment: [2] };
    const parsed = safeParseKayentaRequest(body);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.value.metricSetPairList[0]!.values.control).toEqual([1.5, Number.NaN, Number.NEGATIVE_INFINITY]);
  });

  it('reports every wrong type or value among known keys, each with its JSON path', () => {
    const body = validRequest();
    const config = body['canaryConfig'] as Record<string, unknown>;
    const firstMetric = (config['metrics'] as Record<string, unknown>[])[0]!;
    firstMetric['analysisConfigurations'] = {
      canary: {
        direction: 'Increase',
        nanStrategy: 'none',
        critical: 'true',
        mustHaveData: 1,
        effectSize: { measure: 'ratio', allowedIncrease: '1.2' },
        outliers: { strategy: 'remove', outlierFactor: 0 },
      },
    };
    config['classifier'] = { groupWeights: { perf: 'heavy' } };
    (body['metricSetPairList'] as Record<string, unknown>[])[0]!['values'] = { control: [1, null, 'abc'] };
    body['scoreThresholds'] = { pass: 95 };

    const issues = issuesOf(body);
    const paths = issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'canaryConfig.metrics[0].analysisConfigurations.canary.direction',
        'canaryConfig.metrics[0].analysisConfigurations.canary.nanStrategy',
        'canaryConfig.metrics[0].analysisConfigurations.canary.critical',
        'canaryConfig.metrics[0].analysisConfigurations.canary.mustHaveData',
        'canaryConfig.metrics[0].analysisConfigurations.canary.effectSize.measure',
        'canaryConfig.metrics[0].analysisConfigurations.canary.effectSize.allowedIncrease',
        'canaryConfig.metrics[0].analysisConfigurations.canary.outliers.outlierFactor',
        'canaryConfig.classifier.groupWeights.perf',
        'metricSetPairList[0].values.control[1]',
        'metricSetPairList[0].values.control[2]',
        'metricSetPairList[0].values.experiment',
        'scoreThresholds.marginal',
      ]),
    );
    expect(issues).toHaveLength(12);
    const direction = issues.find((issue) => issue.path.endsWith('canary.direction'));
    expect(direction?.message).toBe(
      'expected one of "increase", "decrease", "either" (case-sensitive), received "Increase"; Kayenta would silently use "either"',
    );
    expect(issues.find((issue) => issue.path.endsWith('canary.critical'))?.message).toMatch(/expected true or false, received "true"/);
    expect(issues.find((issue) => issue.path === 'scoreThresholds.marginal')?.message).toMatch(/^Required: /);
  });

  it('reports pairs that name no configured metric, and missing classifier and groups', () => {
    const body = validRequest();
    const config = body['canaryConfig'] as Record<string, unknown>;
    delete config['classifier'];
    delete (config['metrics'] as Record<string, unknown>[])[0]!['groups'];
    (body['metricSetPairList'] as Record<string, unknown>[]).push({ name: 'unknown', values: { control: [], experiment: [] } });
    const issues = issuesOf(body);
    expect(issues.map((issue) => issue.path).sort()).toEqual(['canaryConfig.classifier', 'canaryConfig.metrics[0].groups', 'metricSetPairList[1].name']);
    expect(issues.find((issue) => issue.path === 'metricSetPairList[1].name')?.message).toMatch(/no metric named "unknown"/);
  });

  it('rejects a body that is not an object, listing the three required parts', () => {
    expect(issuesOf(null).map((issue) => issue.path)).toEqual(['(root)']);
    expect(issuesOf({}).map((issue) => issue.path)).toEqual(['canaryConfig', 'scoreThresholds', 'metricSetPairList']);
  });

  it('makes judgeKayenta throw ConfigValidationError with the same issues', () => {
    const body = validRequest();
    body['scoreThresholds'] = 'high';
    try {
      judgeKayenta(body as KayentaJudgeRequestInput);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      const issues = (error as ConfigValidationError).issues;
      expect(issues).toEqual([{ path: 'scoreThresholds', message: 'Invalid input: expected object, received string' }]);
      expect((error as Error).message).toMatch(/^Invalid canary-judge Kayenta judge request: 1 problem\n/);
    }
  });

  it('treats null as absent, as Kayenta\'s config lookups do', () => {
    const body = validRequest();
    const firstMetric = ((body['canaryConfig'] as Record<string, unknown>)['metrics'] as Record<string, unknown>[])[0]!;
    firstMetric['analysisConfigurations'] = { canary: { direction: null, effectSize: null, critical: null } };
    expect(safeParseKayentaRequest(body).ok).toBe(true);
  });
});

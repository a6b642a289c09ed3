/**
 * How a fetch's failure becomes an exit code: unreachable or refused credentials → 69, a query
 * or config the source rejects → 65, interrupted → 130, a bad option → 64.
 */
import { isSourceError } from '../../sources/source-error.js';
import { isCanaryJudgeError, type InvalidOptionError } from '../../shared/errors.js';
import { CliError, isCliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { BASIC_AUTH_ENV, BEARER_TOKEN_ENV } from './credentials.js';
import type { FetchFlags } from './fetch-flags.js';

/** Flags behind the options the library names in InvalidOptionError. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  start: '--start',
  end: '--end',
  step: '--step',
  url: '--prometheus-url',
  region: '--region',
  endpoint: '--endpoint',
  timeoutMs: '--timeout',
  bearerToken: 'the bearer token',
  basicAuth: 'the basic-auth credentials',
};

/** Turns a failure of the source or of `collect` into a CliError with the right exit code. */
export function fetchFailure(error: unknown, flags: FetchFlags, configLabel: string, commandName: string, interruptedBy: string | undefined): unknown {
  if (isCliError(error)) return error;
  if (isSourceError(error)) {
    if (error.code === 'ABORTED' && interruptedBy !== undefined) {
      return new CliError(`interrupted by ${interruptedBy} while fetching; nothing was written`, EXIT.interrupted);
    }
    const metric = error.metric === undefined ? 'the metric' : `metric "${error.metric}"`;
    if (error.unavailable) {
      const hint =
        flags.source === 'prometheus'
          ? 'check --prometheus-url and that Prometheus is up and reachable from here; run again later if it is overloaded'
          : error.errorType === 'CredentialsProviderError'
            ? 'no AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role'
            : 'check --region, --endpoint and the network; run again later if CloudWatch is throttling';
      return new CliError(error.message, EXIT.unavailable, { hint });
    }
    switch (error.code) {
      case 'HTTP_STATUS':
        if (error.status === 400 || error.status === 422) {
          return new CliError(error.message, EXIT.invalidInput, { hint: `the source rejected the query of ${metric}: fix it in ${configLabel}` });
        }
        if (error.status === 401 || error.status === 403) {
          const hint =
            flags.source === 'prometheus'
              ? `check the credentials (--bearer-token-file, --basic-auth-file, ${BEARER_TOKEN_ENV}, ${BASIC_AUTH_ENV})`
              : 'check the AWS credentials and that they allow cloudwatch:GetMetricData';
          return new CliError(error.message, EXIT.unavailable, { hint });
        }
        return new CliError(error.message, EXIT.unavailable, {
          hint: flags.source === 'prometheus' ? 'check --prometheus-url: it is the base of the HTTP API, e.g. http://prometheus:9090' : 'check --region and --endpoint',
        });
      case 'BAD_RESPONSE':
        return new CliError(error.message, EXIT.unavailable, {
          hint: flags.source === 'prometheus' ? 'is --prometheus-url the base of a Prometheus HTTP API (e.g. http://prometheus:9090)?' : 'is --endpoint a CloudWatch endpoint?',
        });
      case 'INVALID_TEMPLATE':
        return new CliError(error.message, EXIT.invalidInput, {
          hint: /not defined/.test(error.message) ? 'define the variable with --var NAME=VALUE, or fix the query template' : `fix the query template of ${metric} in ${configLabel}`,
        });
      case 'AMBIGUOUS_SERIES':
      case 'NON_FINITE_VALUE':
        return new CliError(error.message, EXIT.invalidInput, { hint: `fix the query of ${metric} in ${configLabel}` });
      default:
        return new CliError(error.message, EXIT.unavailable);
    }
  }
  if (isCanaryJudgeError(error) && error.code === 'INVALID_OPTION' && 'option' in error) {
    const invalid = error as InvalidOptionError;
    const expected = `expected ${invalid.expected}`;
    if (invalid.option.startsWith('metrics[') || invalid.option.startsWith('config')) {
      return new CliError(`${configLabel} cannot be fetched from ${flags.source === 'prometheus' ? 'Prometheus' : 'CloudWatch'}`, EXIT.invalidInput, {
        issues: [{ path: invalid.option, message: expected }],
      });
    }
    const root = invalid.option.split('.')[0] as string;
    const flag =
      FLAG_OF_OPTION[root] ??
      (root === 'variables' ? `--var ${invalid.option.slice('variables.'.length)}` : root === 'baseline' || root === 'canary' ? `--${root}-scope / --location` : invalid.option);
    return new CliError(`${flag}: ${expected}`, EXIT.usage, { hint: `run 'canary-judge ${commandName} --help' for usage` });
  }
  return error;
}

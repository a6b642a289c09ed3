/**
 * The flags of `fetch` and `run` (also offered by `serve --analyses`), and the flags refused
 * whatever their value because they would put a secret on the command line.
 */
import type { OptionSpec } from '../parse.js';
import { MAX_INPUT_OPTION } from '../load-inputs.js';
import { BASIC_AUTH_ENV, BEARER_TOKEN_ENV } from './credentials.js';

/** The metric sources `--source` names. */
export const SOURCES = ['prometheus', 'cloudwatch'] as const;
export type SourceName = (typeof SOURCES)[number];

/** The flags of `fetch` and `run` (besides their own `--output` / `--format`). */
export const FETCH_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Judge configuration with a query per metric (JSON; "-" for standard input).' },
  source: { type: 'string', short: 's', valueName: 'SOURCE', description: 'Where the metrics are.', choices: SOURCES, defaultText: 'prometheus' },
  'prometheus-url': { type: 'string', valueName: 'URL', description: 'Base URL of the Prometheus HTTP API (Prometheus, Thanos, Mimir…), e.g. http://prometheus:9090.' },
  'bearer-token-file': {
    type: 'string',
    valueName: 'FILE',
    description: `File holding the Prometheus bearer token ("-": standard input); default: $${BEARER_TOKEN_ENV}.`,
  },
  'basic-auth-file': {
    type: 'string',
    valueName: 'FILE',
    description: `File holding "user:password" for Prometheus basic auth; default: $${BASIC_AUTH_ENV}.`,
  },
  header: {
    type: 'string',
    short: 'H',
    valueName: '"NAME: VALUE"',
    multiple: true,
    description: 'Extra HTTP header for Prometheus, e.g. "X-Scope-OrgID: tenant-1" (Mimir, Cortex, Thanos). Headers that carry credentials go in --header-file.',
  },
  'header-file': {
    type: 'string',
    valueName: 'FILE',
    description: 'File of extra Prometheus headers, one "NAME: VALUE" per line (# comments); for headers that carry secrets, such as an API key.',
  },
  retries: {
    type: 'string',
    valueName: 'N',
    description: 'Retries after the first attempt on network errors, timeouts, 5xx and 429 / throttling (0–10).',
    defaultText: '3 (Prometheus), 4 (CloudWatch)',
  },
  region: { type: 'string', valueName: 'REGION', description: 'AWS region for --source cloudwatch; default: $AWS_REGION, then $AWS_DEFAULT_REGION.' },
  endpoint: { type: 'string', valueName: 'URL', description: 'CloudWatch endpoint URL (a VPC endpoint, or a local moto server).' },
  start: { type: 'string', valueName: 'TIME', description: 'Start of the window: RFC 3339, epoch seconds, "now" or "now-DURATION" (e.g. now-1h).' },
  end: { type: 'string', valueName: 'TIME', description: 'End of the window, as --start.' },
  step: { type: 'string', valueName: 'STEP', description: 'Step between points: seconds or a duration such as 30s, 1m.', defaultText: 'automatic' },
  'baseline-scope': { type: 'string', valueName: 'SCOPE', description: 'Value of ${scope} in the baseline\'s queries (e.g. its version label).' },
  'canary-scope': { type: 'string', valueName: 'SCOPE', description: 'Value of ${scope} in the canary\'s queries.' },
  location: { type: 'string', valueName: 'LOCATION', description: 'Value of ${location} in both sides\' queries.' },
  var: { type: 'string', valueName: 'NAME=VALUE', multiple: true, description: 'Defines ${NAME} in every query.' },
  timeout: { type: 'string', valueName: 'DURATION', description: 'Time limit of each query (Prometheus) or batch of queries (CloudWatch), retries included.', defaultText: '60s' },
  'max-input-mb': MAX_INPUT_OPTION,
};

/** Flags refused with the reason, whatever their value. */
export const REFUSED_FETCH_OPTIONS: Readonly<Record<string, string>> = {
  'bearer-token': `a token on the command line is visible to every user in \`ps\` and stays in the shell history; put it in a file and pass --bearer-token-file FILE, or set ${BEARER_TOKEN_ENV}`,
  'basic-auth': `a password on the command line is visible to every user in \`ps\` and stays in the shell history; put "user:password" in a file and pass --basic-auth-file FILE, or set ${BASIC_AUTH_ENV}`,
  password: `a password on the command line is visible in \`ps\`; use --basic-auth-file FILE or ${BASIC_AUTH_ENV}`,
};

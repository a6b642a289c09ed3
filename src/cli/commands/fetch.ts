/**
 * `canary-judge fetch --config CONFIG.json --prometheus-url URL --start T --end T
 * --baseline-scope X --canary-scope Y [--output DATA.json]`: fetches every metric's baseline and
 * canary series from Prometheus or CloudWatch and writes the data dump `judge` reads.
 */
import { EXIT } from '../exit-codes.js';
import { writeOutputFile } from '../io.js';
import type { Command } from '../parse.js';
import { BASIC_AUTH_ENV, BEARER_TOKEN_ENV } from '../fetching/credentials.js';
import { readFetchFlags } from '../fetching/fetch-flags.js';
import { fetchMetrics } from '../fetching/fetch-metrics.js';
import { FETCH_OPTIONS, REFUSED_FETCH_OPTIONS } from '../fetching/fetch-options.js';
import { describeRange, warnQueryNotes } from '../fetching/fetch-summary.js';
import { inputLabel, loadConfig, maxInputBytes } from '../load-inputs.js';

export const command: Command = {
  name: 'fetch',
  summary: 'Fetch baseline and canary series from Prometheus or CloudWatch into a data file',
  usage: [
    'fetch --config CONFIG.json --prometheus-url URL --start TIME --end TIME --baseline-scope X --canary-scope Y [--output DATA.json]',
    'fetch --config CONFIG.json --source cloudwatch --region REGION --start TIME --end TIME --baseline-scope X --canary-scope Y',
  ],
  description: [
    [
      'Runs each metric\'s query (the "query" key for Prometheus, "cloudwatch" for CloudWatch) for the baseline and',
      'the canary over the window, and writes the data that \'canary-judge judge\' reads, on standard output or to',
      '--output. In the queries, ${scope} is --baseline-scope or --canary-scope, ${location} is --location,',
      '${step} the step, and --var NAME=VALUE defines ${NAME}. Queries that return no series are listed on',
      'standard error with the query; the judge reports those metrics as nodata.',
    ].join('\n'),
    [
      `Credentials never go on the command line: the bearer token comes from --bearer-token-file or`,
      `${BEARER_TOKEN_ENV}, basic auth from --basic-auth-file or ${BASIC_AUTH_ENV} ("user:password").`,
      'CloudWatch uses the AWS SDK\'s credential chain (environment, profile, role) and needs the package',
      '@aws-sdk/client-cloudwatch.',
    ].join('\n'),
    [
      'Exit codes: 0 written, 64 bad flags, 65 a config or query problem, 66 unreadable input, 69 the source is',
      'unreachable or keeps failing (or the AWS SDK is not installed), 73 --output cannot be written, 130 interrupted.',
    ].join('\n'),
  ],
  options: {
    ...FETCH_OPTIONS,
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the data to FILE instead of standard output ("-": standard output).' },
  },
  refusedOptions: REFUSED_FETCH_OPTIONS,
  positionals: { min: 0, max: 0, names: 'no arguments' },
  examples: [
    {
      note: 'the last hour from Prometheus into a data file',
      command: 'canary-judge fetch -c canary.json --prometheus-url http://prometheus:9090 --start now-1h --end now --baseline-scope v41 --canary-scope v42 -o data.json',
    },
    {
      note: 'with a bearer token kept in a file',
      command: 'canary-judge fetch -c canary.json --prometheus-url https://prom.example.com --bearer-token-file /run/secrets/prom-token --start 2024-05-01T10:00:00Z --end 2024-05-01T11:00:00Z --baseline-scope v41 --canary-scope v42 -o data.json',
    },
    {
      note: 'from CloudWatch, with a shared variable used in the queries',
      command: 'canary-judge fetch -c canary.json --source cloudwatch --region us-east-1 --start now-2h --end now --baseline-scope web-v41 --canary-scope web-v42 --var cluster=prod -o data.json',
    },
  ],
  async run(context) {
    const { io, values } = context;
    const flags = readFetchFlags(values, io.env, Date.now(), 'fetch');
    const maxBytes = maxInputBytes(values, 'fetch');
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    const { config } = await loadConfig(flags.configSource, io, maxBytes);
    const fetched = await fetchMetrics(context, flags, config, inputLabel('config', flags.configSource), 'fetch');
    warnQueryNotes(context, fetched.queries);
    const metrics = Object.keys(fetched.data.metrics).length;
    const summary = `fetched ${metrics} metric${metrics === 1 ? '' : 's'} (${fetched.queries.length} queries) from ${fetched.description}, ${describeRange(fetched)}`;
    const text = `${JSON.stringify(fetched.data, null, 2)}\n`;
    if (output !== undefined && output !== '-') {
      await writeOutputFile(output, text, io);
      if (!context.quiet) io.stdout.write(`${summary}: data written to ${output}\n`);
    } else {
      if (context.debug) context.note(summary);
      if (!context.quiet) io.stdout.write(text);
    }
    return EXIT.pass;
  },
};

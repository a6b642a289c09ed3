/** `canary-judge schema [config|data]`: prints a JSON Schema for editors and CI checks. */
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { Command } from '../parse.js';
import { suggest } from '../../shared/suggest.js';

const TARGETS = ['config', 'data'] as const;

export const command: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of the config or of the data',
  usage: ['schema [config|data]'],
  description: [
    [
      'Prints the JSON Schema (draft 2020-12) of a configuration (the default) or of a data document on',
      'standard output. Save it and point "$schema" at it to get completion and checks in an editor.',
    ].join('\n'),
  ],
  options: {},
  positionals: { min: 0, max: 1, names: 'one of config, data' },
  examples: [
    { note: 'schema of the configuration', command: 'canary-judge schema > canary-config.schema.json' },
    { note: 'schema of the data dump', command: 'canary-judge schema data > canary-data.schema.json' },
  ],
  async run(context) {
    const target = context.positionals[0] ?? 'config';
    if (!(TARGETS as readonly string[]).includes(target)) {
      const guess = suggest(target, TARGETS);
      throw new CliError(`unknown schema "${target}": expected config or data${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`, EXIT.usage, {
        hint: "run 'canary-judge schema --help' for usage",
      });
    }
    const { configJsonSchema, dataJsonSchema } = await import('../../config/json-schema.js');
    // The core's schema leaves each metric's `cloudwatch` key an open object; the adapter fills in its shape.
    const schema = target === 'config' ? (await import('../../adapters/cloudwatch/config-json-schema.js')).withCloudWatchJsonSchema(configJsonSchema()) : dataJsonSchema();
    if (!context.quiet) context.io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    return EXIT.pass;
  },
};

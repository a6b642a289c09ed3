/**
 * Extra Prometheus request headers from `--header "NAME: VALUE"` flags (never a secret: those are
 * refused) and from `--header-file` (where secrets belong). Also used by `serve --analyses`.
 */
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { readInput, type CliIo } from '../io.js';
import type { OptionValues } from '../parse.js';
import { registerSecret } from '../redacted-io.js';
import { MAX_SECRET_BYTES } from './credentials.js';
import { repeatedValues, usage } from './flag-values.js';
import { isSecretHeader, mergeHeaders, parseHeader, parseHeaderFile } from './request-headers.js';

/** Where the extra headers come from: the `--header` flags, parsed, and the `--header-file`. */
export interface HeaderFlags {
  readonly headers: Readonly<Record<string, string>>;
  readonly headerFile: string | undefined;
}

/** Parses `--header "NAME: VALUE"` flags; a header that carries credentials is refused (64). */
export function parseHeaderFlags(raw: OptionValues[string], commandName: string): Record<string, string> {
  const given = repeatedValues(raw);
  const parsed = given.map((entry) => {
    const header = parseHeader(entry);
    if ('problem' in header) throw usage(`--header: ${header.problem}`, commandName);
    if (isSecretHeader(header.name)) {
      throw usage(
        `--header ${header.name}: a header that carries a secret must not go on the command line, where every user sees it in \`ps\` and the shell history keeps it`,
        commandName,
        'put "NAME: VALUE" lines in a file and pass --header-file FILE',
      );
    }
    return header;
  });
  try {
    return mergeHeaders({}, parsed);
  } catch (error) {
    throw usage(`--header: ${(error as Error).message}`, commandName);
  }
}

/** Reads `--header-file` and merges it with the `--header` flags (a name given twice is 64). Also used by `serve --analyses`. */
export async function readRequestHeaders(flags: HeaderFlags, io: CliIo, commandName: string): Promise<Record<string, string>> {
  const headers = { ...flags.headers };
  if (flags.headerFile === undefined) return headers;
  const label = `header file ${flags.headerFile === '-' ? 'from standard input' : `"${flags.headerFile}"`}`;
  const { headers: fromFile, problems } = parseHeaderFile(await readInput(flags.headerFile, io, { label, maxBytes: MAX_SECRET_BYTES }));
  // A header file is where secret headers go: every value in it is kept out of every output.
  for (const header of fromFile) registerSecret(io, header.value);
  if (problems.length > 0) throw new CliError(`${label} is not valid: ${problems.join('; ')}`, EXIT.invalidInput);
  if (fromFile.length === 0) throw new CliError(`${label} holds no header`, EXIT.invalidInput);
  try {
    return mergeHeaders(headers, fromFile);
  } catch (error) {
    throw usage(`${(error as Error).message} (in --header and ${label})`, commandName);
  }
}

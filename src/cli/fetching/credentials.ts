/**
 * Prometheus credentials for `fetch`, `run` and `serve --analyses`: from a file flag or the
 * environment, never from a flag value (a command line is visible to every user in `ps`).
 */
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { readInput, type CliIo } from '../io.js';
import { registerSecret } from '../redacted-io.js';
import { nonEmpty, usage } from './flag-values.js';

/** Environment variables the credentials may come from. */
export const BEARER_TOKEN_ENV = 'PROMETHEUS_BEARER_TOKEN';
export const BASIC_AUTH_ENV = 'PROMETHEUS_BASIC_AUTH';

/** Largest credentials or header file read (a token is a few KiB at most). */
export const MAX_SECRET_BYTES = 64 * 1024;

/** Which credentials files the flags name (undefined: from the environment, if set there). */
export interface CredentialFlags {
  readonly bearerTokenFile: string | undefined;
  readonly basicAuthFile: string | undefined;
}

/** Prometheus credentials: a file flag wins over the environment; never from a flag value. Also used by `serve --analyses`. */
export async function readPrometheusCredentials(
  flags: CredentialFlags,
  io: CliIo,
  commandName: string,
): Promise<{ bearerToken?: string; basicAuth?: { username: string; password: string } }> {
  const readSecret = async (file: string, what: string): Promise<string> => {
    const label = `${what} file ${file === '-' ? 'from standard input' : `"${file}"`}`;
    const text = (await readInput(file, io, { label, maxBytes: MAX_SECRET_BYTES })).trim();
    // Known to the output's redactor before anything could print it (each line too, if it is refused below).
    registerSecret(io, text);
    for (const line of text.split(/\r?\n/)) registerSecret(io, line.trim());
    if (text === '') throw new CliError(`${label} is empty`, EXIT.invalidInput);
    return text;
  };
  const bearer = (token: string, where: string) => {
    if (/[\r\n]/.test(token)) throw new CliError(`the bearer token from ${where} spans several lines; it must be one line`, EXIT.invalidInput);
    return { bearerToken: token };
  };
  const basic = (text: string, where: string) => {
    const colon = text.indexOf(':');
    if (colon <= 0 || /[\r\n]/.test(text)) {
      throw new CliError(`the basic-auth credentials from ${where} must be one line "user:password"`, EXIT.invalidInput);
    }
    const basicAuth = { username: text.slice(0, colon), password: text.slice(colon + 1) };
    registerSecret(io, basicAuth.password);
    registerSecret(io, Buffer.from(text, 'utf8').toString('base64'));
    return { basicAuth };
  };
  if (flags.bearerTokenFile !== undefined) return bearer(await readSecret(flags.bearerTokenFile, 'bearer token'), '--bearer-token-file');
  if (flags.basicAuthFile !== undefined) return basic(await readSecret(flags.basicAuthFile, 'basic-auth'), '--basic-auth-file');
  const token = nonEmpty(io.env[BEARER_TOKEN_ENV]);
  const credentials = nonEmpty(io.env[BASIC_AUTH_ENV]);
  if (token !== undefined && credentials !== undefined) {
    throw usage(`both ${BEARER_TOKEN_ENV} and ${BASIC_AUTH_ENV} are set; unset one of them, or pick one with --bearer-token-file / --basic-auth-file`, commandName);
  }
  if (token !== undefined) return bearer(token, BEARER_TOKEN_ENV);
  if (credentials !== undefined) return basic(credentials, BASIC_AUTH_ENV);
  return {};
}

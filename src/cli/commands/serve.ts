/**
 * `canary-judge serve [--port N] [--host H]`: runs the judge as an HTTP service (Kayenta's
 * RemoteJudge protocol on POST /judge, the native judge on POST /v1/judge) until SIGINT or SIGTERM,
 * then stops gracefully: no new connections, in-flight requests finish.
 */
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { Command, OptionValues } from '../parse.js';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';

function parsePort(raw: OptionValues[string]): number {
  if (typeof raw !== 'string') return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliError(`--port must be a whole number from 0 to 65535 (0 picks a free port); received "${raw}"`, EXIT.usage, {
      hint: "run 'canary-judge serve --help' for usage",
    });
  }
  return port;
}

export const command: Command = {
  name: 'serve',
  summary: 'Run the judge as an HTTP service (Kayenta remote judge, Argo Rollouts, Flagger)',
  usage: ['serve [--port N] [--host H]'],
  description: [
    'Serves POST /judge (Kayenta RemoteJudge protocol), POST /v1/judge (native config + data -> Judgement),',
    'GET /judges and GET /healthz. Logs go to stderr; the first line gives the address, e.g.',
    '"canary-judge: listening on http://127.0.0.1:8080". SIGINT or SIGTERM stops it gracefully (exit 0).',
    'It listens on 127.0.0.1 by default; use --host 0.0.0.0 in a container.',
  ],
  options: {
    port: { type: 'string', short: 'p', valueName: 'N', description: 'TCP port (0: any free port).', defaultText: String(DEFAULT_PORT) },
    host: { type: 'string', valueName: 'H', description: 'Address to listen on.', defaultText: DEFAULT_HOST },
  },
  positionals: { min: 0, max: 0, names: 'no arguments' },
  examples: [
    { note: 'local use', command: 'canary-judge serve' },
    { note: 'in a container, reachable by Kayenta, Argo Rollouts or Flagger', command: 'canary-judge serve --host 0.0.0.0 --port 8080' },
  ],
  async run(context) {
    const { io, values } = context;
    const port = parsePort(values['port']);
    const host = typeof values['host'] === 'string' ? values['host'] : DEFAULT_HOST;
    const { createJudgeServer } = await import('../../server/index.js');
    const server = createJudgeServer({
      onError: (error, request) => {
        const message = error instanceof Error ? error.message : String(error);
        io.stderr.write(`canary-judge: error in ${request.method} ${request.url}: ${message}\n`);
        if (context.debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
      },
    });
    let address;
    try {
      address = await server.listen(port, host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason =
        code === 'EADDRINUSE' ? 'the address is already in use' : code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'no such address on this machine' : (error as Error).message;
      throw new CliError(`cannot listen on ${host}:${port}: ${reason}`, EXIT.unavailable);
    }
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    context.note(`listening on http://${shown}:${address.port} (POST /judge, POST /v1/judge, GET /judges, GET /healthz)`);

    const signal = await new Promise<string>((resolve) => {
      const unsubscribe = io.onShutdownSignal?.((received) => {
        unsubscribe?.();
        resolve(received);
      });
    });
    context.note(`${signal} received: finishing in-flight requests`);
    await server.close();
    context.note('stopped');
    return EXIT.pass;
  },
};

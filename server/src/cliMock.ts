/**
 * `specsocket mock <spec> [--server name] [--port n] [--interval ms] [--token t] [--max-payload bytes] [--json]`: serve a spec's
 * server on loopback until interrupted. With --json, prints one JSON line per event (the extension reads them).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LanguageService } from './languageService/languageService';
import { nodeFileSystem } from './languageService/core/nodeFileSystem';
import { startMock } from '../../mock/src/mockServer';
import { encodeMockLine, type MockLine } from '../../common/src/mockEvents';
import { defaultSettings } from '../../common/src/settings';

interface MockArgs {
  spec: string;
  server?: string;
  port?: number;
  intervalMs?: number;
  token: string;
  maxPayloadBytes: number;
  json: boolean;
}

export function parseMockArgs(argv: string[]): MockArgs | string {
  const out: Partial<MockArgs> = { token: defaultSettings.mock.token, maxPayloadBytes: defaultSettings.mock.maxPayloadBytes, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === '--server') out.server = value();
    else if (a === '--port') out.port = Number(value());
    else if (a === '--interval') out.intervalMs = Number(value());
    else if (a === '--token') out.token = value();
    else if (a === '--max-payload') out.maxPayloadBytes = Number(value());
    else if (a === '--json') out.json = true;
    else if (!a.startsWith('--') && !out.spec) out.spec = a;
    else return `unknown argument ${a}`;
  }
  if (!out.spec) return 'missing <spec>';
  if (out.port !== undefined && !(Number.isInteger(out.port) && out.port >= 0 && out.port < 65536)) return '--port must be a port number';
  if (out.intervalMs !== undefined && !(out.intervalMs >= 0)) return '--interval must be milliseconds';
  if (!(Number.isSafeInteger(out.maxPayloadBytes) && out.maxPayloadBytes! > 0)) return '--max-payload must be a positive number of bytes';
  return out as MockArgs;
}

export async function runMock(argv: string[]): Promise<number> {
  const args = parseMockArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\nusage: specsocket mock <spec> [--server name] [--port n] [--interval ms] [--token t] [--max-payload bytes] [--json]\n`);
    return 2;
  }
  // The reader of our output (`npm start`, the extension) may be gone first, e.g. after Ctrl+C reached us both:
  // there is no one left to tell, so a closed pipe is no error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`mock output failed: ${e.message}\n`);
  });
  const emit = (event: MockLine, text: string) => process.stdout.write(args.json ? encodeMockLine(event) : text + '\n');
  const service = new LanguageService({ fs: nodeFileSystem });
  const uri = pathToFileURL(resolve(args.spec)).toString();
  const model = service.tryItModel(uri);
  if (!model) {
    emit(
      { event: 'error', message: `${args.spec} is not an AsyncAPI or Fern spec (or cannot be read).` },
      `error: ${args.spec} is not an AsyncAPI or Fern spec (or cannot be read).`,
    );
    return 1;
  }
  try {
    const mock = await startMock(
      model,
      args.server,
      { token: args.token, intervalMs: args.intervalMs, port: args.port, maxPayloadBytes: args.maxPayloadBytes },
      (line) => emit({ event: 'log', message: line }, line),
    );
    emit(
      { event: 'listening', url: mock.url, port: mock.port, server: mock.serverName, protocol: mock.protocol, token: args.token },
      `SpecSocket mock of server "${mock.serverName}" (${mock.protocol}) listening on ${mock.url}\nauth token: ${args.token}\nCtrl+C to stop.`,
    );
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await mock.close();
    emit({ event: 'stopped' }, 'stopped');
    return 0;
  } catch (e) {
    const message = e instanceof Error ? ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port in use: ${e.message}` : e.message) : String(e);
    emit({ event: 'error', message }, `error: ${message}`);
    return 1;
  }
}

/**
 * `specsocket test <session files|folders...> [--server NAME] [--url URL] [--mock] [--reporter text|junit|json]`
 * `specsocket test --examples <specs...> [...]`: replays sessions (docs/sessions.md) against a live server, or a
 * mock of the spec. Exit 0 when all pass, 1 on any failure, 2 on bad usage. Secrets come from environment variables.
 */
import { collectSessionFiles, loadSession } from './sessionRun/sessionFiles';
import { report, type Reporter } from './sessionRun/report';
import { TestRun } from './sessionRun/run';
import type { SessionResult } from '../../common/src/sessions/runner';
import { TEST_USAGE } from './cliUsage';

export interface TestArgs {
  targets: string[];
  server?: string;
  url?: string;
  mock: boolean;
  examples: boolean;
  listenMs: number;
  reporter: Reporter;
}

export function parseTestArgs(argv: string[]): TestArgs | string {
  const out: TestArgs = { targets: [], mock: false, examples: false, listenMs: 1000, reporter: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? '';
    if (a === '--server') out.server = value();
    else if (a === '--url') out.url = value();
    else if (a === '--reporter') out.reporter = value() as Reporter;
    else if (a === '--listen') out.listenMs = Number(value());
    else if (a === '--mock') out.mock = true;
    else if (a === '--examples') out.examples = true;
    else if (a.startsWith('--')) return `unknown argument ${a}`;
    else out.targets.push(a);
  }
  if (!out.targets.length) return out.examples ? 'missing <specs>' : 'missing <session files|folders>';
  if (!['text', 'junit', 'json'].includes(out.reporter)) return '--reporter must be text, junit or json';
  if (out.mock && out.url) return '--mock and --url both say where to connect: give one';
  if (!(Number.isInteger(out.listenMs) && out.listenMs >= 0)) return '--listen must be milliseconds';
  if (out.url !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/./i.test(out.url)) return '--url must be an absolute URL (ws://host:port/…)';
  return out;
}

export async function runTest(argv: string[]): Promise<number> {
  const args = parseTestArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${TEST_USAGE}`);
    return 2;
  }
  let files: string[] = [];
  try {
    if (!args.examples) for (const t of args.targets) collectSessionFiles(t, files);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (args.examples) files = args.targets;
  else if (!files.length) {
    process.stderr.write(`No session files (*.session.yaml) in ${args.targets.join(', ')}\n`);
    return 2;
  }
  const results = await runAll(args, files);
  process.stdout.write(report(results, args.reporter));
  return results.every((r) => r.status === 'passed') ? 0 : 1;
}

async function runAll(args: TestArgs, files: string[]): Promise<SessionResult[]> {
  const run = new TestRun({ server: args.server, url: args.url, mock: args.mock, env: process.env, listenMs: args.listenMs });
  const results: SessionResult[] = [];
  try {
    for (const file of files) {
      if (args.examples) results.push(...(await run.runExamples(file)));
      else results.push(await run.runFile(loadSession(file)));
    }
  } finally {
    await run.close();
  }
  return results;
}

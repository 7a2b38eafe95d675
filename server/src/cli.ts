/**
 * `node dist/cli.js check <files|folders...> [--format text|json]`: the editor's language service for CI.
 * Prints `file:line:col severity code message`; exits 1 when any error was found, 2 on bad usage.
 * `mock` (cliMock.ts) serves a spec; `test` (cliTest.ts) replays session files against a server.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { LanguageService } from './languageService/languageService';
import { nodeFileSystem } from './languageService/core/nodeFileSystem';
import { Severity } from './languageService/core/types';
import { TEST_USAGE } from './cliUsage';
import { defaultSettings } from '../../common/src/settings';

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

export interface CheckResult {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

function collectFiles(target: string, out: string[]): void {
  let st;
  try {
    st = statSync(target);
  } catch {
    throw new Error(`No such file or folder: ${target}`);
  }
  if (st.isFile()) {
    out.push(target);
    return;
  }
  for (const name of readdirSync(target)) {
    if (SKIP_DIRS.has(name)) continue;
    const p = join(target, name);
    const s = statSync(p, { throwIfNoEntry: false });
    if (s?.isDirectory()) collectFiles(p, out);
    else if (s?.isFile() && /\.(ya?ml|json)$/i.test(name)) out.push(p);
  }
}

/**
 * Checks files and folders; files that are neither AsyncAPI nor Fern are skipped unless named directly.
 * `$ref`s read only inside the folders given (a file given alone: its own folder) and `allowedRefRoots`,
 * as in the editor (refAccess.ts).
 */
export function check(targets: string[], allowedRefRoots: string[] = []): CheckResult[] {
  const folders = targets.map((t) => resolve(t)).filter((t) => statSync(t, { throwIfNoEntry: false })?.isDirectory());
  const service = new LanguageService({
    fs: nodeFileSystem,
    workspaceFolders: folders.map((f) => pathToFileURL(f).toString()),
    settings: { ...defaultSettings, allowedRefRoots: allowedRefRoots.map((r) => resolve(r)) },
  });
  const results: CheckResult[] = [];
  for (const target of targets) {
    const files: string[] = [];
    collectFiles(resolve(target), files);
    const explicit = files.length === 1 && statSync(resolve(target)).isFile();
    for (const file of files) {
      const uri = pathToFileURL(file).toString();
      const doc = service.store.get(uri);
      if (!doc) continue;
      if (!explicit && service.kindOf(doc) === 'other') continue;
      for (const d of service.diagnostics(uri)) {
        const pos = doc.lineIndex.position(doc.lineIndex.clamp(d.start));
        results.push({
          file: relative(process.cwd(), fileURLToPath(uri)) || file,
          line: pos.line + 1,
          column: pos.character + 1,
          severity: SEVERITY_NAMES[d.severity],
          code: d.code,
          message: d.message,
        });
      }
    }
  }
  return results;
}

const CHECK_USAGE = 'usage: specsocket check <files|folders...> [--format text|json] [--allow-ref-root <folder>]...\n';
const USAGE =
  CHECK_USAGE.replace(/\n$/, '') +
  '\n       specsocket mock <spec> [--server name] [--port n] [--interval ms] [--token t] [--json]\n' +
  TEST_USAGE.replace(/usage: /, '       ');

declare const SPECSOCKET_BUNDLED: boolean | undefined;

/**
 * `mock` and `test` (the mock servers, the transports: most of the CLI's code) are bundles of their own, loaded
 * only by their command: `check` compiles and runs none of it (docs/performance.md, "CLI").
 */
function subcommand<T>(name: string): T {
  return require(join(__dirname, typeof SPECSOCKET_BUNDLED === 'boolean' ? `${name}.js` : name)) as T;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'mock') return subcommand<typeof import('./cliMock')>('cliMock').runMock(rest);
  if (command === 'test') return subcommand<typeof import('./cliTest')>('cliTest').runTest(rest);
  if (command !== 'check') {
    process.stderr.write(USAGE);
    return 2;
  }
  let format = 'text';
  const targets: string[] = [];
  const allowed: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--format') format = rest[++i] ?? '';
    else if (rest[i] === '--allow-ref-root') allowed.push(rest[++i] ?? '');
    else if (rest[i].startsWith('--format=')) format = rest[i].slice('--format='.length);
    else targets.push(rest[i]);
  }
  if (!targets.length || (format !== 'text' && format !== 'json') || allowed.includes('')) {
    process.stderr.write(CHECK_USAGE);
    return 2;
  }
  let results: CheckResult[];
  try {
    results = check(targets, allowed);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (format === 'json') process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else for (const r of results) process.stdout.write(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message}\n`);
  return results.some((r) => r.severity === SEVERITY_NAMES[Severity.Error]) ? 1 : 0;
}

/** Runs the CLI with these arguments; the exit code is set when it is done. dist/cli.js (cliStart.ts) calls it. */
export function runCli(argv: string[]): void {
  void main(argv).then((code) => (process.exitCode = code));
}

// Run directly from source (`node --import tsx server/src/cli.ts`); the bundle is started by its loader instead.
if (require.main === module) runCli(process.argv.slice(2));

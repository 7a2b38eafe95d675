// bench-timeout: 1200
/**
 * Cold open of each real Fern workspace in test/corpus/fern (issue 15): the bundled server (dist/server.js over
 * stdio, as the editor runs it) in a fresh process per workspace, its folder the workspace root; open `api.yml`,
 * then the workspace's largest file, and time each to its first publish (the fast pass) and its complete
 * diagnostics (the slow pass, after its 250 ms pause), with the server's CPU time from open to complete. Beside
 * it, `fern check --local` over the same definition: the whole process, wall and CPU. Figures only.
 * Run: npm run build && node --import tsx bench/fernCorpus.ts   (BENCH_QUICK=1: the four largest workspaces)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchClient } from './lsp';

const CORPUS = join(__dirname, '..', 'test', 'corpus', 'fern');
const CLI = join(__dirname, '..', 'node_modules', 'fern-api', 'cli.cjs');
const SLOW_DELAY_MS = 250;
const TICKS_PER_MS = 0.1; // procfs counts CPU in clock ticks of 10 ms (USER_HZ = 100 on Linux)

interface Workspace {
  name: string;
  root: string;
  definition: string;
  files: string[];
  lines: number;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/i.test(n) ? [p] : [];
  });
}

function workspaces(): Workspace[] {
  const out: Workspace[] = [];
  for (const name of readdirSync(CORPUS).sort()) {
    const root = join(CORPUS, name);
    for (const api of yamlFiles(root).filter((f) => /\/definition\/api\.yml$/.test(f))) {
      const files = yamlFiles(dirname(api));
      const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0);
      out.push({ name, root, definition: dirname(api), files, lines });
    }
  }
  // A repository with several workspaces names each by its folder.
  for (const ws of out) if (out.filter((o) => o.name === ws.name).length > 1) ws.name += ` (${basename(dirname(ws.definition))})`;
  return out;
}

const lineCount = (f: string) => readFileSync(f, 'utf8').split('\n').length;

/** utime + stime of a process in ms, or of this process's waited-for children (`children`). */
function cpuMs(pid: number | 'self', children = false): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After the `(comm)`: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based, man 5 proc).
  const [u, s] = children ? [fields[13], fields[14]] : [fields[11], fields[12]];
  return (Number(u) + Number(s)) / TICKS_PER_MS;
}

interface Open {
  first: number;
  complete: number;
  cpu: number;
}

/** Opens `file` in a fresh server whose workspace root is the workspace's folder. */
async function coldOpen(ws: Workspace, file: string): Promise<Open> {
  const client = new BenchClient();
  try {
    await client.initialize(pathToFileURL(ws.root).href);
    const uri = pathToFileURL(file).href;
    const text = readFileSync(file, 'utf8');
    const cpu0 = cpuMs(client.process.pid!);
    const fast = client.nextDiagnostics(uri);
    const t = performance.now();
    await client.open(uri, text);
    const first = (await fast) - t;
    // Publishes before the slow pass's pause has passed are fast passes (the open, the settings' arrival).
    let arrived = await client.nextDiagnostics(uri, 1);
    while (arrived - t < SLOW_DELAY_MS) arrived = await client.nextDiagnostics(uri, 1);
    return { first, complete: arrived - t, cpu: cpuMs(client.process.pid!) - cpu0 };
  } finally {
    await client.shutdown();
  }
}

/** `fern check --local` over a copy of the definition, as the slow layer's agreement test runs it. */
function fernCheck(ws: Workspace): { wall: number; cpu: number; errors: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'specsocket-fern-bench-'));
  try {
    const version = (JSON.parse(readFileSync(join(dirname(CLI), 'package.json'), 'utf8')) as { version: string }).version;
    cpSync(ws.definition, join(dir, 'fern', 'definition'), { recursive: true });
    writeFileSync(join(dir, 'fern', 'fern.config.json'), JSON.stringify({ organization: 'specsocket', version }));
    const env = { ...process.env, FERN_NO_VERSION_REDIRECTION: 'true', FERN_DISABLE_UPGRADE_CHECK: 'true', FERN_DISABLE_TELEMETRY: 'true', NO_COLOR: '1' };
    const cpu0 = cpuMs('self', true);
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'check', '--local'], { cwd: dir, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 16 << 20 });
    return { wall: performance.now() - t, cpu: cpuMs('self', true) - cpu0, errors: r.status !== 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const s = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`);

async function main(): Promise<void> {
  if (!existsSync(join(__dirname, '..', 'dist', 'server.js'))) throw new Error('build first: npm run build');
  let list = workspaces();
  if (process.env.BENCH_QUICK === '1') list = [...list].sort((a, b) => b.lines - a.lines).slice(0, 4);
  const rows: string[] = [];
  for (const ws of list) {
    console.error(`fern corpus: ${ws.name}`);
    const largest = [...ws.files].sort((a, b) => lineCount(b) - lineCount(a))[0];
    const api = await coldOpen(ws, join(ws.definition, 'api.yml'));
    const big = await coldOpen(ws, largest);
    const fern = fernCheck(ws);
    rows.push(
      [
        ws.name,
        `${ws.files.length} / ${ws.lines}`,
        `${s(api.first)} / ${s(api.complete)} (${s(api.cpu)})`,
        `${relative(ws.definition, largest)} (${lineCount(largest)} lines)`,
        `${s(big.first)} / ${s(big.complete)} (${s(big.cpu)})`,
        `${s(fern.wall)} (${s(fern.cpu)})${fern.errors ? ', errors' : ''}`,
      ].join(' | '),
    );
  }
  console.log(
    [
      '',
      '### Fern corpus: cold open vs `fern check`',
      '',
      'Per workspace, a fresh `dist/server.js`: open → first / complete diagnostics, wall (server CPU from open to complete).',
      '',
      '| workspace | files / lines | api.yml | largest file | largest: first / complete (CPU) | fern check --local: wall (CPU) |',
      '|---|---|---|---|---|---|',
      ...rows.map((r) => `| ${r} |`),
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

/**
 * `npm run bench`: the performance budgets of issues 2 and 3, measured on generated specs (1k/10k/50k lines,
 * AsyncAPI 2.6 and 3.0), on the corpus and on a generated Fern definition folder. Prints one table (markdown)
 * and writes it to $TMPDIR/specsocket-bench.md for docs/performance.md. It calls whatever features exist, so
 * figures move as features land. Never used for assertions.
 *
 * Then runs the other bench/*.ts scripts (each feature's own figures) and appends their output.
 *
 * Options: BENCH_QUICK=1 skips the 50k rows and most corpus files (for a fast look); BENCH_CORE_ONLY=1 skips
 * the other scripts. `npm run bench -- <name> [args…]` runs only bench/<name>.ts with those arguments (e.g.
 * `npm run bench -- anchors cli`: issue 17's anchored table, one row).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { LanguageService } from '../server/src/languageService/languageService';
import { nodeFileSystem } from '../server/src/languageService/core/nodeFileSystem';
import { SpecDocument } from '../server/src/languageService/core/specDocument';
import { BenchClient } from './lsp';
import { generateAsyncApi, generateFernFolder, rng, type AsyncApiFlavour } from '../test/helpers/generate';

const QUICK = process.env.BENCH_QUICK === '1';
const EDITS = 50;
const WARMUP = 5;
/** Each feature's own bench script gets this long (the whole run should stay near 5 minutes). */
const OTHER_TIMEOUT_MS = 45000;
/** Past this much time on one file, the semantic comparison stops repeating runs. */
const SEMANTIC_BUDGET_MS = 20000;
/** The server's pause before the slow pass (server/src/validationScheduler.ts). */
const SLOW_DELAY_MS = 250;
const CORPUS = join(__dirname, '..', 'test', 'corpus', 'asyncapi');

interface Row {
  metric: string;
  subject: string;
  value: string;
  target: string;
  met: string;
}
const rows: Row[] = [];

function add(metric: string, subject: string, value: string, target = '', ok?: boolean): void {
  rows.push({ metric, subject, value, target, met: ok === undefined ? '' : ok ? 'yes' : 'NO' });
  console.error(`  ${metric} | ${subject} | ${value}${target ? ` (target ${target})` : ''}`);
}

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
}
const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) + ' ms' : 'n/a');
const median = (xs: number[]) => pct(xs, 0.5);

/** Positions inside scalar values (after `description: ` etc.), spread over the document. */
function valuePositions(text: string, keys: RegExp, n: number, seed: number): { line: number; character: number }[] {
  const lines = text.split('\n');
  const candidates: { line: number; character: number }[] = [];
  lines.forEach((l, i) => {
    const m = keys.exec(l);
    if (m && l.length > m.index + m[0].length + 2) candidates.push({ line: i, character: l.length - 1 });
  });
  const r = rng(seed);
  const out: { line: number; character: number }[] = [];
  for (let i = 0; i < n && candidates.length; i++) {
    // spread: one pick per equal slice of the document
    const lo = Math.floor((i / n) * candidates.length);
    const hi = Math.max(lo + 1, Math.floor(((i + 1) / n) * candidates.length));
    out.push(candidates[lo + Math.floor(r() * (hi - lo))]);
  }
  return out;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

/** Full parse alone and the in-process typing path (store update + fast diagnostics) for one text. */
function inProcess(name: string, text: string): void {
  const parses: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    new SpecDocument('file:///p.yaml', text, 1);
    parses.push(performance.now() - t);
  }
  add('full yaml parse (median of 3)', name, ms(median(parses)));
  const service = new LanguageService({ fs: nodeFileSystem });
  const uri = pathToFileURL(join(tmpdir(), 'inproc-' + name)).href;
  let cur = text;
  let version = 1;
  service.store.setOpen(uri, cur, version);
  service.fastDiagnostics(uri);
  const times: number[] = [];
  const lines = cur.split('\n');
  const starts: number[] = [0];
  for (const l of lines) starts.push(starts[starts.length - 1] + l.length + 1);
  const positions = valuePositions(text, /(description|summary|docs): /, EDITS + WARMUP, 7);
  positions.forEach((p, i) => {
    const off = starts[p.line] + p.character + i; // positions ascend: each earlier insert moved this one by 1
    cur = cur.slice(0, off) + 'x' + cur.slice(off);
    const t = performance.now();
    service.store.setOpen(uri, cur, ++version);
    service.fastDiagnostics(uri);
    if (i >= WARMUP) times.push(performance.now() - t);
  });
  add('in-process edit → fast diagnostics p50 / p95', name, `${ms(median(times))} / ${ms(pct(times, 0.95))}`);
  if (text.length > 200000 && text.length < 1000000) typeNewKey(service, uri, cur, version, name);
}

/**
 * Typing a new property line character by character (`x-note: hi`) at the indentation of the line that follows
 * it (a sibling, as a person adds a key): until the `:` arrives the line is a bare key, a syntax error that is
 * spliced when its recovery is provably local, else a full parse. (Until 2026-11-22 this row typed at a column
 * no sibling had, which stays an error even once complete.)
 */
function typeNewKey(service: LanguageService, uri: string, text: string, version: number, name: string): void {
  const at = text.indexOf('\n', text.indexOf('      format: uuid', text.length >> 1)) + 1;
  const typed = /^ */.exec(text.slice(at))![0] + 'x-note: hi';
  const times: number[] = [];
  let cur = text.slice(0, at) + '\n' + text.slice(at);
  service.store.setOpen(uri, cur, ++version);
  for (let i = 0; i < typed.length; i++) {
    const off = at + i;
    cur = cur.slice(0, off) + typed[i] + cur.slice(off);
    const t = performance.now();
    service.store.setOpen(uri, cur, ++version);
    service.fastDiagnostics(uri);
    times.push(performance.now() - t);
  }
  add('in-process typing a new key line, per keystroke p50 / max', name, `${ms(median(times))} / ${ms(Math.max(...times))}`);
}

/** Over the bundled server: edit → fresh fast diagnostics; optionally completion/hover and RSS. */
async function overLsp(
  name: string,
  path: string,
  text: string,
  opts: { target?: number; completion?: boolean; rss?: boolean; init?: boolean },
): Promise<void> {
  const client = new BenchClient();
  try {
    const init = await client.initialize(null);
    if (opts.init) add('initialize → ready (spawn to initialize result)', 'server', ms(init), '≤ 300 ms', init <= 300);
    const uri = pathToFileURL(path).href;
    const first = client.nextDiagnostics(uri);
    const [openMs] = await timed(async () => {
      await client.open(uri, text);
      await first;
    });
    add('open → first diagnostics', name, ms(openMs));
    const times: number[] = [];
    const positions = valuePositions(text, /(description|summary|docs): /, EDITS + WARMUP, 11);
    let slow: Promise<unknown> | undefined;
    let idle: Promise<string | undefined> | undefined;
    let lastEdit = 0;
    for (const [i, p] of positions.entries()) {
      const next = client.nextDiagnostics(uri);
      // The second publish for the last version is the slow (semantic) pass: listen before it can arrive.
      if (opts.rss && i === positions.length - 1) {
        slow = client.nextDiagnostics(uri);
        idle = client.nextLog(/^idle collection/, 20000);
      }
      const t = (lastEdit = performance.now());
      await client.edit(uri, p.line, p.character, 0, 'x');
      await next;
      if (i >= WARMUP) times.push(performance.now() - t);
    }
    const p95 = pct(times, 0.95);
    add(
      'edit → fresh diagnostics (LSP) p50 / p95',
      name,
      `${ms(median(times))} / ${ms(p95)}`,
      opts.target ? `p95 ≤ ${opts.target} ms` : '',
      opts.target ? p95 <= opts.target : undefined,
    );
    if (opts.completion) await completionAndHover(client, uri, text, name);
    if (opts.rss) {
      // Let the slow (semantic) pass run once so its caches count too.
      await slow;
      add('last edit → slow diagnostics (incl. 250 ms pause)', name, ms(performance.now() - lastEdit));
      const mb = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
      add('server RSS right after the slow pass', name, mb(client.rssMb()));
      // What the server keeps while the spec stays open: after its first quiet moment (idleCollector.ts).
      const collected = await idle;
      const rss = await client.settledRssMb();
      add(
        'server RSS with the spec open, settled',
        name,
        `${mb(rss)}${collected ? '' : ' (no idle collection within 20 s)'}`,
        '≤ 150 MB',
        rss !== undefined && rss <= 150,
      );
      add('server RSS peak (VmHWM: open, edits, slow pass)', name, mb(client.rssMb('VmHWM')));
    }
  } finally {
    await client.shutdown();
  }
}

async function completionAndHover(client: BenchClient, uri: string, text: string, name: string): Promise<void> {
  const lines = text.split('\n');
  const keyPos: { line: number; character: number }[] = [];
  const refPos: { line: number; character: number }[] = [];
  lines.forEach((l, i) => {
    const k = /^(\s+)(type|description|payload): /.exec(l);
    if (k) keyPos.push({ line: i, character: k[1].length + 2 });
    const r = /\$ref: '#\/components\/(schemas|messages)\//.exec(l);
    if (r) refPos.push({ line: i, character: r.index + r[0].length });
  });
  const pick = <T>(xs: T[], n: number, seed: number): T[] => {
    const r = rng(seed);
    return Array.from({ length: n }, () => xs[Math.floor(r() * xs.length)]).filter((x) => x !== undefined);
  };
  for (const [method, label] of [
    ['textDocument/completion', 'completion'],
    ['textDocument/hover', 'hover'],
  ] as const) {
    const times: number[] = [];
    let answered = 0;
    const positions = [...pick(keyPos, (EDITS + WARMUP) / 2, 3), ...pick(refPos, (EDITS + WARMUP) / 2 + 1, 4)];
    for (const [i, position] of positions.entries()) {
      const [t, res] = await timed(() => client.request<unknown>(method, { textDocument: { uri }, position }));
      if (i >= WARMUP) times.push(t);
      const items = Array.isArray(res) ? res : (res as { items?: unknown[] } | null)?.items;
      if (res && (!Array.isArray(items) || items.length)) answered++;
    }
    const p95 = pct(times, 0.95);
    add(
      `${label} p50 / p95 (keys and $ref values)`,
      name,
      `${ms(median(times))} / ${ms(p95)} (${answered}/${positions.length} answered)`,
      '≤ 15 ms',
      p95 <= 15,
    );
  }
}

/** Our semantic (slow) diagnostics vs @asyncapi/parser's parse+validate on the same file, same run. */
async function semanticVsParser(files: { name: string; path: string }[], label: string, perFile: boolean): Promise<void> {
  const { Parser } = (await import('@asyncapi/parser')) as unknown as { Parser: new () => { parse(t: string, o?: unknown): Promise<unknown> } };
  const parser = new Parser();
  const service = new LanguageService({ fs: nodeFileSystem });
  let ours = 0;
  let theirs = 0;
  let worst = 0;
  let worstName = '';
  const warmed = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f.path, 'utf8');
    // The server compiles each AsyncAPI version's official schema once in its life (both modes, ~0.3 s):
    // the first file of every version warms it up, or that file alone would carry the compile.
    const version = /^\s*"?asyncapi"?\s*:\s*['"]?([\w.-]+)/m.exec(text)?.[1] ?? '';
    const cold = !warmed.has(version);
    warmed.add(version);
    const uri = pathToFileURL(f.path).href;
    const oursRuns: number[] = [];
    const parserRuns: number[] = [];
    const runs = perFile ? 3 : 1;
    // Run 0 warms up (JIT, schema compiles); across the corpus only the first file of each version needs it.
    const firstRun = perFile || cold ? 0 : 1;
    for (let i = firstRun, spent = 0; i <= runs; i++) {
      // Keep the run near 5 minutes: a file whose warm-up already took long is measured once.
      if (i > 1 && spent > SEMANTIC_BUDGET_MS) break;
      // A new version each time, so per-version caches don't make it free. The generated specs get a real
      // one-character edit in a description (another each run): content caches (example results, valid
      // chunks of the resolved document) then miss where a user's edit would make them miss.
      const t = perFile && i ? editDescription(text, i) : text + (i ? `\n# ${i}\n` : '');
      service.store.setOpen(uri, t, i + 1);
      service.fastDiagnostics(uri);
      const [a] = await timed(() => service.slowDiagnostics(uri));
      const [b] = await timed(() => parser.parse(t, { source: f.path }));
      spent += a + b;
      if (i > 0) {
        oursRuns.push(a);
        parserRuns.push(b);
      }
    }
    const a = median(oursRuns);
    const b = median(parserRuns);
    ours += a;
    theirs += b;
    if (a / b > worst) {
      worst = a / b;
      worstName = f.name;
    }
    if (perFile)
      add('semantic diagnostics vs @asyncapi/parser (median of 3)', f.name, `${ms(a)} vs ${ms(b)} = 1/${(b / a).toFixed(1)}`, '≤ 1/10', a / b <= 0.1);
    service.store.close(uri);
  }
  if (!perFile) {
    add(
      'semantic diagnostics vs @asyncapi/parser, summed',
      label,
      `${ms(ours)} vs ${ms(theirs)} = 1/${(theirs / ours).toFixed(1)}`,
      '≤ 1/10',
      ours / theirs <= 0.1,
    );
    add('… worst single file', worstName, `1/${(1 / worst).toFixed(1)}`, '≤ 1/10', worst <= 0.1);
  }
}

/** The text with an `x` typed into the `n`-th description value after the middle of the file. */
function editDescription(text: string, n: number): string {
  let at = text.length >> 1;
  for (let k = 0; k < n; k++) at = text.indexOf('description: ', at + 1);
  if (at < 0) return text + `\n# ${n}\n`;
  at += 'description: '.length;
  return text.slice(0, at) + 'x' + text.slice(at);
}

function corpusFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(corpusFiles(p));
    else if (/\.(ya?ml|json)$/i.test(e)) out.push(p);
  }
  return out.sort();
}

/** A generated Fern folder: open one file cold (the service reads the folder), then type in it. */
async function fern(dir: string): Promise<void> {
  const files = generateFernFolder(dir, 50, 20000);
  const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length - 1, 0);
  const name = `fern folder, ${files.length} files / ${lines} lines`;
  const target = files[Math.floor(files.length / 2)];
  const text = readFileSync(target, 'utf8');
  const uri = pathToFileURL(target).href;
  const client = new BenchClient();
  try {
    await client.initialize(pathToFileURL(dir).href);
    const fast = client.nextDiagnostics(uri);
    const t = performance.now();
    await client.open(uri, text);
    await fast;
    const fastMs = performance.now() - t;
    // The slow pass publishes at least 250 ms after the open; earlier publishes are fast passes (open, settings).
    let arrived = await client.nextDiagnostics(uri, 1);
    while (arrived - t < SLOW_DELAY_MS) arrived = await client.nextDiagnostics(uri, 1);
    const slowMs = arrived - t;
    add('open a file cold → fast / all diagnostics (incl. 250 ms pause)', name, `${ms(fastMs)} / ${ms(slowMs)}`, '≤ 1 s', slowMs <= 1000);
    const times: number[] = [];
    const positions = valuePositions(text, /docs: /, EDITS + WARMUP, 5);
    for (const [i, p] of positions.entries()) {
      const next = client.nextDiagnostics(uri);
      const s = performance.now();
      await client.edit(uri, p.line, p.character, 0, 'x');
      await next;
      if (i >= WARMUP) times.push(performance.now() - s);
    }
    const p95 = pct(times, 0.95);
    add('edit → fresh diagnostics (LSP) p50 / p95', name, `${ms(median(times))} / ${ms(p95)}`, 'p95 ≤ 30 ms', p95 <= 30);
  } finally {
    await client.shutdown();
  }
}

/**
 * The feature-specific bench scripts other areas keep next to this one (bench/<name>.ts, each printing its own
 * figures): run each in its own process, time-boxed, and append what it printed.
 */
function otherBenches(): string {
  const own = new Set(['run.ts', 'lsp.ts', 'generate.ts']);
  const scripts = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !own.has(f) && !f.startsWith('_'))
    .sort();
  let out = '';
  for (const f of scripts) {
    console.error(`bench/${f}`);
    const t = performance.now();
    // A script may ask for more time with a first line `// bench-timeout: <seconds>` (e.g. one that starts an editor).
    const asked = /^\/\/ bench-timeout: (\d+)/.exec(readFileSync(join(__dirname, f), 'utf8'));
    const timeout = asked ? Number(asked[1]) * 1000 : OTHER_TIMEOUT_MS;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, f)], { encoding: 'utf8', timeout, cwd: join(__dirname, '..') });
    const took = ((performance.now() - t) / 1000).toFixed(0);
    const status = r.error ? ` (stopped after ${took} s: ${r.error.message})` : r.status ? ` (exit ${r.status}, ${took} s)` : ` (${took} s)`;
    out += `\n\n### bench/${f}${status}\n\n\`\`\`\n${(r.stdout ?? '').trim()}\n\`\`\``;
  }
  return out;
}

/** Runs one part of the bench; a failure (e.g. a server that never answers) becomes a row, not a lost table. */
async function section(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    add('FAILED', name, (e instanceof Error ? e.message : String(e)).replace(/\|/g, '/'));
  }
}

/** `npm run bench -- <name> [args…]`: just that script, its output as it comes; its exit code is ours. */
function onlyScript(name: string, args: string[]): never {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, `${name}.ts`), ...args], { stdio: 'inherit', cwd: join(__dirname, '..') });
  process.exit(r.status ?? 1);
}

async function main(): Promise<void> {
  if (process.argv[2]) onlyScript(process.argv[2], process.argv.slice(3));
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'specsocket-bench-'));
  console.error(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  const sizes = QUICK ? [1000, 10000] : [1000, 10000, 50000];
  const specs: { name: string; path: string; text: string; lines: number; flavour: AsyncApiFlavour }[] = [];
  for (const flavour of ['2.6', '3.0'] as const) {
    for (const lines of sizes) {
      const text = generateAsyncApi(flavour, lines);
      const path = join(dir, `asyncapi-${flavour}-${lines / 1000}k.yaml`);
      writeFileSync(path, text);
      specs.push({ name: `generated ${flavour}, ${text.split('\n').length - 1} lines`, path, text, lines, flavour });
    }
  }
  console.error(`bench in ${dir}`);

  console.error('typing path, in process');
  for (const s of specs) inProcess(s.name, s.text);

  console.error('typing path, over LSP');
  let first = true;
  for (const s of specs) {
    await section(`LSP ${s.name}`, () =>
      overLsp(s.name, s.path, s.text, {
        target: s.lines === 10000 ? 30 : s.lines === 50000 ? 80 : undefined,
        completion: s.lines === 10000,
        rss: s.lines === 50000 || (QUICK && s.lines === 10000),
        init: first,
      }),
    );
    first = false;
  }

  console.error('semantic diagnostics vs @asyncapi/parser');
  await section('semantic, generated', () =>
    semanticVsParser(
      specs.filter((s) => s.lines <= 10000).map((s) => ({ name: s.name, path: s.path })),
      'generated',
      true,
    ),
  );
  const corpus = corpusFiles(CORPUS);
  const picked = QUICK ? corpus.slice(0, 8) : corpus;
  await section('semantic, corpus', () =>
    semanticVsParser(
      picked.map((p) => ({ name: p.slice(CORPUS.length + 1), path: p })),
      `corpus, ${picked.length} files`,
      false,
    ),
  );

  console.error('fern');
  await section('fern', () => fern(join(dir, 'fern-api')));

  const others = process.env.BENCH_CORE_ONLY === '1' ? '' : otherBenches();

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} at the end (shared machine)`;
  const table = [
    `Machine: ${machine}. Run took ${((performance.now() - started) / 1000).toFixed(0)} s${QUICK ? ' (BENCH_QUICK)' : ''}.`,
    '',
    '| metric | subject | measured | target | met |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.metric} | ${r.subject} | ${r.value} | ${r.target} | ${r.met} |`),
  ].join('\n');
  console.log(table + others);
  const out = join(tmpdir(), 'specsocket-bench.md');
  writeFileSync(out, table + others + '\n');
  console.error(`written to ${out}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);

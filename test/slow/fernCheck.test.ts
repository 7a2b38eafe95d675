/**
 * Agreement with Fern's own checker, both ways: runs the real `fern check` (npm fern-api, a devDependency; it runs
 * offline with `--local`) over every definition folder in test/corpus/fern (third-party workspaces) and
 * test/fixtures/fern, each as its own workspace, and demands
 * - every error it reports is an error of ours in the same file, inside the node its path names (the whole path
 *   must resolve; only a key it names as missing may be absent, and then the object lacking it is the place);
 * - every error of ours is at the place of one of its errors, unless excused below with its reason.
 * Prints the agreement table that docs/fern.md keeps. It lives in the slow layer (2-20 s of CPU per folder); a
 * missing Fern CLI is a failure, not a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { FIXTURES, CORPUS, diskService, fileUri, lineCol, walk } from '../helpers/fixtures';
import { nodeAtPath, nodeSpan } from '../../server/src/languageService/core/yamlAst';
import { Severity, type Span, type SpecDiagnostic } from '../../server/src/languageService/core/types';
import type { LanguageService } from '../../server/src/languageService/languageService';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'node_modules', 'fern-api', 'cli.cjs');

/** Definition folders: every folder named `definition` holding YAML. */
function definitionFolders(): string[] {
  const roots = [join(CORPUS, 'fern'), join(FIXTURES, 'fern')];
  const out = new Set<string>();
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const f of walk(root, /\.ya?ml$/i)) {
      const m = /^(.*\/definition)\//.exec(f);
      if (m) out.add(m[1]);
    }
  }
  return [...out].sort();
}

interface FernError {
  /** File relative to the definition folder (undefined for folder-level errors). */
  file?: string;
  path: string[];
  text: string;
  /** A schema error (`[api]: file -> …`): fern check reports the first of each file and then runs no rules. */
  schema: boolean;
}

/** Both report styles: `[api]: file -> a -> b` (schema) and `path: file -> a -> b` (rules). */
function parseReport(output: string): FernError[] {
  const out: FernError[] = [];
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    let m = /^\s*(\[[^\]]+\]:|path:)\s+(\S+\.ya?ml)(?:\s+->\s+(.*))?$/.exec(line);
    if (m) {
      const path = m[3] ? m[3].split(/\s+->\s+/).flatMap(segments) : [];
      out.push({ file: m[2], path, text: [line, lines[i + 1] ?? ''].join('\n'), schema: m[1] !== 'path:' });
    } else if (/Missing file: api\.yml/.test(line)) out.push({ path: [], text: line, schema: false });
    else if ((m = /Failed to parse (\S+\.ya?ml)/.exec(line))) out.push({ file: m[1], path: [], text: line, schema: true });
  });
  return out;
}

/** `examples[0]` (how rule paths name list items) is the key `examples`, then item 0. */
function segments(part: string): string[] {
  const m = /^(.+)\[(\d+)\]$/.exec(part);
  return m ? [m[1], m[2]] : [part];
}

async function fernCheck(definition: string): Promise<string> {
  const ws = mkdtempSync(join(tmpdir(), 'specsocket-fern-'));
  try {
    const version = (JSON.parse(readFileSync(join(dirname(CLI), 'package.json'), 'utf8')) as { version: string }).version;
    cpSync(definition, join(ws, 'fern', 'definition'), { recursive: true });
    writeFileSync(join(ws, 'fern', 'fern.config.json'), JSON.stringify({ organization: 'specsocket', version }));
    const env = {
      ...process.env,
      FERN_NO_VERSION_REDIRECTION: 'true',
      FERN_DISABLE_UPGRADE_CHECK: 'true',
      FERN_DISABLE_TELEMETRY: 'true',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    try {
      const r = await run(process.execPath, [CLI, 'check', '--local'], { cwd: ws, env, timeout: 900_000, maxBuffer: 16 << 20 });
      return r.stdout + r.stderr;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; killed?: boolean };
      if (err.killed) throw new Error(`fern check timed out in ${definition}`, { cause: e });
      return (err.stdout ?? '') + (err.stderr ?? '');
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

/**
 * Keys Fern's definition schema gained after the installed CLI was built: its `fern check` rejects them ("Did you
 * mean to remove 'auth-message'?") although Fern now accepts them (fern-api/fern WebSocketChannelSchema adds
 * `auth-message`), and so do we. An error on exactly such a key is excused only while the CLI's own bundle does not
 * know the key (its `marker`), so upgrading fern-api ends the excuse by itself.
 */
const NEWER_THAN_CLI = [{ path: ['channel', 'auth-message'], marker: 'token-property-path' }];
let cliSource: string | undefined;

function newerThanCli(e: FernError): boolean {
  const key = NEWER_THAN_CLI.find((k) => k.path.join('/') === e.path.join('/'));
  if (!key) return false;
  cliSource ??= readFileSync(CLI, 'utf8');
  return !cliSource.includes(key.marker);
}

/**
 * Where fern check's error is, in the file it names: from the key to the end of the value at its path. The whole
 * path must resolve, except for a last step fern check names by what is (not) there: a key it says is missing
 * (`examples[0] -> headers` of an example without headers: the object lacking it is the place), or an item of a
 * list or a lone string named by its value (`extends -> Color`: that item). Anything else fails the test.
 */
function placeOf(service: LanguageService, definition: string, e: FernError): { uri: string; span: Span } {
  const uri = fileUri(join(definition, e.file!));
  const doc = service.store.get(uri);
  assert.ok(doc, `fern check names ${e.file}, which we cannot read`);
  if (e.path.length === 0) return { uri, span: { start: 0, end: doc.text.length } };
  // On a path that stops early, nodeAtPath hands back the deepest node it reached.
  const target = nodeAtPath(doc.ast, e.path);
  const last = e.path[e.path.length - 1];
  const oneShort = target.depth === e.path.length - 1;
  const named = oneShort ? itemNamed(target.value, last) : undefined;
  if (named) return { uri, span: named };
  const missingKey = oneShort && isMap(target.value) && !/^\d+$/.test(last);
  assert.ok(
    target.depth === e.path.length || missingKey,
    `${e.file}: fern check's path ${e.path.join(' -> ')} does not resolve (it stops after ${target.depth} steps)`,
  );
  const key = nodeSpan(target.key);
  const value = nodeSpan(target.value);
  const start = key?.start ?? value!.start;
  return { uri, span: { start, end: Math.max(key?.end ?? start, value?.end ?? start) } };
}

function itemNamed(node: unknown, name: string): Span | undefined {
  const items = isSeq(node) ? node.items : [node];
  const hit = items.find((it) => isScalar(it) && String(it.value) === name);
  return hit ? nodeSpan(hit as Scalar) : undefined;
}

const ERROR_OR_WORSE = (d: SpecDiagnostic) => d.severity === Severity.Error && d.end > d.start;
const at = (d: SpecDiagnostic, s: Span) => d.start >= s.start && d.start <= s.end;

/** Our codes for what Fern's schema stage checks (keys and kinds of values); the rest are rules. */
const SCHEMA_CODES = new Set(['fern-unknown-key', 'fern-missing-key', 'fern-wrong-value-type', 'fern-invalid-origin', 'fern-missing-value']);

/** How far fern check got: it stops a file at its first schema error, and runs no rule once any file has one. */
interface Stops {
  /** No api.yml: nothing else is checked. */
  folder: boolean;
  /** Files with a schema error (fern check reports the first of each). */
  files: Set<string>;
}

/**
 * Why fern check cannot confirm one of our errors, or undefined when it should have reported it. Each reason is a
 * rule fern check (fern-api 5.131.1) does not make or did not get to; the table counts them.
 */
function excuse(stops: Stops, uri: string, service: LanguageService, d: SpecDiagnostic): string | undefined {
  if (stops.folder) return 'fern check stops at a folder without api.yml';
  if (stops.files.has(uri)) return 'fern check reports the first schema error of a file only';
  if (stops.files.size && !SCHEMA_CODES.has(d.code)) return 'fern check runs no rules once a file has a schema error';
  const channel = nodeSpan(nodeAtPath(service.store.get(uri)!.ast, ['channel']).value);
  // Its schema checks a channel's keys; no rule looks at its type references, examples or auth (fixtures show it).
  if (channel && at(d, channel) && !SCHEMA_CODES.has(d.code)) return 'fern check runs no rules on channels (ours: types, examples, auth)';
  return undefined;
}

interface Verdict {
  files: number;
  fern: number;
  ours: number;
  /** Our errors fern check cannot confirm, by reason. */
  excused: Map<string, number>;
  problems: string[];
}

function compare(definition: string, errors: FernError[]): Verdict {
  const service = diskService();
  const files = walk(definition, /\.ya?ml$/i);
  const all = new Map(files.map((f) => [fileUri(f), service.diagnostics(fileUri(f))]));
  const ours = new Map([...all].map(([uri, ds]) => [uri, ds.filter(ERROR_OR_WORSE)]));
  const matched = new Set<SpecDiagnostic>();
  const problems: string[] = [];
  const stops: Stops = { folder: false, files: new Set() };
  for (const e of errors) {
    if (!e.file) {
      // A folder without api.yml is a warning of ours (a folder named `definition` need not be Fern's).
      stops.folder = true;
      if (![...all.values()].flat().some((d) => d.code === 'fern-missing-api-yml')) problems.push(`fern check: ${e.text}\n  we report no fern-missing-api-yml`);
      continue;
    }
    const { uri, span } = placeOf(service, definition, e);
    if (e.schema) stops.files.add(uri);
    if (newerThanCli(e)) continue;
    const hits = (ours.get(uri) ?? []).filter((d) => at(d, span));
    hits.forEach((d) => matched.add(d));
    if (!hits.length) {
      const text = service.store.get(uri)!.text;
      problems.push(
        `fern check: ${e.text}\n  we report no error at ${e.file}:${lineCol(text, span.start)}; ours there: ${describe(ours.get(uri) ?? [], text)}`,
      );
    }
  }
  const excused = new Map<string, number>();
  for (const [uri, ds] of ours) {
    for (const d of ds.filter((x) => !matched.has(x))) {
      const why = excuse(stops, uri, service, d);
      if (why) excused.set(why, (excused.get(why) ?? 0) + 1);
      else
        problems.push(
          `we report ${d.code} at ${uri.slice(fileUri(definition).length + 1)}:${lineCol(service.store.get(uri)!.text, d.start)} ("${d.message}"), fern check nothing there`,
        );
    }
  }
  const count = [...ours.values()].reduce((n, ds) => n + ds.length, 0);
  return { files: files.length, fern: errors.length, ours: count, excused, problems };
}

function describe(ds: SpecDiagnostic[], text: string): string {
  return ds.length ? ds.map((d) => `${d.code}@${lineCol(text, d.start)}`).join(', ') : 'none';
}

const folders = definitionFolders();
const corpusWorkspaces = folders.filter((f) => f.startsWith(CORPUS));

test('the corpus and the fixtures give fern check something to chew on', () => {
  assert.ok(existsSync(CLI), `the Fern CLI is installed (npm fern-api): ${CLI}`);
  assert.ok(folders.length >= 40, `${folders.length} definition folders`);
  const withApi = corpusWorkspaces.filter((f) => existsSync(join(f, 'api.yml')));
  assert.ok(withApi.length >= 15, `${withApi.length} corpus workspaces with an api.yml`);
});

// Each folder is its own `fern check` process (2-20 s of CPU: start-up, and the larger workspaces); two run side by
// side (each takes up to 1.2 GB).
test('fern check and we report the same errors at the same places', { concurrency: 2, timeout: 3_600_000 }, async (t) => {
  const table: string[] = [];
  await Promise.all(
    folders.map((definition) => {
      const name = definition.replace(CORPUS, 'corpus').replace(FIXTURES, 'fixtures');
      return t.test(name, async (st) => {
        const output = await fernCheck(definition);
        const errors = parseReport(output);
        const passed = /All checks passed|Found 0 errors/.test(output);
        assert.ok(passed || errors.length, `fern check output neither passed nor named an error:\n${output}`);
        const v = compare(definition, errors);
        const agreed = v.problems.length === 0;
        const note = [...v.excused].map(([why, n]) => `${n}: ${why}`).join('; ');
        table.push(`| ${name.replace(/^corpus\/fern\//, '')} | ${v.files} | ${v.fern} | ${v.ours} | ${note || '-'} | ${agreed ? 'yes' : 'NO'} |`);
        st.diagnostic(passed ? 'fern check: passed' : `fern check: ${errors.map((e) => [e.file, ...e.path].join(' -> ')).join(' | ')}`);
        assert.ok(agreed, `${name}:\n${v.problems.slice(0, 20).join('\n')}\nfern check's output:\n${output.slice(0, 4000)}`);
      });
    }),
  );
  // The agreement table docs/fern.md keeps, one line per diagnostic (the reporter escapes newlines).
  for (const line of [
    '| workspace | files | fern check errors | our errors | ours fern check cannot confirm | agreed |',
    '|---|---|---|---|---|---|',
    ...table.sort(),
  ])
    t.diagnostic(line);
});

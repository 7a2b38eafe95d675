/**
 * Agreement with Fern's own checker: runs the real `fern check` (npm fern-api, a devDependency; it runs
 * offline with `--local`) over every definition folder in test/corpus/fern and test/fixtures/fern, and
 * demands that every error it reports is reported by us too, in the same file, with a range inside the node
 * it names. `fern check` stops at the first schema error of an API, so each folder runs as its own workspace.
 * It lives in the slow layer (about 4 s per folder); a missing Fern CLI is a failure, not a skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES, CORPUS, diskService, fileUri, walk } from '../helpers/fixtures';
import { nodeAtPath, nodeSpan } from '../../server/src/languageService/core/yamlAst';
import { Severity } from '../../server/src/languageService/core/types';

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
}

/** Both report styles: `[api]: file -> a -> b` (schema) and `path: file -> a -> b` (rules). */
function parseReport(output: string): FernError[] {
  const out: FernError[] = [];
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    let m = /^\s*(?:\[[^\]]+\]:|path:)\s+(\S+\.ya?ml)(?:\s+->\s+(.*))?$/.exec(line);
    if (m) out.push({ file: m[1], path: m[2] ? m[2].split(/\s+->\s+/).flatMap(segments) : [], text: [line, lines[i + 1] ?? ''].join('\n') });
    else if (/Missing file: api\.yml/.test(line)) out.push({ path: [], text: line });
    else if ((m = /Failed to parse (\S+\.ya?ml)/.exec(line))) out.push({ file: m[1], path: [], text: line });
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
      const r = await run(process.execPath, [CLI, 'check', '--local'], { cwd: ws, env, timeout: 120_000, maxBuffer: 16 << 20 });
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

function assertWeReport(definition: string, errors: FernError[], output: string): void {
  const service = diskService();
  for (const e of errors) {
    if (newerThanCli(e)) continue;
    if (!e.file) {
      const any = walk(definition).some((f) => service.diagnostics(fileUri(f)).some((d) => d.code === 'fern-missing-api-yml'));
      assert.ok(any, `fern check: ${e.text}\nwe report no fern-missing-api-yml in ${definition}`);
      continue;
    }
    const uri = fileUri(join(definition, e.file));
    const doc = service.store.get(uri);
    assert.ok(doc, `fern check names ${e.file}, which we cannot read`);
    const target = nodeAtPath(doc.ast, e.path);
    const s = nodeSpan(target.key) ?? nodeSpan(target.value) ?? { start: 0, end: doc.text.length };
    const end = nodeSpan(target.value)?.end ?? s.end;
    const ours = service.diagnostics(uri).filter((d) => d.severity <= Severity.Warning);
    const hit = ours.find((d) => d.end > d.start && d.start >= s.start && d.start <= end);
    assert.ok(
      hit,
      `fern check reported in ${definition}:\n${e.text}\nwe report nothing with a range in ${doc.text.slice(s.start, end).slice(0, 80)}\nours: ${JSON.stringify(ours.map((d) => [d.code, d.start]))}\nfull output:\n${output}`,
    );
  }
}

const folders = definitionFolders();

test('the corpus and the fixtures give fern check something to chew on', () => {
  assert.ok(existsSync(CLI), `the Fern CLI is installed (npm fern-api): ${CLI}`);
  assert.ok(folders.length >= 25, `${folders.length} definition folders`);
});

// Each folder is its own `fern check` process (~4 s of mostly start-up); a few run side by side.
test('every error fern check reports is ours too', { concurrency: 3, timeout: 600_000 }, async (t) => {
  await Promise.all(
    folders.map((definition) => {
      const name = definition.replace(CORPUS, 'corpus').replace(FIXTURES, 'fixtures');
      return t.test(name, async (st) => {
        const output = await fernCheck(definition);
        const errors = parseReport(output);
        const passed = /All checks passed|Found 0 errors/.test(output);
        assert.ok(passed || errors.length, `fern check output neither passed nor named an error:\n${output}`);
        st.diagnostic(
          passed
            ? 'fern check: passed'
            : `fern check: ${errors.map((e) => [e.file, ...e.path].join(' -> ') + (newerThanCli(e) ? ' (a key newer than this CLI: excused)' : '')).join(' | ')}`,
        );
        assertWeReport(definition, errors, output);
      });
    }),
  );
});

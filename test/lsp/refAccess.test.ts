/**
 * Over the bundled server and CLI: a spec in an untrusted workspace whose `$ref`s name /etc/passwd (relative),
 * /proc/self/environ, a file: URL, a symlink leading out, a FIFO and a file beside the workspace. Each gets its
 * diagnostic on the `$ref` value, hover and the Try it model show nothing of them, no error is logged; adding
 * the outer folder as a workspace folder lets the file beside it in. The CLI refuses the same.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { TryItModelRequest } from '../../common/src/protocol';
import { fileUri } from '../helpers/fixtures';
import { BESIDE_SECRET, HOSTILE_REFS, HOSTILE_SPEC, hostileWorkspace } from '../helpers/hostileRefs';
import { LspClient, messageText } from '../helpers/lspClient';

const w = hostileWorkspace();
const client = new LspClient();
const specUri = fileUri(w.spec);
const SECRETS = [BESIDE_SECRET, 'root:', 'PATH='];
const REFUSED = Object.entries(HOSTILE_REFS).filter(([, r]) => r.code);
const refusals = (d: Diagnostic[]) => d.filter((x) => String(x.code).startsWith('ref-'));

/** Line and character of a channel's `$ref` value (inside its quotes). */
function refPosition(name: string): { line: number; character: number } {
  const at = HOSTILE_SPEC.indexOf(`'${HOSTILE_REFS[name].ref}'`) + 1;
  const before = HOSTILE_SPEC.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function assertHidden(text: string, what: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} shows ${s}: ${text.slice(0, 500)}`);
}

before(async () => {
  await client.initialize(fileUri(w.ws), { workspaceFolders: [fileUri(w.ws)] });
  await client.open(specUri, readFileSync(w.spec, 'utf8'));
});

after(async () => {
  await client.shutdown();
  w.remove();
});

test('each refused $ref gets its diagnostic on its value; nothing of the target is in any message', async () => {
  const d = await client.waitForDiagnostics(specUri, (x) => refusals(x).length === REFUSED.length, 30_000);
  for (const [name, { code }] of REFUSED) {
    const at = refPosition(name);
    const hit = refusals(d).find((x) => x.range.start.line === at.line);
    assert.ok(hit, `${name}: ${JSON.stringify(d)}`);
    assert.equal(hit.code, code, name);
    assert.equal(hit.range.start.character, at.character - 1, `${name} starts at the quote`);
  }
  for (const x of d) assertHidden(messageText(x.message), String(x.code));
});

test('hover on each refused $ref shows why, and no content', async () => {
  for (const [name] of REFUSED) {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: specUri }, position: refPosition(name) });
    const text = JSON.stringify(hover?.contents ?? '');
    assert.match(text, /is not read/, name);
    assertHidden(text, name);
  }
});

test('the Try it model holds nothing of the refused files, and no error was logged', async () => {
  const model = await client.send(TryItModelRequest, { uri: specUri });
  assert.ok(model);
  assertHidden(JSON.stringify(model), 'the Try it model');
  assert.deepEqual(client.errorLogs, []);
});

test('adding the outer folder as a workspace folder lets the file beside the workspace in', async () => {
  await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: fileUri(w.dir), name: 'outer' }], removed: [] } });
  const d = await client.waitForDiagnostics(specUri, (x) => refusals(x).length === REFUSED.length - 2, 30_000);
  assert.deepEqual(
    refusals(d)
      .map((x) => x.range.start.line)
      .sort(),
    ['passwd', 'environ', 'url', 'fifo'].map((n) => refPosition(n).line).sort(),
  );
});

test('the CLI refuses the same references in the folder it was given', () => {
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'check', w.ws, '--format', 'json'], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  assertHidden(run.stdout, 'the CLI output');
  const results = JSON.parse(run.stdout) as { line: number; code: string }[];
  const refused = results.filter((r) => r.code.startsWith('ref-')).map((r) => [r.line, r.code]);
  assert.deepEqual(refused.sort(), REFUSED.map(([name, r]) => [refPosition(name).line + 1, r.code]).sort());
  const widened = spawnSync(process.execPath, [cli, 'check', w.ws, '--allow-ref-root', w.dir, '--format', 'json'], { encoding: 'utf8' });
  const stillRefused = (JSON.parse(widened.stdout) as { code: string }[]).filter((r) => r.code.startsWith('ref-'));
  assert.equal(stillRefused.length, REFUSED.length - 2, widened.stdout);
});

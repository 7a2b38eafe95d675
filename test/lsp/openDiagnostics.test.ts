/**
 * What an open publishes first. A large document (≥ 1 MB) gets its syntax diagnostics alone right after the
 * parse, then the fast checks (the official schema) a turn later; a small one gets both at once. An edit whose
 * large broken text (≥ 512 KB) had to be parsed whole does the same.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lspClient';
import { generateAsyncApi } from '../helpers/generate';
import { SYNTAX_FIRST_LOG } from '../../common/src/protocol';

const client = new LspClient();
after(() => client.shutdown());

/** A generated spec with a duplicate key (syntax) and a title that is a number (the official schema). */
function spec(lines: number): string {
  const text = generateAsyncApi('3.0', lines).replace('  title: Generated 3.0 API\n  version: 1.0.0\n', '  title: 5\n  version: 1.0.0\n  version: 2.0.0\n');
  assert.ok(text.includes('  title: 5\n'));
  return text;
}

/** The first two publications for `uri` after opening it (after `send`, when given). */
async function firstTwo(uri: string, text: string, send = () => client.open(uri, text)): Promise<string[][]> {
  const seen: PublishDiagnosticsParams[] = [];
  let done!: () => void;
  const two = new Promise<void>((resolve) => (done = resolve));
  const stop = client.onPublish((p) => p.uri === uri && seen.push(p) === 2 && done());
  await send();
  await two;
  stop();
  return seen.map((p) => p.diagnostics.map((d) => String(d.code)).sort());
}

test('a large document publishes its syntax diagnostics first, the schema ones next', { timeout: 60_000 }, async () => {
  await client.initialize();
  const text = spec(45000);
  assert.ok(text.length >= 2 ** 20, `${text.length} characters`);
  const [first, second] = await firstTwo('file:///tmp/specsocket-lsp-open/large.yaml', text);
  assert.deepEqual(first, ['duplicate-key']);
  assert.ok(second.includes('duplicate-key') && second.includes('schema-type'), second.join(', '));
});

test('a small document publishes both at once', async () => {
  const [first] = await firstTwo('file:///tmp/specsocket-lsp-open/small.yaml', spec(1000));
  assert.ok(first.includes('duplicate-key') && first.includes('schema-type'), first.join(', '));
});

test('an edit to a large broken text parsed whole publishes its syntax diagnostics first, the schema ones next', { timeout: 60_000 }, async () => {
  const uri = 'file:///tmp/specsocket-lsp-open/pasted.yaml';
  await firstTwo(uri, spec(1000));
  // A paste of the whole text (a document marker keeps it from the incremental parse's sections: parsed whole).
  const pasted = '---\n' + spec(25000);
  assert.ok(pasted.length >= 512 * 1024 && pasted.length < 2 ** 20, `${pasted.length} characters`);
  const logged = client.waitForLog(new RegExp(`^${SYNTAX_FIRST_LOG} ${uri} version 2$`));
  const [first, second] = await firstTwo(uri, pasted, () => client.change(uri, pasted).then(() => undefined));
  await logged;
  assert.deepEqual(first, ['duplicate-key']);
  assert.ok(second.includes('duplicate-key') && second.includes('schema-type'), second.join(', '));
});

/**
 * A 2.x `message: {oneOf: [...]}` with broken messages (ballerina's slack.yml): @asyncapi/parser lists every
 * alternative of every broken message (62 errors for six messages); we must report the same messages, each at
 * its own place, and nothing else — not one vague "`oneOf` is not allowed" over the whole list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPUS, readText } from '../helpers/fixtures';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import { schemaDiagnostics } from '../../server/src/languageService/asyncapi/schemaValidation';
import { nodeAtOffset } from '../../server/src/languageService/core/yamlAst';

const FILE = join(CORPUS, 'asyncapi/ballerina-platform__asyncapi-tools/samples/slack/asyncapi/slack.yml');
const LIST = ['channels', 'channel', 'subscribe', 'message', 'oneOf'];

test('slack.yml: each message the parser finds broken gets its own diagnostics, at that message', async () => {
  // Loaded only here: requiring the parser costs most of a second.
  const { Parser, fromFile } = await import('@asyncapi/parser');
  const { diagnostics } = await fromFile(new Parser(), FILE).parse();
  const parserErrors = diagnostics.filter((d) => d.severity === 0);
  const underList = parserErrors.filter((d) => LIST.every((s, i) => String(d.path[i]) === s) && /^\d+$/.test(String(d.path[LIST.length])));
  const parserMessages = [...new Set(underList.map((d) => Number(d.path[LIST.length])))].sort((a, b) => a - b);

  const doc = new SpecDocument('file://' + FILE, readText(FILE), 1);
  const ours = schemaDiagnostics(doc);
  const ourMessages = ours.map((d) => {
    const path = nodeAtOffset(doc.ast, d.start).path;
    assert.ok(
      LIST.every((s, i) => String(path[i]) === s) && typeof path[LIST.length] === 'number',
      `"${d.message}" is not inside one message: ${path.join('.')}`,
    );
    return Number(path[LIST.length]);
  });
  console.log(`parser: ${parserErrors.length} errors on messages ${parserMessages.join(',')}; ours: ${ours.length} on ${[...new Set(ourMessages)].join(',')}`);
  assert.equal(parserMessages.length, 6);
  assert.deepEqual(
    [...new Set(ourMessages)].sort((a, b) => a - b),
    parserMessages,
  );
});

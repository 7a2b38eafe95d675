/**
 * A text yaml's parser cannot read without overflowing the call stack (found by the fuzz suite, seed 5: a large
 * spec with blocks pasted into it, made from test/corpus/asyncapi/RobinTail__zod-sockets (MIT); kept gzipped in
 * test/fixtures/hostile). Before, every request threw and the slow
 * pass never published; now it is one diagnostic at the start and every feature answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseDocument } from 'yaml';
import { FIXTURES, serviceWith } from '../helpers/fixtures';

const text = gunzipSync(readFileSync(join(FIXTURES, 'hostile', 'parser-recursion.yaml.gz'))).toString('utf8');

test('the fixture still overflows yaml itself (else this test proves nothing)', () => {
  assert.throws(() => parseDocument(text, { uniqueKeys: false }), RangeError);
});

test('a text the YAML parser cannot read is one syntax-unreadable diagnostic, and no feature throws', () => {
  const { service, uri } = serviceWith({ 'spec.yaml': text });
  const u = uri('spec.yaml');
  const diags = service.diagnostics(u);
  assert.deepEqual(
    diags.map((d) => [d.code, d.start, d.end]),
    [['syntax-unreadable', 0, 1]],
  );
  for (const at of [0, 1000, text.length]) {
    service.completions(u, at);
    service.hover(u, at);
    service.definition(u, at);
  }
  service.symbols(u);
  service.tryItModel(u);
});

/**
 * Issue 13.9–12: hostile input gets fresh diagnostics from the real server within a generous budget, capped,
 * and never an error-level log line. Timeouts are the budget: far above what the fixed server takes (~1 s),
 * far below what it took before each fix (tens of seconds).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

const client = new LspClient();
after(() => client.shutdown());
const BUDGET_MS = 15_000;
const uri = (name: string) => `file:///tmp/specsocket-lsp-hostile/${name}`;
const head = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n";

test('60,000 duplicate keys: one diagnostic each up to the cap, within the budget', { timeout: 60_000 }, async () => {
  await client.initialize();
  await client.open(uri('dup.yaml'), `${head}x-dup:\n${'  a: 1\n'.repeat(60_000)}`);
  const d = await client.waitForDiagnostics(uri('dup.yaml'), () => true, BUDGET_MS);
  assert.equal(d.length, 1001);
  assert.equal(d.filter((x) => x.code === 'duplicate-key').length, 1000);
  assert.match(String(d[1000].message), /And 58999 more problems/);
  assert.deepEqual(client.errorLogs, []);
});

test('60,000 lines of `- x`: 1,000 diagnostics and one counting the rest, within the budget', { timeout: 60_000 }, async () => {
  await client.open(uri('list.yaml'), `${head}${'- x\n'.repeat(60_000)}`);
  const d = await client.waitForDiagnostics(uri('list.yaml'), () => true, BUDGET_MS);
  assert.equal(d.length, 1001);
  assert.equal(d[1000].code, 'too-many-diagnostics');
  assert.deepEqual(client.errorLogs, []);
});

test('a 100,000-value enum is validated within the budget, then a duplicate in it reported', { timeout: 120_000 }, async () => {
  const values = Array.from({ length: 100_000 }, (_, i) => `        - v${i}\n`).join('');
  const text = `${head}components:\n  schemas:\n    E:\n      type: string\n      enum:\n${values}`;
  // All distinct: ajv's own check compared every pair (~5 billion), the worst case.
  const opened = client.nextPublish(uri('enum.yaml'), 1, BUDGET_MS);
  await client.open(uri('enum.yaml'), text);
  assert.deepEqual((await opened).diagnostics, []);
  const changed = client.nextPublish(uri('enum.yaml'), 2, BUDGET_MS);
  await client.change(uri('enum.yaml'), text + '        - v7\n');
  const d = (await changed).diagnostics;
  assert.deepEqual(
    d.map((x) => x.message),
    ['Items 7 and 100000 are identical; list each value once.'],
  );
  assert.deepEqual(client.errorLogs, []);
});

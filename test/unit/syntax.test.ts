import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';

test('reports every YAML syntax error, not only the first', () => {
  const { service, uri } = serviceWith({
    'a.yaml': 'asyncapi: 3.0.0\ninfo: [unclosed\nchannels:\n  a: "also unclosed\n',
  });
  const diags = service.fastDiagnostics(uri('a.yaml')).filter((d) => d.code.startsWith('syntax-'));
  assert.ok(diags.length >= 2, `expected several syntax errors, got ${JSON.stringify(diags)}`);
});

test('duplicate keys land on the second key', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml': 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\n«info»:\n  title: y\n',
  });
  const dup = service.fastDiagnostics(uri('a.yaml')).find((d) => d.code === 'duplicate-key');
  assert.ok(dup, 'duplicate-key reported');
  assert.deepEqual({ start: dup.start, end: dup.end }, marks['a.yaml'].spans[0]);
});

test('a YAML alias bomb is refused, not expanded', () => {
  const lines = ['asyncapi: 3.0.0', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill('*' + String.fromCharCode(96 + i))
        .join(',')}]`,
    );
  const { service, uri } = serviceWith({ 'bomb.yaml': lines.join('\n') + '\n' });
  const started = Date.now();
  const diags = service.fastDiagnostics(uri('bomb.yaml'));
  assert.ok(Date.now() - started < 2000);
  assert.ok(
    diags.some((d) => d.code === 'syntax-unreadable'),
    JSON.stringify(diags),
  );
});

test('files that are not specs get syntax checks only', () => {
  const { service, uri } = serviceWith({ 'other.yaml': 'name: x\nitems: [1, 2\n' });
  const diags = service.fastDiagnostics(uri('other.yaml'));
  assert.ok(diags.every((d) => d.code.startsWith('syntax-')));
});

test("a key that is a collection (broken JSON) is no process warning on the server's stderr", async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const { service, uri } = serviceWith({ 'b.json': '{"asyncapi": "3.0.0", {"a": 1,\n "b": 2}: 1}' });
    service.diagnostics(uri('b.json'));
    // Process warnings are emitted on the next tick.
    await new Promise((resolve) => process.nextTick(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(
    warnings.filter((m) => /Keys with collection values/.test(m)),
    [],
  );
});

/**
 * Hostile or broken input: every case gets diagnostics or nothing, the service never throws (the helpers turn a
 * throwing feature into a test failure), and each case finishes within the test's timeout (a hang fails it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryFs, memUri } from '../helpers/fixtures';
import { LanguageService } from '../../server/src/languageService/languageService';
import { Severity, type SpecDiagnostic } from '../../server/src/languageService/core/types';

const BOUND = { timeout: 60_000 };

/** Every request the service answers, on one file; diagnostics must have spans inside the text. */
function exercise(files: Record<string, string>): SpecDiagnostic[] {
  // Not `serviceWith`: its marker scan is far too slow for a 10 MB text, and these inputs carry no markers.
  const service = new LanguageService({
    fs: memoryFs(files),
    onError: (f, e) => {
      throw new Error(`feature ${f} threw: ${e instanceof Error ? e.stack : String(e)}`);
    },
  });
  const uri = memUri;
  const name = Object.keys(files)[0];
  const text = files[name];
  service.store.setOpen(uri(name), text, 1);
  const diags = service.diagnostics(uri(name));
  for (const d of diags) assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `span inside the text: ${JSON.stringify(d)}`);
  const mid = Math.floor(text.length / 2);
  service.hover(uri(name), mid);
  service.completions(uri(name), mid);
  service.definition(uri(name), mid);
  service.symbols(uri(name));
  return diags;
}

test('binary junk', BOUND, () => {
  let junk = 'asyncapi: 3.0.0\n';
  for (let i = 0; i < 20000; i++) junk += String.fromCharCode((i * 7919 + 13) % 65536);
  exercise({ 'junk.yaml': junk });
});

test('a 10 MB spec', BOUND, () => {
  // Half a megabyte of structure (channels with parameters, refs and examples) and a 9.5 MB description:
  // the size limits are exercised without spending minutes in the YAML parser (~2 s per MB of dense YAML here).
  const lines = ['asyncapi: 2.6.0', "info: {title: big, version: '1'}", 'channels:'];
  let size = 0;
  for (let i = 0; size < 512 * 1024; i++) {
    const block = `  ch${i}/{id}:\n    parameters:\n      id: {schema: {type: string}}\n    subscribe:\n      operationId: op${i}\n      message:\n        payload: {$ref: '#/components/schemas/S'}\n        examples:\n          - payload: {n: ${i}}\n`;
    lines.push(block);
    size += block.length;
  }
  lines.push(
    `components:\n  schemas:\n    S:\n      type: object\n      properties: {n: {type: integer}}\n      description: "${'lorem ipsum '.repeat(Math.ceil((9.5 * 1024 * 1024) / 12))}"\n`,
  );
  const text = lines.join('\n');
  assert.ok(text.length >= 10 * 1024 * 1024);
  const diags = exercise({ 'big.yaml': text });
  assert.deepEqual(
    diags.filter((d) => d.severity === Severity.Error),
    [],
    'a large valid spec stays valid',
  );
  assert.ok(
    diags.some((d) => d.code === 'semantic-checks-limited' && d.severity === Severity.Information),
    'the user is told which checks were skipped',
  );
});

test('1,000-deep nesting, in a payload with an example', BOUND, () => {
  const depth = 1000;
  const schema = '{type: object, properties: {a: '.repeat(depth) + '{type: string}' + '}}'.repeat(depth);
  const example = '{a: '.repeat(depth) + '1' + '}'.repeat(depth);
  exercise({
    'deep.yaml': `asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nchannels:\n  c:\n    address: c\n    messages:\n      m:\n        payload: ${schema}\n        examples:\n          - payload: ${example}\n`,
  });
});

test('a YAML alias bomb', BOUND, () => {
  const lines = ['asyncapi: 3.0.0', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill('*' + String.fromCharCode(96 + i))
        .join(',')}]`,
    );
  exercise({ 'bomb.yaml': lines.join('\n') + '\n' });
});

test('circular refs: self, pure ref loops, cross-file cycles', BOUND, () => {
  const diags = exercise({
    'main.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message:
        payload: {$ref: '#/components/schemas/Loop1'}
        examples: [{payload: {x: 1}}]
  b:
    subscribe:
      message: {$ref: 'other.yaml#/M'}
components:
  schemas:
    Loop1: {$ref: '#/components/schemas/Loop2'}
    Loop2: {$ref: '#/components/schemas/Loop1'}
    Self: {$ref: '#/components/schemas/Self'}
    Whole: {$ref: '#'}
`,
    'other.yaml': `M:\n  payload: {$ref: 'main.yaml#/components/schemas/Whole'}\n  x-back: {$ref: '#/M'}\n`,
  });
  assert.ok(!diags.some((d) => d.code === 'invalid-ref'), JSON.stringify(diags.filter((d) => d.code === 'invalid-ref')));
});

test('refs to missing files and to folders', BOUND, () => {
  const diags = exercise({
    'spec/main.yaml': `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  a: {$ref: 'missing.yaml#/A'}
  b: {$ref: './'}
  c: {$ref: '../spec'}
  d: {$ref: 'sub/'}
  e: {$ref: '%%%'}
`,
    'spec/sub/x.yaml': 'A: {}\n',
  });
  assert.equal(diags.filter((d) => d.code === 'invalid-ref').length, 5, JSON.stringify(diags.map((d) => [d.code, d.message])));
});

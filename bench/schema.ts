/**
 * Schema validation figures: `node --import tsx bench/schema.ts`. Prints the one-time compile per version and,
 * on generated 3.0 specs, the per-keystroke cost of schema diagnostics (plain value + ajv + error mapping) next to
 * the YAML parse it follows. No assertions: figures only.
 */
import { SpecDocument } from '../server/src/languageService/core/specDocument';
import { schemaDiagnostics } from '../server/src/languageService/asyncapi/schemaValidation';
import { SUPPORTED_VERSIONS } from '../server/src/languageService/asyncapi/officialSchemas';
import { validatorFor } from '../server/src/languageService/asyncapi/schemas';
import { asyncapiCompletion } from '../server/src/languageService/asyncapi/completion';
import { asyncapiHover } from '../server/src/languageService/asyncapi/hover';
import type { FeatureContext } from '../server/src/languageService/core/featureContext';

function spec(channels: number, errors: boolean): string {
  const L = [
    'asyncapi: 3.0.0',
    'info:',
    '  title: Big',
    '  version: 1.0.0',
    'servers:',
    '  prod:',
    '    host: x.example.com',
    '    protocol: wss',
    'channels:',
  ];
  for (let i = 0; i < channels; i++)
    L.push(
      `  ch${i}:`,
      `    address: /rooms/{id}/c${i}`,
      '    parameters:',
      '      id:',
      '        description: Room id',
      '    messages:',
      `      m${i}:`,
      `        $ref: '#/components/messages/m${i}'`,
    );
  L.push('operations:');
  for (let i = 0; i < channels; i++)
    L.push(
      `  op${i}:`,
      `    action: ${errors && i % 50 === 0 ? 'sned' : 'send'}`,
      '    channel:',
      `      $ref: '#/channels/ch${i}'`,
      '    messages:',
      `      - $ref: '#/channels/ch${i}/messages/m${i}'`,
    );
  L.push('components:', '  messages:');
  for (let i = 0; i < channels; i++) {
    L.push(
      `    m${i}:`,
      `      name: M${i}`,
      '      payload:',
      '        type: object',
      '        properties:',
      '          text:',
      '            type: string',
      `            description: Text ${i}`,
      '          n:',
      '            type: integer',
    );
    if (errors && i % 50 === 0) L.push('      adress: x');
  }
  return L.join('\n') + '\n';
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(1)} ms, median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(1)} ms`;
};

for (const v of SUPPORTED_VERSIONS) {
  const t = performance.now();
  validatorFor(v);
  console.log(`compile ${v}: ${(performance.now() - t).toFixed(0)} ms (once per process)`);
}

for (const [channels, errors] of [
  [38, false],
  [380, false],
  [380, true],
  [1900, false],
] as const) {
  const text = spec(channels, errors);
  const parse: number[] = [];
  const plain: number[] = [];
  const schema: number[] = [];
  let count = 0;
  for (let i = 0; i < 25; i++) {
    let t = performance.now();
    const doc = new SpecDocument('file:///bench.yaml', text, i);
    parse.push(performance.now() - t);
    t = performance.now();
    void doc.value;
    plain.push(performance.now() - t);
    t = performance.now();
    count = schemaDiagnostics(doc).length;
    schema.push(performance.now() - t);
  }
  console.log(
    `${text.split('\n').length} lines${errors ? `, ${count} errors` : ''}: yaml parse ${stats(parse)}; plain value ${stats(plain)}; validation + mapping ${stats(schema)}`,
  );
}

// The typing path: a one-character edit inside one entry, parsed incrementally from the previous version
// (the plain value is patched, not rebuilt), then validated.
for (const channels of [380, 1900]) {
  let text = spec(channels, false);
  let doc = new SpecDocument('file:///edit.yaml', text, 0);
  schemaDiagnostics(doc);
  const parsed: number[] = [];
  const edit: number[] = [];
  for (let i = 1; i <= 40; i++) {
    const at = text.indexOf(`description: Text ${(i * 37) % channels}\n`) + 'description: Text'.length;
    text = text.slice(0, at) + (i % 2 ? 'x' : '') + text.slice(i % 2 ? at : at + 1);
    let t = performance.now();
    doc = new SpecDocument('file:///edit.yaml', text, i, doc);
    void doc.value;
    parsed.push(performance.now() - t);
    t = performance.now();
    schemaDiagnostics(doc);
    edit.push(performance.now() - t);
  }
  console.log(`${text.split('\n').length} lines, one-character edit: incremental parse + patched value ${stats(parsed)}; schema diagnostics ${stats(edit)}`);
}

// Completion and hover on a 10k-line spec (schema lookups only; the parse is shared with diagnostics).
const text = spec(380, false);
const doc = new SpecDocument('file:///bench.yaml', text, 1);
const ctx = { doc, kind: 'asyncapi', settings: {}, token: { isCancellationRequested: false }, dependsOn: new Set() } as unknown as FeatureContext;
const at = text.indexOf('      name: M200');
const comp: number[] = [];
const hov: number[] = [];
for (let i = 0; i < 50; i++) {
  let t = performance.now();
  asyncapiCompletion.completions!(ctx, at + 6);
  comp.push(performance.now() - t);
  t = performance.now();
  asyncapiHover.hover!(ctx, at + 7);
  hov.push(performance.now() - t);
}
console.log(`completion at 10k lines: ${stats(comp)}; hover: ${stats(hov)}`);

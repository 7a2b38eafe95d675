/** Schemas written inside a spec are checked as schemas (issue 16.13). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { parse } from 'yaml';
import { Severity, type TextEdit } from '../../server/src/languageService/core/types';
import { LanguageService } from '../../server/src/languageService/languageService';

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

function diagnostics(source: string, file = 'a.yaml') {
  const { service, marks, uri } = serviceWith({ [file]: source });
  const diags = service.fastDiagnostics(uri(file)).sort((a, b) => a.start - b.start);
  return { diags, spans: marks[file].spans, text: marks[file].text, service, uri: uri(file) };
}

const span = (d: { start: number; end: number }) => ({ start: d.start, end: d.end });

test('2.x ws channel binding: query and headers are draft-07 schemas (`required` a string is an error)', () => {
  const { diags, spans } = diagnostics(`asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  c:
    bindings:
      ws:
        method: GET
        query:
          type: object
          required: «channel_id»
          properties:
            channel_id: {type: string}
        «mehtod»: GET
components:
  channelBindings:
    b:
      ws:
        headers: {type: object, required: «token»}
`);
  assert.deepEqual(diags.map(span), spans, JSON.stringify(diags.map((d) => d.message)));
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity]),
    [
      ['schema-type', Severity.Error],
      ['schema-unknown-key', Severity.Error],
      ['schema-type', Severity.Error],
    ],
  );
});

test('2.x ws server and operation bindings are left as the spec has them', () => {
  const { diags } = diagnostics(`asyncapi: 2.6.0
info: {title: t, version: '1'}
servers:
  s: {url: x, protocol: ws, bindings: {ws: {anything: 1}}}
channels:
  c:
    publish:
      bindings: {ws: {anything: 1}}
      message: {payload: {type: string}}
`);
  assert.deepEqual(diags, []);
});

test('2.x ws channel binding keys are completed from the binding schema', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml': "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  c:\n    bindings:\n      ws:\n        ‸\n",
  });
  const labels = service.completions(uri('a.yaml'), marks['a.yaml'].cursors[0]).map((c) => c.label);
  assert.deepEqual(labels.sort(), ['bindingVersion', 'headers', 'method', 'query']);
});

const ARRAY = `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  c:
    messages:
      m:
        payload:
          type: array
          «properties»:
            id: {type: string}
            # the id of the room
            room:
              type: string
          required: [id]
`;

test('`properties` under `type: array` is a warning on the key', () => {
  const { diags, spans } = diagnostics(ARRAY);
  assert.deepEqual(diags.map(span), spans, JSON.stringify(diags.map((d) => d.message)));
  assert.equal(diags[0].code, 'array-properties');
  assert.equal(diags[0].severity, Severity.Warning);
});

/**
 * The walk keeps what it found per entry (by the entry's plain-value object: a spliced version's AST is the old one
 * rewritten in place). Over a chain of spliced versions, edits inside an entry must show: a `type` turned into
 * `array` (and back), a line inserted above (every warning below moves), `properties` renamed.
 */
test('`properties` under `type: array` over a chain of spliced versions: the same warnings as a fresh parse', () => {
  const fs = { readFile: () => undefined, readDirectory: () => undefined };
  const entry = (i: number, type: string) => [`    S${i}:`, `      type: ${type}`, '      description: d', '      properties:', '        a: {type: string}'];
  let text =
    [
      'asyncapi: 3.0.0',
      "info: {title: t, version: '1'}",
      'components:',
      '  schemas:',
      ...[0, 1, 2, 3].flatMap((i) => entry(i, i === 1 ? 'array' : 'object')),
    ].join('\n') + '\n';
  const live = new LanguageService({ fs });
  const uri = 'file:///chain.yaml';
  live.store.setOpen(uri, text, 1);
  const warnings = (s: LanguageService) => s.fastDiagnostics(uri).filter((d) => d.code === 'array-properties');
  assert.equal(warnings(live).length, 1);
  // [the entry edited, from, to, the warnings after]
  const edits: [string, string, string, number][] = [
    ['S2', 'type: object', 'type: array', 2], // deep inside an entry
    ['S0', 'description: d', 'description: dx', 2], // above every warning: they all move
    ['S1', 'type: array', 'type: object', 1],
    ['S2', '  properties:', '  propertie:', 0],
    ['S0', 'description: dx', 'description: d\n      x-note: 1', 0],
    ['S2', '  propertie:', '  properties:', 1],
  ];
  let version = 1;
  for (const [name, from, to, count] of edits) {
    const at = text.indexOf(from, text.indexOf(`${name}:`));
    text = text.slice(0, at) + to + text.slice(at + from.length);
    const prevAst = live.store.get(uri)!.ast;
    live.store.setOpen(uri, text, ++version);
    assert.equal(live.store.get(uri)!.ast, prevAst, `spliced: ${name} ${from} → ${to}`);
    const fresh = new LanguageService({ fs });
    fresh.store.setOpen(uri, text, version);
    assert.deepEqual(warnings(live), warnings(fresh), `after ${name} ${from} → ${to}`);
    assert.equal(warnings(live).length, count, `after ${name} ${from} → ${to}`);
  }
});

test('the fix wraps block `properties` in `items: {type: object}`, keeping comments, and the warning goes', () => {
  const { diags, service, uri, text } = diagnostics(ARRAY);
  const [action] = service.codeActions(uri, diags[0], diags);
  assert.equal(action.isPreferred, true);
  const fixed = apply(text, action.edit[uri]);
  assert.deepEqual(parse(fixed).channels.c.messages.m.payload, {
    type: 'array',
    items: { type: 'object', properties: { id: { type: 'string' }, room: { type: 'string' } } },
    required: ['id'],
  });
  assert.match(fixed, /\n {14}# the id of the room\n/);
  assert.deepEqual(diagnostics(fixed).diags, []);
});

test('the fix in flow YAML and JSON', () => {
  const flow = diagnostics(
    "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    L: {type: array, «properties»: {a: {type: string}}}\n",
  );
  assert.deepEqual(flow.diags.map(span), flow.spans);
  const flowFixed = apply(flow.text, flow.service.codeActions(flow.uri, flow.diags[0], flow.diags)[0].edit[flow.uri]);
  assert.deepEqual(parse(flowFixed).components.schemas.L, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } });

  const json = diagnostics(
    '{"asyncapi": "3.0.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {"L": {"type": "array", «"properties"»: {"a": {"type": "string"}}}}}}',
    'a.json',
  );
  assert.deepEqual(json.diags.map(span), json.spans);
  const jsonFixed = apply(json.text, json.service.codeActions(json.uri, json.diags[0], json.diags)[0].edit[json.uri]);
  assert.deepEqual(JSON.parse(jsonFixed).components.schemas.L, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } });
});

test('`properties` inside examples, defaults and x- extensions is data, not a schema', () => {
  const { diags } = diagnostics(`asyncapi: 3.0.0
info: {title: t, version: '1'}
x-notes: {type: array, properties: {a: 1}}
components:
  schemas:
    S:
      type: object
      default: {type: array, properties: {a: 1}}
      examples:
        - {type: array, properties: {a: 1}}
`);
  assert.deepEqual(diags, []);
});

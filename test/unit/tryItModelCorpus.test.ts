/** The Try it model never throws: hostile inputs give a model (or nothing) with problems (the corpus: test/slow). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';
import type { TryItModel } from '../../common/src/tryItModel';

const one = (text: string): TryItModel => {
  const { service, uri } = serviceWith({ 'a.yaml': text });
  return service.tryItModel(uri('a.yaml'))!;
};

test('circular payload schemas are cut, still validate, and the model is plain JSON', () => {
  const m = one(`asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  c:
    messages:
      tree: {payload: {$ref: '#/components/schemas/Node'}}
operations:
  o: {action: send, channel: {$ref: '#/channels/c'}}
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
`);
  const msg = m.channels[0].operations[0].messages[0];
  assert.deepEqual((msg.payload as { properties: { children: { items: unknown } } }).properties.children.items, {
    'x-specsocket-circular': '#/components/schemas/Node',
  });
  const matcher = createMessageMatcher(receivableMessages(m));
  assert.equal(matcher.match({ data: '{"name":"a","children":[{"name":"b"}]}' }).valid, true);
  assert.deepEqual(
    matcher.match({ data: '{"children":[]}' }).errors.map((e) => e.message),
    ["must have required property 'name'"],
  );
});

test('a chain of schemas each referring to the previous is bounded, with one problem saying so', () => {
  const schemas = Array.from(
    { length: 60 },
    (_, i) =>
      `    S${i}:\n      type: object\n      properties:\n        id: {type: string}${i ? `\n        prev: {$ref: '#/components/schemas/S${i - 1}'}` : ''}`,
  ).join('\n');
  const m = one(`asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  c:
    messages:
      last: {payload: {$ref: '#/components/schemas/S59'}}
operations:
  o: {action: send, channel: {$ref: '#/channels/c'}}
components:
  schemas:
${schemas}
`);
  const payload = JSON.stringify(m.channels[0].operations[0].messages[0].payload);
  assert.ok(payload.includes('"x-specsocket-truncated":true'));
  assert.ok(payload.length < 5000, String(payload.length));
  assert.deepEqual(m.problems, [
    '1 schema(s) are too deep or too large to carry whole (first: #/channels/c/messages/last/payload); their deepest parts accept any value in Try it.',
  ]);
});

test('hostile inputs: binary junk, deep nesting, alias bombs, odd shapes give a model or nothing, never a throw', () => {
  let junk = 'asyncapi: 3.0.0\n';
  for (let i = 0; i < 3000; i++) junk += String.fromCharCode((i * 7919) % 65536);
  const deep = 'asyncapi: 2.6.0\nchannels:\n  c:\n    publish:\n      message:\n        payload: ' + '{a: '.repeat(1000) + '1' + '}'.repeat(1000) + '\n';
  const bomb =
    'asyncapi: 2.6.0\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
  const odd = [
    'asyncapi: 3.0.0\nchannels: {c: {address: 5, messages: [1], parameters: 3, bindings: {ws: {query: 7}}}}\noperations: {o: {action: send, channel: {$ref: 5}, messages: {a: 1}, reply: 3}}\n',
    'asyncapi: 2.6.0\nchannels: {c: {publish: {message: {oneOf: 3}}, subscribe: 7, parameters: {p: {schema: {$ref: "#/x"}}}}}\nservers: {s: {url: 5, protocol: 6, security: [3, {a: 1}], variables: [1]}}\n',
    'asyncapi: 3.0.0\nservers: {s: {$ref: "#/servers/s"}}\nchannels: {c: {$ref: "#/channels/c"}}\n',
    'asyncapi: 3.0.0\ncomponents: {messages: {m: {payload: {$ref: "#/components/messages/m/payload"}}}}\nchannels: {c: {messages: {m: {$ref: "#/components/messages/m"}}}}\noperations: {o: {action: receive, channel: {$ref: "#/channels/c"}}}\n',
  ];
  for (const text of [junk, deep, bomb, ...odd]) {
    const { service, uri } = serviceWith({ 'a.yaml': text });
    const m = service.tryItModel(uri('a.yaml'));
    if (m) assert.doesNotThrow(() => JSON.stringify(m));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith, slowDiagnosticsOf } from '../helpers/fixtures';
import { Severity } from '../../server/src/languageService/core/types';
import { compileCount, instancesCreated, validate } from '../../server/src/languageService/asyncapi/semantic/exampleValidator';

const run = slowDiagnosticsOf;

test('2.x examples are checked against the dereferenced payload and headers; errors land on the wrong value', () => {
  const r = run(
    {
      'a.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message:
        headers: {type: object, properties: {id: {type: integer}}}
        payload: {$ref: '#/components/schemas/Price'}
        examples:
          - headers: {id: «x»}
            payload: {amount: «'12'», currency: EUR}
          - payload: {amount: 3, currency: EUR, «extra»: 1}
          - payload: «{currency: EUR}»
components:
  schemas:
    Price:
      type: object
      additionalProperties: false
      required: [amount]
      properties:
        amount: {type: number}
        currency: {type: string}
`,
    },
    'asyncapi2-message-examples',
  );
  assert.deepEqual(r.spans, r.expected, JSON.stringify(r.diags.map((d) => d.message)));
  assert.ok(r.diags.every((d) => d.severity === Severity.Error));
  assert.match(r.diags[1].message, /^Example payload does not match the message's payload schema: \/amount must be number/);
});

test('2.x messages with a non-JSON schemaFormat are not checked', () => {
  const r = run(
    {
      'a.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message:
        schemaFormat: application/vnd.apache.avro;version=1.9.0
        payload: {type: record, name: X, fields: []}
        examples:
          - payload: {anything: 1}
`,
    },
    'asyncapi2-message-examples',
  );
  assert.deepEqual(r.diags, []);
});

test('3.x examples are checked too (a warning: the parser has no such rule), payloads from other files', () => {
  const r = run(
    {
      'a.yaml': `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  c:
    address: c
    messages:
      m:
        payload: {$ref: 'schemas.yaml#/Tick'}
        examples:
          - payload: {price: «cheap»}
      multi:
        payload:
          schemaFormat: application/vnd.aai.asyncapi+json;version=3.0.0
          schema: {type: integer}
        examples:
          - payload: «x»
      avro:
        payload:
          schemaFormat: application/vnd.apache.avro;version=1.9.0
          schema: {type: int}
        examples:
          - payload: x
`,
      'schemas.yaml': 'Tick:\n  type: object\n  properties:\n    price: {type: number}\n',
    },
    'asyncapi3-message-examples',
  );
  assert.deepEqual(r.spans, r.expected, JSON.stringify(r.diags.map((d) => d.message)));
  assert.ok(r.diags.every((d) => d.severity === Severity.Warning));
  assert.deepEqual(r.service.dependents(r.uri('schemas.yaml')), [r.uri('a.yaml')]);
});

test('2020-12 tuple schemas (prefixItems) are read as 2020-12, not rejected as draft-07', () => {
  const r = run(
    {
      'a.yaml': `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  c:
    address: c
    messages:
      m:
        payload:
          type: array
          prefixItems: [{type: string}, {type: integer}]
          items: {not: {}}
        examples:
          - payload: [a, 1]
          - payload: [a, «b»]
`,
    },
    'asyncapi3-message-examples',
  );
  assert.deepEqual(r.spans, r.expected, JSON.stringify(r.diags.map((d) => d.message)));
});

test('results are cached by content: a new document version (new objects, same content) compiles nothing', () => {
  const schema = { type: 'object', properties: { a: { type: 'integer' } } };
  const errors = validate(schema, { a: 'x' });
  assert.equal(errors.length, 1);
  const before = compileCount();
  const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  assert.deepEqual(validate(copy(schema), { a: 'x' }), errors);
  assert.deepEqual(validate(copy(schema), { a: 1 }), [], 'another value of the same schema reuses its validator');
  assert.equal(compileCount(), before);
  assert.equal(validate({ type: 'object', properties: { a: { type: 'string' } } }, { a: 'x' }).length, 0);
  assert.equal(compileCount(), before + 1, 'another schema is compiled');
});

test('draft-07 payloads never create a 2020-12 ajv instance, also when theirs is replaced', () => {
  const draft7 = instancesCreated('draft7');
  const draft2020 = instancesCreated('draft2020');
  // More distinct schemas than an instance keeps (64): the draft-07 instance is replaced at least once.
  for (let i = 0; i < 65; i++) assert.equal(validate({ type: 'object', properties: { [`draft7-${i}`]: { const: i } } }, { [`draft7-${i}`]: -1 }).length, 1);
  assert.ok(instancesCreated('draft7') > draft7, 'the draft-07 instance was replaced');
  assert.equal(instancesCreated('draft2020'), draft2020, 'no 2020-12 instance for draft-07 schemas');
  assert.equal(validate({ type: 'array', prefixItems: [{ type: 'string' }] }, [1]).length, 1);
});

test('example diagnostics are the same after an unrelated edit', () => {
  const text = `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message:
        payload: {type: integer}
        examples:
          - payload: nope
`;
  const { service, uri } = serviceWith({ 'a.yaml': text });
  const first = service.slowDiagnostics(uri('a.yaml'));
  service.store.setOpen(uri('a.yaml'), text.replace("version: '1'", "version: '2'"), 2);
  const second = service.slowDiagnostics(uri('a.yaml'));
  assert.deepEqual(
    second.map((d) => [d.code, d.start]),
    first.map((d) => [d.code, d.start]),
  );
  assert.equal(first.length, 1);
});

test("2.x schema default and examples must match their schema (the parser's asyncapi2-schema-default/-examples)", () => {
  const text = `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a/{id}:
    parameters:
      id:
        schema: {type: integer, default: «true»}
components:
  schemas:
    Price:
      type: object
      properties: {amount: {type: number}}
      examples:
        - {amount: 1}
        - {amount: «[1]»}
        - just a string is never reported
`;
  const { service, marks, uri } = serviceWith({ 'a.yaml': text });
  const diags = service.slowDiagnostics(uri('a.yaml')).filter((d) => d.code.startsWith('asyncapi2-schema-'));
  assert.deepEqual(
    diags.map((d) => [d.code, d.start, d.end]),
    [
      ['asyncapi2-schema-default', marks['a.yaml'].spans[0].start, marks['a.yaml'].spans[0].end],
      ['asyncapi2-schema-examples', marks['a.yaml'].spans[1].start, marks['a.yaml'].spans[1].end],
    ],
  );
});

test('annotations do not count: a reworded description reuses the validator, a property named description does count', () => {
  const schema = (description: string, title: 'string' | 'integer') => ({
    type: 'object',
    description,
    properties: { description: { type: title, description: `the ${description}` }, n: { type: 'integer', examples: [1], title: 'N' } },
    'x-internal': description,
  });
  assert.equal(validate(schema('first wording', 'string'), { description: 'x', n: 1 }).length, 0);
  const before = compileCount();
  assert.equal(validate(schema('second wording', 'string'), { description: 'x', n: 2 }).length, 0);
  assert.equal(compileCount(), before, 'only annotations changed');
  assert.equal(validate(schema('second wording', 'integer'), { description: 'x', n: 2 }).length, 1, 'the property named description is validated');
  assert.equal(compileCount(), before + 1);
});

test('an example failing a oneOf of object shapes is judged by the branch its discriminator picks, at the failing value', () => {
  const r = run(
    {
      'a.yaml': `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  ws:
    messages:
      request:
        payload: {$ref: '#/components/schemas/Request'}
        examples:
          - payload: {method: subscribe, params: {channel: «5»}}
          - payload: {method: ping, «req_id»: 1}
          - payload: {method: ping}
components:
  schemas:
    Request:
      oneOf:
        - type: object
          additionalProperties: false
          required: [method]
          properties:
            method: {const: ping}
        - type: object
          required: [method, params]
          properties:
            method: {const: subscribe}
            params:
              type: object
              properties:
                channel: {type: string}
`,
    },
    'asyncapi3-message-examples',
  );
  assert.deepEqual(r.spans, r.expected, JSON.stringify(r.diags.map((d) => d.message)));
  assert.match(r.diags[0].message, /\/params\/channel must be string/);
  assert.ok(!r.diags.some((d) => /oneOf/.test(d.message)), JSON.stringify(r.diags.map((d) => d.message)));
});

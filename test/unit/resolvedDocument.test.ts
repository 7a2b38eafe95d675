/**
 * The resolved-document check (the parser's asyncapi-document-resolved): a `$ref` whose target is not valid
 * where it is used. Its chunks are remembered by content when valid, so the check follows edits both ways.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { SUPPORTED_VERSIONS, schemaFor, type SchemaNode } from '../../server/src/languageService/asyncapi/officialSchemas';
import { chunkOrderOf } from '../../server/src/languageService/asyncapi/schemas';

const spec = (messageRef: string) => `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  news:
    subscribe:
      message:
        $ref: '${messageRef}'
components:
  messages:
    Update:
      payload: {type: string}
  schemas:
    Headline:
      type: object
      properties:
        title: {type: string}
`;

test('a reference to the wrong kind of object is reported on the $ref value, and not once it is fixed (same service, new versions)', () => {
  const { service, uri } = serviceWith({ 'a.yaml': spec('#/components/messages/Update') });
  const resolved = () => service.slowDiagnostics(uri('a.yaml')).filter((d) => d.code === 'asyncapi-document-resolved');
  assert.deepEqual(resolved(), []);

  service.store.setOpen(uri('a.yaml'), spec('#/components/schemas/Headline'), 2);
  const wrong = resolved();
  assert.ok(wrong.length > 0, 'a schema used as a message');
  const text = service.store.get(uri('a.yaml'))!.text;
  assert.ok(
    wrong.every((d) => text.slice(d.start, d.end) === "'#/components/schemas/Headline'"),
    JSON.stringify(wrong.map((d) => text.slice(d.start, d.end))),
  );
  assert.match(wrong[0].message, /#\/components\/schemas\/Headline/);

  service.store.setOpen(uri('a.yaml'), spec('#/components/messages/Update'), 3);
  assert.deepEqual(resolved(), [], 'fixed again: the remembered valid chunks do not hide or keep anything');
  service.store.setOpen(uri('a.yaml'), spec('#/components/schemas/Headline'), 4);
  assert.equal(resolved().length, wrong.length, 'and broken again');
});

/** Issue 16.1: a misspelt key in a shared message, reached by several `$ref`s. */
const sharedBroken = `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  chat:
    subscribe:
      message:
        $ref: '#/components/messages/Ping'
    publish:
      message:
        oneOf:
          - $ref: '#/components/messages/Ping'
          - $ref: '#/components/messages/Pong'
  other:
    subscribe:
      message:
        $ref: '#/components/messages/Ping'
components:
  schemas:
    P:
      type: object
  messages:
    Ping:
      «payloads»:
        $ref: '#/components/schemas/P'
    Pong:
      payload:
        $ref: '#/components/schemas/P'
`;

test('a misspelt key inside a component many $refs reach is reported once, on the key, never on the $refs', () => {
  const { service, marks, uri } = serviceWith({ 'a.yaml': sharedBroken });
  const all = [...service.fastDiagnostics(uri('a.yaml')), ...service.slowDiagnostics(uri('a.yaml'))].filter((d) => d.severity === 1);
  assert.deepEqual(
    all.map((d) => ({ start: d.start, end: d.end, code: d.code })),
    [{ ...marks['a.yaml'].spans[0], code: 'schema-unknown-key' }],
  );
});

test('a broken target in another file is reported once, naming the place in that file', () => {
  const { service, uri } = serviceWith({
    'a.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message:
        $ref: 'm.yaml#/Ping'
  b:
    subscribe:
      message:
        $ref: 'm.yaml#/Ping'
`,
    'm.yaml': 'Ping:\n  payloads:\n    $ref: "#/P"\nP:\n  type: object\n',
  });
  const resolved = service.slowDiagnostics(uri('a.yaml')).filter((d) => d.code === 'asyncapi-document-resolved');
  assert.equal(resolved.length, 1, JSON.stringify(resolved));
  assert.match(resolved[0].message, /m\.yaml#\/Ping, property "payloads"/);
});

test('a $ref is marked only when its target is valid in itself: a broken schema used as a message is reported in the schema alone', () => {
  const broken = spec('#/components/schemas/Headline').replace('title: {type: string}', 'title: {type: «str»}');
  const { service, marks, uri } = serviceWith({ 'a.yaml': broken });
  const all = [...service.fastDiagnostics(uri('a.yaml')), ...service.slowDiagnostics(uri('a.yaml'))];
  assert.deepEqual(
    all.map((d) => ({ start: d.start, end: d.end, code: d.code })),
    [{ ...marks['a.yaml'].spans[0], code: 'schema-enum' }],
  );
  service.store.setOpen(uri('a.yaml'), spec('#/components/schemas/Headline'), 2);
  assert.ok(
    service.slowDiagnostics(uri('a.yaml')).some((d) => d.code === 'asyncapi-document-resolved'),
    'once the schema is fixed, the $ref is marked',
  );
});

test('the compiled modules keep the root and components property orders of both modes (chunksOf reads them there)', () => {
  const componentKeys = (root: SchemaNode | undefined) => {
    const ref = ((root?.properties as Record<string, SchemaNode>).components as SchemaNode).$ref as string;
    return Object.keys(((root?.definitions as Record<string, SchemaNode>)[ref] as SchemaNode).properties as object);
  };
  for (const version of SUPPORTED_VERSIONS) {
    const order = chunkOrderOf(version);
    for (const mode of ['raw', 'resolved'] as const) {
      const schema = schemaFor(version, mode);
      assert.deepEqual(order?.root, Object.keys(schema?.properties ?? {}), `${version} ${mode}`);
      assert.deepEqual(order?.components, componentKeys(schema), `${version} ${mode}`);
    }
  }
});

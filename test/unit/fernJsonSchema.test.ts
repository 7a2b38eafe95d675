import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../common/src/settings';
import { fernFile } from '../../server/src/languageService/fern/fileModel';
import { fernFolder } from '../../server/src/languageService/fern/folder';
import { FernSchemaConverter } from '../../server/src/languageService/fern/jsonSchema';
import { parseTypeRef } from '../../server/src/languageService/fern/typeRef';
import { neverCancelled } from '../../server/src/languageService/core/types';
import { serviceWith } from '../helpers/fixtures';

const TYPES = `imports:
  other: other.yml
types:
  Id: string
  Color:
    enum: [red, { value: green, name: Green }]
  Base:
    properties:
      id: Id
  Item:
    extends: Base
    docs: An item.
    properties:
      name: string
      tags: optional<set<string>>
      price: { type: double, docs: In euros. }
      color: Color
      owner: other.Person
  Open:
    extra-properties: true
    properties: {}
  Shape:
    discriminant: kind
    union:
      circle: Circle
      size: integer
      empty: {}
  Circle:
    properties:
      radius: double
  Loose:
    discriminated: false
    union: [string, list<integer>]
  Tree:
    properties:
      children: list<Tree>
`;

function converter(mode: 'validate' | 'present' = 'present') {
  const { service, uri } = serviceWith({
    'fern/definition/types.yml': TYPES,
    'fern/definition/other.yml': 'types:\n  Person:\n    properties:\n      name: string\n',
    'fern/definition/api.yml': 'name: t\n',
  });
  const doc = service.store.get(uri('fern/definition/types.yml'))!;
  const folder = fernFolder({ doc, kind: 'fern', store: service.store, settings: defaultSettings, token: neverCancelled, dependsOn: new Set() });
  const file = fernFile(doc);
  const conv = new FernSchemaConverter(folder, mode);
  return (text: string) => conv.ref(parseTypeRef(text).ref, file);
}

test('primitives map to JSON Schema types and formats', () => {
  const s = converter();
  assert.deepEqual(s('string'), { type: 'string' });
  assert.deepEqual(s('long'), { type: 'integer' });
  assert.deepEqual(s('double'), { type: 'number' });
  assert.deepEqual(s('datetime'), { type: 'string', format: 'date-time' });
  assert.deepEqual(s('date'), { type: 'string', format: 'date' });
  assert.deepEqual(s('uuid'), { type: 'string', format: 'uuid' });
  assert.deepEqual(s('base64'), { type: 'string', contentEncoding: 'base64' });
  assert.deepEqual(s('uint'), { type: 'integer', minimum: 0 });
  assert.deepEqual(s('unknown'), {});
});

test('containers and literals', () => {
  const s = converter();
  assert.deepEqual(s('list<integer>'), { type: 'array', items: { type: 'integer' } });
  assert.deepEqual(s('set<string>'), { type: 'array', items: { type: 'string' }, uniqueItems: true });
  assert.deepEqual(s('map<string, boolean>'), { type: 'object', additionalProperties: { type: 'boolean' } });
  assert.deepEqual(s('map<Color, integer>'), {
    type: 'object',
    additionalProperties: { type: 'integer' },
    propertyNames: { type: 'string', enum: ['red', 'green'], title: 'Color' },
  });
  assert.deepEqual(s('optional<string>'), { anyOf: [{ type: 'string' }, { type: 'null' }] });
  assert.deepEqual(converter('validate')('optional<string>'), { if: { type: 'null' }, then: true, else: { type: 'string' } });
  assert.deepEqual(s('literal<"v1">'), { const: 'v1' });
  assert.deepEqual(s('literal<true>'), { const: true });
});

test('objects gather extended properties, required unless optional, closed unless extra-properties', () => {
  const s = converter();
  assert.deepEqual(s('Item'), {
    type: 'object',
    title: 'Item',
    description: 'An item.',
    properties: {
      id: { type: 'string', 'x-fern-type': 'Id' },
      name: { type: 'string', 'x-fern-type': 'string' },
      tags: { anyOf: [{ type: 'array', items: { type: 'string' }, uniqueItems: true }, { type: 'null' }], 'x-fern-type': 'optional<set<string>>' },
      price: { type: 'number', description: 'In euros.', 'x-fern-type': 'double' },
      color: { type: 'string', enum: ['red', 'green'], title: 'Color', 'x-fern-type': 'Color' },
      owner: {
        type: 'object',
        title: 'Person',
        properties: { name: { type: 'string', 'x-fern-type': 'string' } },
        required: ['name'],
        additionalProperties: false,
        'x-fern-type': 'other.Person',
      },
    },
    required: ['id', 'name', 'price', 'color', 'owner'],
    additionalProperties: false,
  });
  assert.deepEqual(s('Open'), { type: 'object', title: 'Open', properties: {} });
});

test('discriminated unions: one branch per variant, objects flattened, others under `value`', () => {
  const shape = converter()('Shape') as { oneOf: Record<string, unknown>[] };
  assert.deepEqual(shape.oneOf, [
    {
      type: 'object',
      properties: { radius: { type: 'number', 'x-fern-type': 'double' }, kind: { const: 'circle' } },
      required: ['kind', 'radius'],
      additionalProperties: false,
    },
    { type: 'object', properties: { value: { type: 'integer' }, kind: { const: 'size' } }, required: ['kind', 'value'], additionalProperties: false },
    { type: 'object', properties: { kind: { const: 'empty' } }, required: ['kind'], additionalProperties: false },
  ]);
  const v = converter('validate')('Shape') as { required: string[]; properties: unknown; allOf: unknown[] };
  assert.deepEqual(v.required, ['kind']);
  assert.deepEqual(v.properties, { kind: { enum: ['circle', 'size', 'empty'] } });
  assert.equal(v.allOf.length, 3);
});

test('undiscriminated unions are anyOf; recursive types terminate with a circular mark', () => {
  const s = converter();
  assert.deepEqual(s('Loose'), { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }], title: 'Loose' });
  const tree = s('Tree') as { properties: { children: { items: unknown } } };
  assert.deepEqual(tree.properties.children.items, { 'x-specsocket-circular': 'Tree' });
});

test('unknown names convert to an accepting schema instead of failing', () => {
  assert.deepEqual(converter()('Nope'), {});
  assert.deepEqual(converter()('nothere.Nope'), {});
});

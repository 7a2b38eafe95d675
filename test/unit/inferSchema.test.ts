/** The schema "Add message to spec" proposes from the payloads of "not in spec" rows (issue 18.4). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { inferSchema } from '../../common/src/specEdit/inferSchema';

test('types, the keys every sample has as required, and nested objects and arrays', () => {
  const samples = [
    { type: 'tick', seq: 1, price: 10.5, tags: ['a'], meta: { source: 'x' }, note: null },
    { type: 'tick', seq: 2, price: 11, tags: [], meta: { source: 'y', extra: true } },
  ];
  assert.deepEqual(inferSchema(samples), {
    type: 'object',
    properties: {
      type: { type: 'string', enum: ['tick'] },
      seq: { type: 'integer' },
      price: { type: 'number' },
      tags: { type: 'array', items: { type: 'string' } },
      meta: { type: 'object', properties: { source: { type: 'string' }, extra: { type: 'boolean' } }, required: ['source'] },
      note: { type: 'null' },
    },
    required: ['type', 'seq', 'price', 'tags', 'meta'],
  });
});

test('an enum only for a small set of strings that repeat across rows: not from one row, not from all-different values', () => {
  const of = (values: string[]) => inferSchema(values.map((status) => ({ status }))) as { properties: { status: unknown } };
  assert.deepEqual(of(['open', 'closed', 'open']).properties.status, { type: 'string', enum: ['closed', 'open'] });
  assert.deepEqual(of(['open']).properties.status, { type: 'string' });
  assert.deepEqual(of(['a', 'b', 'c']).properties.status, { type: 'string' });
  assert.deepEqual(of(['a', 'b', 'c', 'd', 'e', 'f', 'a']).properties.status, { type: 'string' });
});

test('mixed types are listed; every sample validates against what was inferred', () => {
  const samples = [{ v: 1 }, { v: 'x' }, { v: null }, 'plain text', [1, 2.5]];
  const schema = inferSchema(samples);
  assert.deepEqual((schema.type as string[]).sort(), ['array', 'object', 'string']);
  const validate = new Ajv({ strict: false }).compile(schema);
  for (const s of samples) assert.ok(validate(s), `${JSON.stringify(s)}: ${JSON.stringify(validate.errors)}`);
  assert.deepEqual(inferSchema([]), {});
});

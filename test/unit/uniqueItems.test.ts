/** Issue 13.11: the linear `uniqueItems` gives ajv's own verdict and reports the same pair of items. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { linearUniqueItems } from '../../server/src/languageService/asyncapi/uniqueItems';
import { serviceWith } from '../helpers/fixtures';

const builtIn = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const linear = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
linear.removeKeyword('uniqueItems');
linear.addKeyword(linearUniqueItems);

const SCHEMAS = [
  { type: 'array', uniqueItems: true },
  { type: 'array', uniqueItems: true, items: true },
  { type: 'array', uniqueItems: true, items: { type: 'string' } },
  { type: 'array', uniqueItems: true, items: { type: ['string', 'number', 'null'] } },
  { type: 'array', uniqueItems: true, items: { type: 'integer' } },
  { type: 'array', uniqueItems: true, items: { type: 'object' } },
  { type: 'array', uniqueItems: false },
];

const DATA: unknown[][] = [
  [],
  ['a'],
  ['a', 'b', 'c'],
  ['a', 'b', 'a', 'b'],
  [1, '1', 1.0],
  [null, NaN, null],
  [NaN, null, NaN],
  ['null', null, 'true', true],
  [1.5, 2, 1.5, 2],
  [
    { a: 1, b: 2 },
    { b: 2, a: 1 },
  ],
  [{ a: [1, 2] }, { a: [2, 1] }, { a: [1, 2] }],
  [[1, 2], [1, 2], 'x', 'x'],
  [{ a: 1 }, 'x', { a: 2 }, 'x', { a: 1 }],
];

test('same verdict and the same pair of items as ajv, for every kind of item type', () => {
  for (const schema of SCHEMAS) {
    const ours = linear.compile(schema);
    const theirs = builtIn.compile(schema);
    for (const data of DATA) {
      const label = `${JSON.stringify(schema)} on ${JSON.stringify(data)}`;
      assert.equal(ours(data), theirs(data), label);
      assert.deepEqual(
        ours.errors?.map((e) => e.params),
        theirs.errors?.map((e) => e.params),
        label,
      );
    }
  }
});

test('a duplicated value in a huge enum is reported on the duplicate, with the item it repeats', () => {
  const values = Array.from({ length: 5000 }, (_, i) => `        - v${i}`);
  values.push('        - v7');
  const { service, uri } = serviceWith({
    'enum.yaml': `asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    E:\n      type: string\n      enum:\n${values.join('\n')}\n`,
  });
  const d = service.fastDiagnostics(uri('enum.yaml')).filter((x) => x.code === 'schema-unique-items');
  assert.equal(d.length, 1);
  assert.equal(d[0].message, 'Items 7 and 5000 are identical; list each value once.');
});

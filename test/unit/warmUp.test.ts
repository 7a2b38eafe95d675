/**
 * Opening a document loads what its slow pass will need, so that loading does not land in the middle of typing.
 * (unit-runner: own process — it asserts what is not loaded yet.)
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { compiledValidators } from '../../server/src/languageService/asyncapi/schemas';
import { serviceWith } from '../helpers/fixtures';

test('warming up an AsyncAPI 3.1 document loads the resolved-document validator of 3.1.0', () => {
  const { service, uri } = serviceWith({ 'a.yaml': 'asyncapi: 3.1.0\ninfo: {title: t, version: "1"}\n' });
  assert.ok(!compiledValidators().includes('3.1.0/resolved'));
  service.warmUp(uri('a.yaml'));
  assert.ok(compiledValidators().includes('3.1.0/resolved'), compiledValidators().join(', '));
});

test('a document that is not a spec, or semantic validation turned off, loads nothing', () => {
  const other = serviceWith({ 'b.yaml': 'just: yaml\n' });
  other.service.warmUp(other.uri('b.yaml'));
  const off = serviceWith({ 'c.yaml': 'asyncapi: 2.5.0\ninfo: {title: t, version: "1"}\n' }, { validation: { semantic: false } });
  off.service.warmUp(off.uri('c.yaml'));
  assert.ok(!compiledValidators().some((v) => v.startsWith('2.5.0/')), compiledValidators().join(', '));
});

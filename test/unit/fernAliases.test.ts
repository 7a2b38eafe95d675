/**
 * YAML anchors and aliases in Fern files: resolved once per parse for every consumer (fernAst.fernRoot), as Fern
 * reads them; the fixture yaml-aliases covers the diagnostics, these cover the edges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Severity } from '../../server/src/languageService/core/types';
import { serviceWith } from '../helpers/fixtures';
import { hasAliases } from '../../server/src/languageService/fern/ast';

const API = 'name: aliases\n';

function errors(text: string) {
  const { service, uri } = serviceWith({ 'fern/definition/a.yml': text, 'fern/definition/api.yml': API });
  return service.diagnostics(uri('fern/definition/a.yml')).filter((d) => d.severity <= Severity.Warning);
}

test('an aliased property, type and reference are the anchored nodes: no error', () => {
  const text =
    'types:\n  A: &a\n    properties:\n      n: &n\n        type: string\n        docs: N.\n      t: &t list<string>\n  B:\n    properties:\n      n: *n\n      t: *t\n  C: *a\n';
  assert.deepEqual(
    errors(text).map((d) => d.code),
    [],
  );
});

test('an alias inside its own anchored node stays unresolved and every check terminates', () => {
  const text = 'types:\n  A: &a\n    properties:\n      self: *a\n';
  const codes = errors(text).map((d) => d.code);
  assert.ok(codes.includes('fern-wrong-value-type'), codes.join());
});

test('a "billion laughs" document is not expanded: aliases stay unresolved and checking stays quick', () => {
  let text = 'types:\n  L0: &l0\n    properties:\n      a: string\n      b: string\n';
  for (let i = 1; i <= 12; i++) text += `  L${i}: &l${i}\n    properties:\n${Array.from({ length: 10 }, (_, j) => `      p${j}: *l${i - 1}\n`).join('')}`;
  const started = performance.now();
  const codes = errors(text).map((d) => d.code);
  assert.ok(codes.includes('fern-wrong-value-type'), 'aliases left unresolved are reported as written');
  assert.ok(performance.now() - started < 5000, 'no exponential walk');
});

test('references and rename take the anchored text once, never the alias', () => {
  const text =
    'types:\n  Person:\n    properties:\n      id: string\n  A:\n    properties:\n      p: &p optional<Person>\n  B:\n    properties:\n      p: *p\n';
  const { service, uri } = serviceWith({ 'fern/definition/a.yml': text, 'fern/definition/api.yml': API });
  const at = text.indexOf('Person:');
  const refs = service.references(uri('fern/definition/a.yml'), at, false);
  assert.deepEqual(
    refs.map((r) => text.slice(r.start, r.end)),
    ['Person'],
  );
  const edit = service.rename(uri('fern/definition/a.yml'), at, 'Human');
  const edits = Object.values(edit ?? {}).flat();
  assert.equal(edits.length, 2, JSON.stringify(edits));
});

test('only a document whose aliases resolve walks reference paths for them: a `*` in text is no alias', () => {
  const starred = 'docs: "a * b, and *not an alias*"\ntypes:\n  A:\n    docs: 2 * 3\n    properties:\n      n: string\n';
  const aliased = 'types:\n  A:\n    properties:\n      n: &n string\n      m: *n\n';
  const { service, uri } = serviceWith({ 'fern/definition/a.yml': starred, 'fern/definition/b.yml': aliased, 'fern/definition/api.yml': API });
  assert.equal(hasAliases(service.store.get(uri('fern/definition/a.yml'))!), false);
  assert.equal(hasAliases(service.store.get(uri('fern/definition/b.yml'))!), true);
});

/**
 * The Fern injection grammar over the small YAML base grammar of the grammar tests, with the engine VS Code
 * uses (vscode-textmate + oniguruma).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { INITIAL, type IGrammar, type StateStack } from 'vscode-textmate';
import { loadInjectedYamlGrammar } from '../helpers/grammar';

let grammar: IGrammar;

before(async () => {
  grammar = await loadInjectedYamlGrammar('specsocket.fern.injection', 'fern.injection.tmLanguage.json');
});

function tokens(text: string): { text: string; scopes: string[] }[] {
  const out: { text: string; scopes: string[] }[] = [];
  let stack: StateStack = INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim()) out.push({ text: s, scopes: t.scopes.slice(1) });
    }
    stack = r.ruleStack;
  }
  return out;
}

function scope(text: string, token: string, nth = 0): string {
  const all = tokens(text).filter((t) => t.text === token);
  assert.ok(all[nth], `token ${token} in ${JSON.stringify(tokens(text).map((t) => t.text))}`);
  return all[nth].scopes[all[nth].scopes.length - 1];
}

test('generic type expressions: generics, primitives, imported and local names, punctuation', () => {
  const line = '      mentions: optional<map<string, root.Turn>>';
  assert.equal(scope(line, 'mentions'), 'entity.name.tag.yaml');
  assert.equal(scope(line, 'optional'), 'support.type.generic.fern');
  assert.equal(scope(line, 'map'), 'support.type.generic.fern');
  assert.equal(scope(line, '<'), 'punctuation.definition.typeparameters.begin.fern');
  assert.equal(scope(line, 'string'), 'support.type.primitive.fern');
  assert.equal(scope(line, 'root'), 'entity.name.namespace.fern');
  assert.equal(scope(line, 'Turn'), 'entity.name.type.fern');
  assert.equal(scope(line, ','), 'punctuation.separator.comma.fern');
});

test('body and extends values are type references; literals are strings', () => {
  assert.equal(scope('      body: SendEvent', 'SendEvent'), 'entity.name.type.fern');
  assert.equal(scope('    extends: commons.Base', 'Base'), 'entity.name.type.fern');
  assert.equal(scope('      version: literal<"v1">', '"v1"'), 'string.quoted.double.literal.fern');
});

test('`type:` is a type only when it reads as one (an example message id is left alone)', () => {
  assert.equal(scope('        type: optional<integer>', 'integer'), 'support.type.primitive.fern');
  assert.equal(scope('        type: datetime', 'datetime'), 'support.type.primitive.fern');
  assert.ok(!scope('        - type: send', 'send').endsWith('.fern'));
});

test('{param} placeholders in the channel path, quoted or not; comments stay comments', () => {
  assert.equal(scope('  path: /rooms/{room_id}/users', 'room_id'), 'variable.parameter.path.fern');
  assert.equal(scope('  path: "/r/{id}"', 'id'), 'variable.parameter.path.fern');
  const c = tokens('  body: Foo # list<string>');
  assert.ok(!c.some((t) => t.text === 'list' && t.scopes.some((s) => s.endsWith('.fern'))), JSON.stringify(c));
});

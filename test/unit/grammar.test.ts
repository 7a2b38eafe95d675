/**
 * Tokenizes YAML with the shipped injection grammar over a small YAML base grammar (test/fixtures/grammar),
 * with the same engine VS Code uses (vscode-textmate + oniguruma). Snapshots list every token's scopes;
 * regenerate with UPDATE_SNAPSHOTS=1 after an intended grammar change, and review the diff.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { INITIAL, type IGrammar, type StateStack } from 'vscode-textmate';
import { loadInjectedYamlGrammar } from '../helpers/grammar';
import { FIXTURES } from '../helpers/fixtures';

let grammar: IGrammar;

before(async () => {
  grammar = await loadInjectedYamlGrammar('specsocket.asyncapi.injection', 'asyncapi.injection.tmLanguage.json');
});

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let stack: StateStack = INITIAL;
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim()) out.push({ line: i + 1, text: s, scopes: t.scopes.slice(1) });
    }
    stack = r.ruleStack;
  });
  return out;
}

/** The scopes of the first token with exactly this text (on `line` when given). */
function scopesOf(tokens: Token[], text: string, line?: number): string[] {
  const t = tokens.find((x) => x.text === text && (line === undefined || x.line === line));
  assert.ok(t, `token ${JSON.stringify(text)} not found in ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}

function snapshot(name: string): void {
  const tokens = tokenize(readFileSync(join(FIXTURES, 'grammar', name), 'utf8'));
  const actual = tokens.map((t) => `${t.line}: ${JSON.stringify(t.text)} ${t.scopes.join(' | ')}`).join('\n') + '\n';
  const file = join(FIXTURES, 'grammar', name + '.snap');
  if (process.env.UPDATE_SNAPSHOTS || !existsSync(file)) writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'));
}

test('$ref key and quoted value: key, file part and pointer scopes', () => {
  const tokens = tokenize("    $ref: './common/messages.yaml#/chatMessage'");
  // The key keeps the YAML key scope (themes colour it as a key) with the ref scope on top.
  assert.deepEqual(scopesOf(tokens, '$ref'), ['entity.name.tag.yaml', 'keyword.other.ref.asyncapi']);
  assert.deepEqual(scopesOf(tokens, './common/messages.yaml'), ['string.quoted.single.yaml', 'meta.ref.value.asyncapi', 'string.other.link.ref.file.asyncapi']);
  assert.deepEqual(scopesOf(tokens, '#/chatMessage'), ['string.quoted.single.yaml', 'meta.ref.value.asyncapi', 'string.other.link.ref.pointer.asyncapi']);
  assert.deepEqual(scopesOf(tokens, "'").at(-1), 'punctuation.definition.string.begin.yaml');
});

test('$ref in a flow mapping with double quotes, in a sequence item, and plain with a file', () => {
  const flow = tokenize('      bye: {$ref: "#/components/messages/Bye"}');
  assert.ok(scopesOf(flow, '$ref').some((s) => s.includes('keyword.other.ref.asyncapi')));
  assert.deepEqual(scopesOf(flow, '#/components/messages/Bye').at(-1), 'string.other.link.ref.pointer.asyncapi');
  const item = tokenize("      - $ref: '#/channels/room/messages/hello'");
  assert.deepEqual(scopesOf(item, '-'), ['punctuation.definition.block.sequence.item.yaml']);
  assert.deepEqual(scopesOf(item, '#/channels/room/messages/hello').at(-1), 'string.other.link.ref.pointer.asyncapi');
  const plain = tokenize('        $ref: common.yaml#/components/parameters/userId');
  assert.deepEqual(scopesOf(plain, 'common.yaml').at(-1), 'string.other.link.ref.file.asyncapi');
  assert.deepEqual(scopesOf(plain, '#/components/parameters/userId').at(-1), 'string.other.link.ref.pointer.asyncapi');
});

test('$ref inside a comment or a string is not marked', () => {
  const tokens = tokenize("  description: Not a param {here} # nor a $ref: '#/x'");
  assert.ok(
    tokens.every((t) => !t.scopes.some((s) => /asyncapi/.test(s))),
    JSON.stringify(tokens),
  );
});

test('{param} in a 3.x address is a parameter; braces elsewhere are not', () => {
  const tokens = tokenize("    address: 'rooms/{roomId}/messages/{messageId}'");
  assert.deepEqual(scopesOf(tokens, 'roomId'), [
    'meta.channel.address.asyncapi',
    'string.quoted.single.yaml',
    'meta.parameter.channel.asyncapi',
    'variable.parameter.channel.asyncapi',
  ]);
  assert.deepEqual(scopesOf(tokens, 'messageId').at(-1), 'variable.parameter.channel.asyncapi');
  assert.deepEqual(scopesOf(tokens, '{').at(-1), 'punctuation.definition.parameter.begin.asyncapi');
  assert.deepEqual(scopesOf(tokens, 'address'), ['entity.name.tag.yaml']);
  const plain = tokenize('    address: user/{id}/signup # the user');
  assert.deepEqual(scopesOf(plain, 'id').at(-1), 'variable.parameter.channel.asyncapi');
  assert.deepEqual(scopesOf(plain, 'user/'), ['meta.channel.address.asyncapi', 'string.unquoted.plain.out.yaml']);
  assert.deepEqual(scopesOf(plain, '#').at(-1), 'punctuation.definition.comment.yaml');
});

test('{param} in 2.x channel keys under channels:, and not in other keys', () => {
  const tokens = tokenize(readFileSync(join(FIXTURES, 'grammar', 'asyncapi-v2.yaml'), 'utf8'));
  assert.deepEqual(scopesOf(tokens, 'userId', 3), [
    'meta.channels.asyncapi',
    'entity.name.tag.yaml',
    'meta.channel.address.asyncapi',
    'meta.parameter.channel.asyncapi',
    'variable.parameter.channel.asyncapi',
  ]);
  assert.deepEqual(scopesOf(tokens, 'streamId', 7).at(-1), 'variable.parameter.channel.asyncapi');
  assert.ok(scopesOf(tokens, '#/components/messages/Frame').includes('string.other.link.ref.pointer.asyncapi'), 'refs still marked inside channels');
  const other = tokens.filter((t) => t.line === 13);
  assert.ok(
    other.every((t) => !t.scopes.some((s) => s.includes('parameter'))),
    JSON.stringify(other),
  );
});

test('snapshot: 3.x document', () => snapshot('asyncapi-v3.yaml'));
test('snapshot: 2.x document', () => snapshot('asyncapi-v2.yaml'));

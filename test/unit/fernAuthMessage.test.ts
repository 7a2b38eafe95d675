/**
 * The channel's `auth-message` (Fern: the client message sent first, with the token at a property path of its
 * body) in the language service: completion, hover, navigation and quick fixes. Its diagnostics are asserted
 * line by line in test/fixtures/fern/auth-message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { API, CHANNEL } from '../helpers/fernAuthMessageSpec';

const labels = (items: { label: string }[]) => items.map((i) => i.label);

test('auth-message: keys complete in the channel and inside it, required ones first', () => {
  const { service, marks, uri } = serviceWith({
    'fern/definition/a.yml': 'channel:\n  path: /ws\n  auth: true\n  ‸\n  auth-message:\n    ‸\n',
    'fern/definition/api.yml': API,
  });
  const [channel, inside] = marks['fern/definition/a.yml'].cursors;
  assert.ok(!labels(service.completions(uri('fern/definition/a.yml'), channel)).includes('auth-message'), 'already written');
  const items = service.completions(uri('fern/definition/a.yml'), inside);
  assert.deepEqual(labels(items).sort(), ['message-id', 'token-property-path']);
  assert.ok(items.every((i) => i.detail === 'required'));
  const fresh = serviceWith({ 'fern/definition/b.yml': 'channel:\n  path: /ws\n  ‸\n', 'fern/definition/api.yml': API });
  assert.ok(labels(fresh.service.completions(fresh.uri('fern/definition/b.yml'), fresh.marks['fern/definition/b.yml'].cursors[0])).includes('auth-message'));
});

test("auth-message: message-id completes client messages only; token-property-path the body's string paths", () => {
  const { service, marks, uri } = serviceWith({
    'fern/definition/a.yml': CHANNEL('    message-id: ‸\n    token-property-path: par‸\n'),
    'fern/definition/api.yml': API,
  });
  const [id, path] = marks['fern/definition/a.yml'].cursors;
  assert.deepEqual(labels(service.completions(uri('fern/definition/a.yml'), id)), ['authenticate']);
  // The id is still empty here: nothing to take paths from.
  assert.deepEqual(service.completions(uri('fern/definition/a.yml'), path), []);
  const named = serviceWith({
    'fern/definition/a.yml': CHANNEL('    message-id: authenticate\n    token-property-path: par‸\n'),
    'fern/definition/api.yml': API,
  });
  const at = named.marks['fern/definition/a.yml'].cursors[0];
  const items = named.service.completions(named.uri('fern/definition/a.yml'), at);
  assert.deepEqual(labels(items), ['type', 'params.token', 'params.session'], 'string-typed leaves (a literal is a string too), not `params.depth`');
  assert.deepEqual(items[1].replace, { start: at - 3, end: at }, 'the whole dotted path is replaced');
});

test('auth-message: hover, definition, references and rename treat message-id as a message reference', () => {
  const { service, marks, uri } = serviceWith({
    'fern/definition/a.yml': CHANNEL('    message-id: au‸thenticate\n    token-property-path: params.to‸ken\n'),
    'fern/definition/api.yml': API,
  });
  const u = uri('fern/definition/a.yml');
  const [onId, onPath] = marks['fern/definition/a.yml'].cursors;
  const text = service.store.get(u)!.text;
  assert.match(service.hover(u, onId)!.contents, /\*\*message authenticate\*\*/);
  const hover = service.hover(u, onPath)!;
  assert.match(hover.contents, /\*\*params\.token\*\*: `string`/);
  assert.match(hover.contents, /The bearer token\./);
  assert.equal(text.slice(hover.span.start, hover.span.end), 'token');
  const decl = text.indexOf('    authenticate:') + 4;
  assert.deepEqual(service.definition(u, onId), [{ uri: u, start: decl, end: decl + 'authenticate'.length }]);
  const refs = service.references(u, decl + 1, false).map((r) => text.slice(r.start, r.end));
  assert.deepEqual(refs, ['authenticate']);
  const edit = service.rename(u, decl + 1, 'login')![u];
  assert.equal(edit.length, 2, 'the declaration and auth-message.message-id');
  assert.ok(edit.some((e) => text.slice(e.start, e.end) === 'authenticate' && e.start === text.indexOf('message-id: ') + 'message-id: '.length));
});

test('auth-message: a typo in the path has a quick fix on the segment', () => {
  const { service, uri } = serviceWith({
    'fern/definition/a.yml': CHANNEL('    message-id: authenticate\n    token-property-path: params.tokn\n'),
    'fern/definition/api.yml': API,
  });
  const u = uri('fern/definition/a.yml');
  const d = service.slowDiagnostics(u).find((x) => x.code === 'fern-auth-message-unknown-property')!;
  const text = service.store.get(u)!.text;
  assert.equal(text.slice(d.start, d.end), 'tokn');
  const fix = service.codeActions(u, d, [d])[0];
  assert.deepEqual(fix.edit[u], [{ start: d.start, end: d.end, newText: 'token' }]);
  // Through a map the path can go anywhere; into `unknown` too.
  const open = serviceWith({
    'fern/definition/a.yml': CHANNEL('    message-id: authenticate\n    token-property-path: params.token\n').replace(
      '      params: Params',
      '      params: map<string, string>',
    ),
    'fern/definition/api.yml': API,
  });
  assert.deepEqual(
    open.service.slowDiagnostics(open.uri('fern/definition/a.yml')).filter((x) => x.code.startsWith('fern-auth-message')),
    [],
  );
});

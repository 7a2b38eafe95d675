/**
 * Issue 16.8: the workspace index makes references, rename, workspace symbols and "re-validate dependents" cover
 * every spec in the workspace folders, open or not, kept current by watched-file events and honouring
 * `specsocket.exclude` and `files.exclude`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/languageService/languageService';
import { defaultSettings } from '../../common/src/settings';
import { mark, memUri, memoryFs } from '../helpers/fixtures';

const MESSAGES = 'He‸llo:\n  payload: {type: string}\nBye:\n  payload: {type: string}\n';
const user = (n: number) =>
  `asyncapi: 3.0.0\ninfo: {title: u${n}, version: '1'}\nchannels:\n  c${n}:\n    address: c${n}\n    messages:\n      hello: {$ref: '${n > 2 ? '../' : './'}common/messages.yaml#/Hello'}\n`;
const FERN = 'types:\n  ChatMessage:\n    properties:\n      text: string\n';

function workspace(extra: Record<string, string> = {}, start = true) {
  const files: Record<string, string> = {
    'ws/common/messages.yaml': mark(MESSAGES).text,
    'ws/a.yaml': user(1),
    'ws/b.yaml': user(2),
    'ws/sub/c.yaml': user(3),
    'ws/sub/d.json': JSON.stringify({ asyncapi: '3.0.0', components: { messages: { M: { $ref: '../common/messages.yaml#/Hello' } } } }),
    'ws/sub/e.yaml': user(5),
    'ws/node_modules/pkg/f.yaml': user(6).replace('../', '../../'),
    'ws/vendor/g.yaml': user(7),
    'ws/fern/definition/chat.yml': FERN,
    'ws/package.json': '{"name": "x"}',
    'elsewhere/h.yaml': user(8).replace('../common', '../ws/common'),
    ...extra,
  };
  // Read afresh each time: a test changes files on "disk" and then sends the watched-file event.
  const fs = { readFile: (u: string) => memoryFs(files).readFile(u), readDirectory: (u: string) => memoryFs(files).readDirectory(u) };
  const service = new LanguageService({
    fs,
    settings: defaultSettings,
    workspaceFolders: [memUri('ws/')],
    onError: (f, e) => assert.fail(`${f} threw: ${String(e)}`),
  });
  service.filesExclude = ['**/vendor'];
  if (start) service.index.rebuild();
  return { service, files };
}

const messagesUri = memUri('ws/common/messages.yaml');
const DEPENDANTS = ['ws/a.yaml', 'ws/b.yaml', 'ws/sub/c.yaml', 'ws/sub/d.json', 'ws/sub/e.yaml'].map(memUri);

test('renaming a shared message from its file, with every user closed, edits all five users and nothing excluded', () => {
  const { service } = workspace();
  const m = mark(MESSAGES);
  service.store.setOpen(messagesUri, m.text, 1);
  const edit = service.rename(messagesUri, m.cursors[0], 'Greeting')!;
  assert.ok(edit, 'rename is offered in the fragment file');
  assert.deepEqual(Object.keys(edit).sort(), [messagesUri, ...DEPENDANTS].sort());
  for (const u of DEPENDANTS) assert.equal(edit[u].length, 1, u);
});

test('references from the shared message list every user in the workspace', () => {
  const { service } = workspace();
  const m = mark(MESSAGES);
  service.store.setOpen(messagesUri, m.text, 1);
  const uris = service.references(messagesUri, m.cursors[0], false).map((l) => l.uri);
  assert.deepEqual(uris.sort(), DEPENDANTS.sort());
});

test('the index is built in steps; a question over the workspace during the build indexes only what may refer to its target', () => {
  const { service } = workspace();
  assert.equal(service.index.ready, false);
  assert.equal(service.index.step(-Infinity), false, 'one step at a time');
  const m = mark(MESSAGES);
  service.store.setOpen(messagesUri, m.text, 1);
  assert.equal(service.references(messagesUri, m.cursors[0], false).length, 5);
  assert.equal(service.index.ready, false, 'the rest of the build is left to its steps');
  // The Fern file does not name messages.yaml: not read for the question.
  assert.deepEqual([service.index.stats().specs, service.index.stats().files], [5, 5]);
  service.index.complete();
  const stats = service.index.stats();
  // The five users and the Fern file, the shared file they use; not package.json or excluded ones.
  assert.deepEqual([stats.specs, stats.files], [6, 7]);
});

test('a question that comes before the host started a build (it waits for the settings) builds the index itself', () => {
  const { service } = workspace({}, false);
  const m = mark(MESSAGES);
  service.store.setOpen(messagesUri, m.text, 1);
  assert.equal(service.references(messagesUri, m.cursors[0], false).length, 5);
});

test('watched-file events keep it current: a new user is found, a deleted one is dropped', () => {
  const { service, files } = workspace();
  service.index.complete();
  files['ws/new.yaml'] = user(9).replace('../', './');
  files['ws/vendor/late.yaml'] = user(10);
  delete files['ws/a.yaml'];
  service.index.changed(memUri('ws/new.yaml'), false);
  service.index.changed(memUri('ws/a.yaml'), true);
  assert.deepEqual(service.index.referrers(messagesUri).sort(), [...DEPENDANTS.filter((u) => !u.endsWith('/a.yaml')), memUri('ws/new.yaml')].sort());
  service.index.changed(memUri('ws/vendor/late.yaml'), false);
  assert.ok(!service.index.referrers(messagesUri).includes(memUri('ws/vendor/late.yaml')), 'an excluded file is not indexed from an event either');
});

test('an open document whose spec reaches a changed file through closed ones is a dependent', () => {
  const { service } = workspace({ 'ws/top.yaml': "asyncapi: 3.0.0\ncomponents:\n  messages:\n    T: {$ref: './a.yaml#/channels/c1'}\n" });
  service.index.complete();
  service.store.setOpen(memUri('ws/top.yaml'), "asyncapi: 3.0.0\ncomponents:\n  messages:\n    T: {$ref: './a.yaml#/channels/c1'}\n", 1);
  assert.deepEqual(service.dependents(messagesUri), [memUri('ws/top.yaml')]);
});

test('workspace symbols: components, channels, operations and Fern types of closed files, open ones as edited', () => {
  const { service } = workspace();
  const names = (q: string) => service.workspaceSymbols(q).map((s) => `${s.container}:${s.name}@${s.uri.slice('file:///mem/ws/'.length)}`);
  assert.deepEqual(names('chatmsg'), ['types:ChatMessage@fern/definition/chat.yml']);
  assert.deepEqual(
    names('hello').filter((n) => !n.startsWith('channels')),
    ['messages.yaml:Hello@common/messages.yaml'],
  );
  assert.deepEqual(names('c3'), ['channels:c3@sub/c.yaml']);
  assert.deepEqual(
    names('M').filter((n) => n.startsWith('components')),
    ['components/messages:M@sub/d.json'],
  );
  service.store.setOpen(memUri('ws/a.yaml'), user(1).replace('c1:', 'renamedChannel:'), 2);
  assert.deepEqual(names('renamedch'), ['channels:renamedChannel@a.yaml']);
  assert.deepEqual(names('c1'), [], 'the open version replaces the indexed one');
  const s = service.workspaceSymbols('chatmsg')[0];
  assert.deepEqual(
    [s.start, s.end],
    [
      { line: 1, character: 2 },
      { line: 1, character: 13 },
    ],
  );
});

test('files in folders whose names a URI keeps as written (@, parentheses) are indexed under the URIs refs resolve to', () => {
  const { service } = workspace({ 'ws/team@v3(old)/f.yaml': user(3) });
  service.index.complete();
  const f = memUri('ws/team@v3(old)/f.yaml');
  assert.ok(service.index.referrers(messagesUri).includes(f), service.index.referrers(messagesUri).join('\n'));
});

test('a file too large to parse in one step of the background build is left out of the index', () => {
  const huge = user(1) + `x-padding: "${'a'.repeat(2.5 * 1024 * 1024)}"\n`;
  const { service } = workspace({ 'ws/huge.yaml': huge });
  service.index.complete();
  assert.ok(!service.index.referrers(messagesUri).includes(memUri('ws/huge.yaml')));
  assert.equal(service.index.referrers(messagesUri).length, 5);
});

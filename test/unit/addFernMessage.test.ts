/**
 * "Add message to spec" for a Fern channel (issue 18.4): the message is a server-origin `messages` entry whose body
 * is a new type in the file's `types`; the workspace stays free of Fern diagnostics, every original byte is still
 * there, and the Fern Try it model then matches the payload to the new message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serviceWith, readText } from '../helpers/fixtures';
import { applyInserts, assertOnlyInserted } from '../helpers/insertions';
import { addFernMessage } from '../../common/src/specEdit/addFernMessage';
import { inferSchema } from '../../common/src/specEdit/inferSchema';
import { createMessageMatcher, receivableMessages } from '../../common/src/tryit/messageMatcher';

const DIR = join(__dirname, '..', '..', 'examples', 'fern');
const CHAT = 'fern/definition/chat.yml';

function workspace(chat: string) {
  return {
    [CHAT]: chat,
    'fern/definition/api.yml': readText(join(DIR, 'definition', 'api.yml')),
    'fern/fern.config.json': readText(join(DIR, 'fern.config.json')),
  };
}

/** Adds a message for `samples` to the channel file; returns the edit, the edited text, diagnostics and the match after. */
function addTo(chat: string, samples: unknown[], name = 'presence') {
  const { service, uri } = serviceWith(workspace(chat));
  const file = uri(CHAT);
  const messages = () => service.diagnostics(file).map((d) => d.message);
  const match = () => createMessageMatcher(receivableMessages(service.tryItModel(file)!)).match({ data: JSON.stringify(samples[0]) });
  assert.deepEqual(messages(), [], 'the file starts clean');
  const before = match().messageId;
  const edit = addFernMessage({ text: chat, name, payloadSchema: inferSchema(samples) });
  assert.ok(typeof edit !== 'string', String(edit));
  assert.notEqual(before, edit.name, 'not in spec before');
  const edited = applyInserts(chat, edit.inserts);
  service.store.setOpen(file, edited, 2);
  return { edit, edited, diagnostics: messages(), after: match(), model: service.tryItModel(file)! };
}

const samples = [
  { kind: 'presence', user: { id: 'u1', name: 'Ada' }, online: true, tags: ['a'], seen: 1.5 },
  { kind: 'presence', user: { id: 'u2' }, online: false, tags: [], seen: 2 },
];

test('the seed channel: a server message whose body is a new type (nested objects typed too), no diagnostics, and it matches', () => {
  const chat = readText(join(DIR, 'definition', 'chat.yml'));
  const r = addTo(chat, samples);
  assertOnlyInserted(chat, r.edited, r.edit.inserts);
  assert.deepEqual(r.diagnostics, []);
  assert.match(r.edited, / {4}presence:\n {6}origin: server\n {6}body: Presence\n {2}examples:/);
  assert.match(
    r.edited,
    /\n {2}Presence:\n {4}properties:\n {6}kind: PresenceKind\n {6}user: PresenceUser\n {6}online: boolean\n {6}tags: list<string>\n {6}seen: double\n {2}PresenceKind:\n {4}enum:\n {6}- presence\n {2}PresenceUser:\n {4}properties:\n {6}id: string\n {6}name: optional<string>\n/,
  );
  assert.equal(r.after.messageId, 'presence');
  assert.equal(r.after.valid, true);
  const op = r.model.channels[0]!.operations.find((o) => o.id === 'presence')!;
  assert.equal(op.clientDirection, 'receive');
});

test('a file without `types` gets one; a string seen with few values is an enum; a taken message id gets a number', () => {
  const chat = `# a channel of its own
channel:
  path: /status
  auth: false
  messages:
    presence:
      origin: server
      body: string
`;
  const rows = [
    { state: 'up', presence: 1 },
    { state: 'down', presence: 2 },
    { state: 'up', presence: 3 },
  ];
  const r = addTo(chat, rows, 'presence');
  assertOnlyInserted(chat, r.edited, r.edit.inserts);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.edit.name, 'presence_2');
  assert.match(
    r.edited,
    /\ntypes:\n {2}Presence2:\n {4}properties:\n {6}state: Presence2State\n {6}presence: integer\n {2}Presence2State:\n {4}enum:\n {6}- down\n {6}- up\n$/,
  );
  assert.equal(r.after.messageId, 'presence_2');
});

test('a taken type name gets a number', () => {
  const chat = readText(join(DIR, 'definition', 'chat.yml'));
  const r = addTo(chat, [{ text: 'x' }], 'publishEvent');
  assert.deepEqual(r.diagnostics, []);
  assert.match(r.edited, / {6}body: PublishEvent2\n/);
  assert.equal(r.after.messageId, 'publishEvent');
});

test('what cannot take the message is said in words', () => {
  assert.match(String(addFernMessage({ text: 'types: {}\n', name: 'x', payloadSchema: {} })), /declares no channel/);
  assert.match(String(addFernMessage({ text: 'channel:\n  path: /a\n  messages:\n', name: 'x', payloadSchema: {} })), /`messages:` is empty/);
  assert.match(String(addFernMessage({ text: 'channel: {path: /a}\n', name: 'x', payloadSchema: {} })), /flow style/);
});

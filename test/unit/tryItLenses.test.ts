import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, diskService, fileUri, serviceWith } from '../helpers/fixtures';
import { lensesOf } from '../../client/src/tryit/lenses';

/** Lines of the ‸ cursors: where a "Try it" lens is expected. */
function cursorLines(text: string, cursors: number[]): number[] {
  return cursors.map((c) => text.slice(0, c).split('\n').length - 1);
}

function lensLines(files: Record<string, string>) {
  const { service, marks, uri } = serviceWith(files);
  const [name] = Object.keys(files);
  const model = service.tryItModel(uri(name!));
  assert.ok(model, 'the language service gives a Try it model');
  const lenses = lensesOf(model, uri(name!));
  return { lenses, expected: cursorLines(marks[name!]!.text, marks[name!]!.cursors) };
}

test('AsyncAPI 3.x: a lens on each server, channel and operation, carrying what was clicked', () => {
  const { lenses, expected } = lensLines({
    'api.yaml': [
      'asyncapi: 3.0.0',
      'info: { title: Echo, version: "1" }',
      'servers:',
      '  ‸local:',
      '    host: 127.0.0.1:8080',
      '    protocol: ws',
      'channels:',
      '  ‸echo:',
      '    address: /echo',
      '    messages:',
      '      ping: { payload: { type: object } }',
      'operations:',
      '  ‸sendPing:',
      '    action: receive',
      "    channel: { $ref: '#/channels/echo' }",
      '',
    ].join('\n'),
  });
  assert.deepEqual(
    lenses.map((l) => l.location.line),
    expected,
  );
  assert.deepEqual(
    lenses.map((l) => l.args),
    [
      { uri: lenses[0]!.args.uri, server: 'local' },
      { uri: lenses[0]!.args.uri, channel: 'echo' },
      { uri: lenses[0]!.args.uri, channel: 'echo', operation: 'sendPing' },
    ],
  );
});

test('AsyncAPI 2.x: one lens per channel (its publish/subscribe sit inside it) and per server', () => {
  const { lenses, expected } = lensLines({
    'api.yaml': [
      'asyncapi: 2.6.0',
      'info: { title: Echo, version: "1" }',
      'servers:',
      '  ‸data:',
      '    url: ws://127.0.0.1:8000',
      '    protocol: ws',
      'channels:',
      '  ‸ws/data:',
      '    publish:',
      '      message: { payload: { type: object } }',
      '',
    ].join('\n'),
  });
  const lines = lenses.map((l) => l.location.line);
  for (const line of expected) assert.ok(lines.includes(line), `a lens on line ${line}: ${JSON.stringify(lines)}`);
  assert.ok(lenses.every((l) => l.title.includes('Try it')));
});

test('Fern: a lens on the channel of a definition file', () => {
  const uri = fileUri(join(FIXTURES, 'fern', 'valid-complete', 'definition', 'chat.yml'));
  const model = diskService().tryItModel(uri);
  assert.ok(model);
  const lenses = lensesOf(model, uri);
  const channel = lenses.find((l) => l.args.channel === 'chat' && !l.args.operation);
  assert.ok(channel, JSON.stringify(lenses.map((l) => l.args)));
  assert.equal(channel.location.line, model.channels[0]!.location!.line);
});

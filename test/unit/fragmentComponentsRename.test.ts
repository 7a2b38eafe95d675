/**
 * A shared file laid out as a spec's components section (`components.messages.Hello`, no `asyncapi:` key): a
 * rename from a `$ref` into it renames the component, on any segment but a named one, never `components`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';

const MAIN = `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  greetings:
    address: /greetings
    messages:
      hello:
        $ref: './components.yaml#/components/messages/Hello'
`;
const COMPONENTS = 'components:\n  messages:\n    Hello:\n      payload: {type: string}\n';

test('rename from a $ref into a components-shaped shared file renames the component on every segment but the file', () => {
  const { service, uri } = serviceWith({ 'main.yaml': MAIN, 'components.yaml': COMPONENTS });
  const ref = MAIN.indexOf('./components.yaml#');
  for (const segment of ['components', 'messages', 'Hello']) {
    const at = MAIN.indexOf(segment, ref + 18) + 2;
    const edit = service.rename(uri('main.yaml'), at, 'Greet');
    assert.deepEqual(
      edit?.[uri('main.yaml')]?.map((e) => e.newText),
      ['./components.yaml#/components/messages/Greet'],
      `cursor on ${segment}`,
    );
    assert.deepEqual(
      edit?.[uri('components.yaml')]?.map((e) => COMPONENTS.slice(e.start, e.end)),
      ['Hello'],
    );
  }
});

/**
 * The resolved-document check (the parser's asyncapi-document-resolved): a `$ref` whose target is not valid
 * where it is used. Its chunks are remembered by content when valid, so the check follows edits both ways.
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';

const spec = (messageRef: string) => `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  news:
    subscribe:
      message:
        $ref: '${messageRef}'
components:
  messages:
    Update:
      payload: {type: string}
  schemas:
    Headline:
      type: object
      properties:
        title: {type: string}
`;

test('a reference to the wrong kind of object is reported on the $ref value, and not once it is fixed (same service, new versions)', () => {
  const { service, uri } = serviceWith({ 'a.yaml': spec('#/components/messages/Update') });
  const resolved = () => service.slowDiagnostics(uri('a.yaml')).filter((d) => d.code === 'asyncapi-document-resolved');
  assert.deepEqual(resolved(), []);

  service.store.setOpen(uri('a.yaml'), spec('#/components/schemas/Headline'), 2);
  const wrong = resolved();
  assert.ok(wrong.length > 0, 'a schema used as a message');
  const text = service.store.get(uri('a.yaml'))!.text;
  assert.ok(wrong.every((d) => text.slice(d.start, d.end) === "'#/components/schemas/Headline'"), JSON.stringify(wrong.map((d) => text.slice(d.start, d.end))));
  assert.match(wrong[0].message, /#\/components\/schemas\/Headline/);

  service.store.setOpen(uri('a.yaml'), spec('#/components/messages/Update'), 3);
  assert.deepEqual(resolved(), [], 'fixed again: the remembered valid chunks do not hide or keep anything');
  service.store.setOpen(uri('a.yaml'), spec('#/components/schemas/Headline'), 4);
  assert.equal(resolved().length, wrong.length, 'and broken again');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { asyncapiHover } from '../../server/src/languageService/asyncapi/hover';

const SPEC = `asyncapi: 3.0.0
«in‸fo»:
  title: x
  version: "1"
channels:
  «ro‸om»:
    «add‸ress»: /room
    bindings:
      «w‸s»: {}
    messages:
      m:
        $r‸ef: '#/components/messages/m'
operations:
  o:
    «act‸ion»: send
    channel:
      $ref: '#/chan‸nels/room'
components:
  messages:
    m:
      payload:
        type: object
        properties:
          «fo‸o»: {type: string}
`;

function hovers() {
  const { service, marks, uri } = serviceWith({ 'a.yaml': SPEC });
  const m = marks['a.yaml'];
  // The schema hover alone (the navigation feature answers for $ref).
  const ctx = {
    doc: service.store.get(uri('a.yaml'))!,
    kind: 'asyncapi' as const,
    store: service.store,
    settings: service.settings,
    token: { isCancellationRequested: false },
    dependsOn: new Set<string>(),
  };
  return { m, at: (i: number) => asyncapiHover.hover!(ctx, m.cursors[i]), service, uri };
}

test('hover: the schema description of a key, on the key span', () => {
  const { m, at } = hovers();
  const info = at(0)!;
  assert.deepEqual(info.span, m.spans[0]);
  assert.match(info.contents, /^The object provides metadata about the API/);
  const address = at(2)!;
  assert.deepEqual(address.span, m.spans[2]);
  assert.match(address.contents, /string representation of this channel's address/);
  const action = at(5)!;
  assert.deepEqual(action.span, m.spans[4]);
  assert.match(action.contents, /Allowed values are send and receive/);
});

test('hover: a name chosen by the author shows what it names (channel)', () => {
  const { m, at } = hovers();
  const room = at(1)!;
  assert.deepEqual(room.span, m.spans[1]);
  assert.equal(room.contents, 'Describes a shared communication channel.');
});

test('hover: binding keys show the binding title and description, not the version selection', () => {
  const { m, at } = hovers();
  const ws = at(3)!;
  assert.deepEqual(ws.span, m.spans[3]);
  assert.match(ws.contents, /^\*\*WebSockets channel bindings object\*\*/);
  assert.doesNotMatch(ws.contents, /bindingVersion specified/);
});

test('hover: payload property names get the Schema Object description, not the meta-schema title', () => {
  const { m, at } = hovers();
  const foo = at(7)!;
  assert.deepEqual(foo.span, m.spans[5]);
  assert.match(foo.contents, /^The Schema Object allows/);
  assert.doesNotMatch(foo.contents, /meta-schema/);
});

test('hover: nothing from the schema on $ref keys or values', () => {
  const { at } = hovers();
  assert.equal(at(4), undefined);
  assert.equal(at(6), undefined);
});

test('hover: a key whose value the schema enumerates lists the allowed values', () => {
  const { m, at } = hovers();
  const action = at(5)!;
  assert.deepEqual(action.span, m.spans[4]);
  assert.match(action.contents, /\n\nAllowed values: `send`, `receive`$/);
  // A free-text key lists none.
  assert.doesNotMatch(at(2)!.contents, /Allowed values:/);
});

test('hover: a security scheme type lists the values of every scheme kind', () => {
  const { service, marks, uri } = serviceWith({
    'a.yaml': 'asyncapi: 3.0.0\ncomponents:\n  securitySchemes:\n    k:\n      ty‸pe: httpApiKey\n      name: k\n      in: query\n',
  });
  const h = service.hover(uri('a.yaml'), marks['a.yaml'].cursors[0])!;
  assert.match(h.contents, /Allowed values: .*`httpApiKey`/);
});

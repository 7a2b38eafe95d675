import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diskService, fileUri, FIXTURES, CORPUS, slowDiagnosticsOf } from '../helpers/fixtures';

const SOCIAL = join(CORPUS, 'asyncapi', 'asyncapi__spec@v3.0.0', 'examples', 'social-media');
import { Severity } from '../../server/src/languageService/core/types';

const slow = slowDiagnosticsOf;

test('local pointers resolve with ~0/~1 escaping and %-encoding; a missing pointer is invalid-ref on the value', () => {
  const r = slow(
    {
      'a.yaml': `asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  c:
    address: a
    messages:
      ok1: {$ref: '#/components/messages/a~1b'}
      ok2: {$ref: '#/components/messages/t~0ilde'}
      ok3: {$ref: '#/components/messages/with%20space'}
      bad: {$ref: «'#/components/messages/nope'»}
components:
  messages:
    a/b: {payload: {type: string}}
    t~ilde: {payload: {type: string}}
    with space: {payload: {type: string}}
`,
    },
    'invalid-ref',
  );
  assert.deepEqual(r.spans, r.expected);
  assert.match(r.diags[0].message, /"#\/components\/messages\/nope" does not exist in this document/);
  assert.deepEqual(r.diags[0].data, { kind: 'unresolvedRef', pointer: '/components/messages/nope', suggestions: [] });
});

test('relative files resolve; missing files, folders and missing pointers in files are invalid-ref', () => {
  const r = slow(
    {
      'spec/main.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message: {$ref: './common/messages.yaml#/Hello'}
  b:
    subscribe:
      message: {$ref: «'./common/missing.yaml#/Hello'»}
  c:
    subscribe:
      message: {$ref: «'./common'»}
  d:
    subscribe:
      message: {$ref: «'./common/messages.yaml#/Nope'»}
`,
      'spec/common/messages.yaml': `Hello:\n  payload: {$ref: 'schemas.yaml#/Greeting'}\n`,
      'spec/common/schemas.yaml': `Greeting: {type: string}\n`,
    },
    'invalid-ref',
  );
  assert.deepEqual(r.spans, r.expected);
  assert.match(r.diags[0].message, /File ".\/common\/missing.yaml" does not exist/);
  assert.match(r.diags[1].message, /is a folder, not a file/);
  assert.match(r.diags[2].message, /"#\/Nope" does not exist in ".\/common\/messages.yaml"/);
  const deps = [...(r.service as unknown as { dependencies: Map<string, Set<string>> }).dependencies.get(r.uri('spec/main.yaml'))!].sort();
  assert.deepEqual(deps, [r.uri('spec/common'), r.uri('spec/common/messages.yaml'), r.uri('spec/common/missing.yaml'), r.uri('spec/common/schemas.yaml')]);
  assert.deepEqual(r.service.dependents(r.uri('spec/common/schemas.yaml')), [r.uri('spec/main.yaml')]);
});

test('a broken ref inside a referenced file is reported on the ref that brings it in', () => {
  const r = slow(
    {
      'main.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message: {$ref: «'other.yaml#/M'»}
`,
      'other.yaml': `M:\n  payload: {$ref: 'gone.yaml'}\n`,
    },
    'invalid-ref',
  );
  assert.deepEqual(r.spans, r.expected);
  assert.match(r.diags[0].message, /^In other.yaml: File "gone.yaml" does not exist/);
});

test('circular refs, local and across files, terminate and are not errors', () => {
  const r = slow(
    {
      'main.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message:
        payload: {$ref: 'b.yaml#/Node'}
components:
  schemas:
    Tree:
      type: object
      properties:
        child: {$ref: '#/components/schemas/Tree'}
`,
      'b.yaml': `Node:\n  type: object\n  properties:\n    next: {$ref: 'c.yaml#/Node'}\n`,
      'c.yaml': `Node:\n  type: object\n  properties:\n    back: {$ref: 'b.yaml#/Node'}\n`,
    },
    'invalid-ref',
  );
  assert.deepEqual(
    r.all.filter((d) => d.severity === Severity.Error),
    [],
  );
});

test('http(s) refs are not fetched by default: an Information diagnostic on the value says how to enable them', () => {
  const files = {
    'main.yaml': `asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  a:
    subscribe:
      message: {$ref: «'https://example.com/messages.yaml#/M'»}
`,
  };
  const r = slow(files, 'remote-ref-not-fetched');
  assert.deepEqual(r.spans, r.expected);
  assert.equal(r.diags[0].severity, Severity.Information);
  assert.match(r.diags[0].message, /"specsocket.resolveRemoteRefs": true/);
  assert.deepEqual(r.all, r.diags, 'nothing else reported');
  const on = slow(files, 'remote-ref-not-fetched', { resolveRemoteRefs: true });
  assert.ok(!on.diags.some((d) => /was not fetched/.test(d.message)), 'no "not fetched" notice when remote refs are on');
});

test('a multi-file spec on disk: %-encoded file names, nested refs, self-referencing schemas; dependsOn lists every file read', () => {
  const service = diskService();
  const dir = join(FIXTURES, 'asyncapi', 'semantic', 'multi-file');
  const uri = fileUri(join(dir, 'main.yaml'));
  const diags = service.slowDiagnostics(uri);
  const text = service.store.get(uri)!.text;
  assert.deepEqual(
    diags.map((d) => [d.code, text.slice(d.start, d.end)]),
    [['invalid-ref', "'common/messages.yaml#/Missing'"]],
  );
  const files = ['common/servers.yaml', 'common/with space/parameters.yaml', 'common/messages.yaml', 'common/schemas.yaml'];
  for (const f of files) assert.deepEqual(service.dependents(fileUri(join(dir, f))), [uri], f);
});

test('the social-media example (v3.0.0) from the corpus resolves across its folders without errors', () => {
  // Opened as a workspace folder, as an editor would: its specs reach ../common.
  const service = diskService({}, [fileUri(SOCIAL)]);
  for (const part of ['backend', 'comments-service', 'frontend', 'notification-service', 'public-api']) {
    const uri = fileUri(join(SOCIAL, part, 'asyncapi.yaml'));
    assert.deepEqual(
      service.diagnostics(uri).filter((d) => d.severity !== Severity.Information && d.severity !== Severity.Hint),
      [],
      part,
    );
  }
  assert.ok(service.dependents(fileUri(join(SOCIAL, 'common', 'messages.yaml'))).length >= 2);
});

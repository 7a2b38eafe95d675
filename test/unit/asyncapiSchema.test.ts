import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, diskService, fileUri, readText, serviceWith } from '../helpers/fixtures';
import { SUPPORTED_VERSIONS, branchSites, compiledMode, schemaFor } from '../../server/src/languageService/asyncapi/officialSchemas';
import { branchValidators, validateValue, validatorFor } from '../../server/src/languageService/asyncapi/schemas';
import type { SpecDiagnostic } from '../../server/src/languageService/core/types';

function schemaDiags(files: Record<string, string>) {
  const { service, marks, uri } = serviceWith(files);
  const name = Object.keys(files)[0];
  const diags = service.fastDiagnostics(uri(name)).filter((d) => d.code.startsWith('schema-'));
  return { diags, spans: marks[name].spans, text: marks[name].text };
}

function only(diags: SpecDiagnostic[], code: string): SpecDiagnostic {
  const found = diags.filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} expected, got ${JSON.stringify(diags, null, 1)}`);
  return found[0];
}

const span = (d: SpecDiagnostic) => ({ start: d.start, end: d.end });

test('schema: valid 3.0 YAML and 2.6 JSON fixtures have no schema diagnostics', () => {
  const service = diskService();
  for (const f of ['valid-3.0.yaml', 'valid-2.6.json']) {
    const path = join(FIXTURES, 'asyncapi', 'schema', f);
    service.store.setOpen(fileUri(path), readText(path), 1);
    assert.deepEqual(
      service.fastDiagnostics(fileUri(path)).filter((d) => d.code.startsWith('schema-')),
      [],
      f,
    );
  }
});

test('schema: an unknown key lands on the key, with "did you mean" and replaceKey data', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml': 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\nchannels:\n  room:\n    «adress»: /room\n',
  });
  const d = only(diags, 'schema-unknown-key');
  assert.deepEqual(span(d), spans[0]);
  assert.match(d.message, /Did you mean `address`\?/);
  assert.deepEqual(d.data, { kind: 'replaceKey', replacement: 'address' });
  assert.equal(diags.length, 1, 'no wall of oneOf alternatives');
});

test('schema: an unknown key with no close match lists the allowed keys', () => {
  const { diags, spans } = schemaDiags({ 'a.yaml': 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\n  «zzz»: 1\n' });
  const d = only(diags, 'schema-unknown-key');
  assert.deepEqual(span(d), spans[0]);
  assert.match(d.message, /Allowed: `title`, `version`/);
  assert.equal(d.data, undefined);
});

test('schema: missing required properties land on the parent key, as one diagnostic', () => {
  const { diags, spans } = schemaDiags({ 'a.yaml': 'asyncapi: 3.0.0\n«info»:\n  description: x\n' });
  const d = only(diags, 'schema-missing-property');
  assert.deepEqual(span(d), spans[0]);
  assert.equal(d.data?.kind, 'addProperties');
  assert.deepEqual(d.data?.kind === 'addProperties' && [...d.data.properties].sort(), ['title', 'version']);
  assert.match(d.message, /^Missing required properties (`title`, `version`|`version`, `title`)\.$/);
});

test('schema: a missing top-level property lands on the first key, not the whole document', () => {
  const { diags, spans } = schemaDiags({ 'a.yaml': '«asyncapi»: 2.6.0\nchannels: {}\n' });
  const d = only(diags, 'schema-missing-property');
  assert.deepEqual(span(d), spans[0]);
  assert.deepEqual(d.data, { kind: 'addProperties', properties: ['info'] });
});

test('schema: wrong type lands on the value and names what is expected', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml': 'asyncapi: 3.0.0\ninfo:\n  title: «[a, b]»\n  version: "1"\n',
  });
  const d = only(diags, 'schema-type');
  assert.deepEqual(span(d), spans[0]);
  assert.equal(d.message, 'Expected a string, got a list.');
});

test('schema: an enum typo lands on the value with the allowed values and a suggestion', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml':
      'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nchannels:\n  c: {address: c}\noperations:\n  o:\n    action: «sned»\n    channel: {$ref: "#/channels/c"}\n',
  });
  const d = only(diags, 'schema-enum');
  assert.deepEqual(span(d), spans[0]);
  assert.match(d.message, /Use one of: `send`, `receive`/);
  assert.deepEqual(d.data, { kind: 'replaceValue', replacement: 'send' });
});

test('schema: oneOf reports the branch that fits (security scheme by its type), not every alternative', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml':
      'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\ncomponents:\n  securitySchemes:\n    k:\n      type: httpApiKey\n      name: k\n      in: header\n      «extra»: 1\n',
  });
  assert.equal(diags.length, 1, JSON.stringify(diags));
  const d = only(diags, 'schema-unknown-key');
  assert.deepEqual(span(d), spans[0]);
  assert.match(d.message, /Allowed: `type`, `name`, `in`, `description`/);
});

test('schema: a misspelt discriminator lists the values of every branch', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml': 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\ncomponents:\n  securitySchemes:\n    k:\n      type: «userPasword»\n',
  });
  const d = only(diags, 'schema-enum');
  assert.deepEqual(span(d), spans[0]);
  assert.match(d.message, /`userPassword`, `apiKey`, `X509`/);
  assert.match(d.message, /`httpApiKey`/);
  assert.deepEqual(d.data, { kind: 'replaceValue', replacement: 'userPassword' });
});

test('schema: a payload schema type typo is an enum error with a suggestion (meta-schema branches)', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml':
      'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\ncomponents:\n  schemas:\n    s:\n      type: object\n      properties:\n        n: {type: «integr»}\n',
  });
  const d = only(diags, 'schema-enum');
  assert.deepEqual(span(d), spans[0]);
  assert.deepEqual(d.data, { kind: 'replaceValue', replacement: 'integer' });
  assert.equal(diags.length, 1, JSON.stringify(diags));
});

test('schema: an inline object where 3.x needs a reference says to use $ref', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml': 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\noperations:\n  o:\n    action: send\n    «channel»:\n      address: x\n',
  });
  const d = only(diags, 'schema-ref-required');
  assert.deepEqual(span(d), spans[0]);
});

test('schema: a format error lands on the value', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml': 'asyncapi: 2.6.0\ninfo:\n  title: x\n  version: "1"\n  contact:\n    email: «not-an-email»\nchannels: {}\n',
  });
  const d = only(diags, 'schema-format');
  assert.deepEqual(span(d), spans[0]);
  assert.match(d.message, /not a valid email/);
});

test('schema: JSON documents get the same diagnostics on the quoted key', () => {
  const { diags, spans } = schemaDiags({
    'a.json': '{"asyncapi": "2.6.0", "info": {"title": "x", «"versoin"»: "1"}, "channels": {}}',
  });
  const d = only(diags, 'schema-unknown-key');
  assert.deepEqual(span(d), spans[0]);
  assert.deepEqual(d.data, { kind: 'replaceKey', replacement: 'version' });
});

test('schema: an unsupported version lists the supported ones and suggests the closest', () => {
  const { diags, spans } = schemaDiags({ 'a.yaml': 'asyncapi: «3.0»\ninfo: {title: x, version: "1"}\n' });
  const d = only(diags, 'schema-unsupported-version');
  assert.deepEqual(span(d), spans[0]);
  for (const v of SUPPORTED_VERSIONS) assert.ok(d.message.includes(v), `${v} listed`);
  assert.deepEqual(d.data, { kind: 'replaceValue', replacement: '3.0.0' });
});

test('schema: an empty version is reported on the key', () => {
  const { diags, spans } = schemaDiags({ 'a.yaml': '«asyncapi»:\ninfo: {title: x, version: "1"}\n' });
  assert.deepEqual(span(only(diags, 'schema-unsupported-version')), spans[0]);
});

test('schema: every shipped version from 2.0.0 to 3.1.0 is supported and validates', () => {
  assert.deepEqual([...SUPPORTED_VERSIONS], ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '2.5.0', '2.6.0', '3.0.0', '3.1.0']);
  // The loaders are listed by hand (lazy loading); they must track what the installed package ships.
  const shipped = Object.keys((require('@asyncapi/specs') as { schemas: Record<string, unknown> }).schemas).filter((v) => /^[23]\./.test(v));
  assert.deepEqual([...SUPPORTED_VERSIONS], shipped);
  for (const v of SUPPORTED_VERSIONS) {
    const doc = v.startsWith('2.') ? { asyncapi: v, info: { title: 't', version: '1' }, channels: {} } : { asyncapi: v, info: { title: 't', version: '1' } };
    assert.deepEqual(validateValue(v, doc), [], v);
    assert.ok(validateValue(v, { ...doc, info: { title: 't' } }).length > 0, `${v} reports a missing version`);
  }
});

test('schema: validateValue in resolved mode accepts inline objects where raw mode needs $ref', () => {
  const doc = { asyncapi: '3.0.0', info: { title: 't', version: '1' }, operations: { o: { action: 'send', channel: { address: 'x' } } } };
  assert.ok(validateValue('3.0.0', doc).length > 0);
  assert.deepEqual(validateValue('3.0.0', doc, 'resolved'), []);
});

test('schema: identical problems are reported once', () => {
  const { diags } = schemaDiags({ 'a.yaml': 'asyncapi: 3.0.0\ninfo:\n  title: x\n  version: "1"\n  foo: 1\n' });
  const keys = diags.map((d) => `${d.code}@${d.start}`);
  assert.deepEqual(keys, [...new Set(keys)]);
  assert.equal(diags.length, 1);
});

test('schema: a 2.x document declared as 3.0.0 gets one diagnostic per misplaced key, not every alternative', () => {
  const { diags, text } = schemaDiags({
    'a.yaml':
      'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\nservers:\n  prod:\n    url: wss://x\n    protocol: wss\nchannels:\n  ticks:\n    subscribe:\n      message:\n        payload: {type: string}\n',
  });
  assert.deepEqual(
    diags.map((d) => [d.code, text.slice(d.start, d.end)]),
    [
      // 2.x `url` is 3.x `host`: one problem, on the key (issue 16.5), not also "missing `host`".
      ['schema-unknown-key', 'url'],
      ['schema-unknown-key', 'subscribe'],
    ],
  );
  assert.match(diags[0].message, /Did you mean `host`\?/);
});

test('schema: nesting deeper than the YAML parser handles gives no schema verdict and does not throw', () => {
  let text = 'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\ncomponents:\n  schemas:\n    s:\n';
  let indent = '      ';
  for (let i = 0; i < 1000; i++) {
    text += `${indent}properties:\n${indent}  a:\n`;
    indent += '    ';
  }
  const { diags } = schemaDiags({ 'a.yaml': text + indent + 'type: 5\n' });
  assert.deepEqual(diags, []);
});

test('schema: a document with only the version reports the missing info on its first key', () => {
  assert.deepEqual(
    schemaDiags({ 'a.yaml': 'asyncapi: 3.0.0\n' }).diags.map((d) => d.code),
    ['schema-missing-property'],
  );
});

test('schema: a key with nothing under it is marked on the key and says what to add', () => {
  const { diags, spans } = schemaDiags({ 'a.yaml': 'asyncapi: 3.0.0\n«info»:\nchannels: {}\n' });
  const d = only(diags, 'schema-type');
  assert.deepEqual(span(d), spans[0]);
  assert.match(d.message, /^Expected a mapping, got nothing \(null\)\. Add `title`, `version`\.$/);
  assert.deepEqual(d.data, { kind: 'addProperties', properties: ['title', 'version'] });
});

test('schema: an Avro record without fields is reported as that (branches with relative refs are narrowed too)', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml':
      'asyncapi: 3.0.0\ninfo: {title: x, version: "1"}\ncomponents:\n  schemas:\n    s:\n      schemaFormat: application/vnd.apache.avro;version=1.9.0\n      «schema»:\n        type: record\n        name: User\n',
  });
  assert.equal(diags.length, 1, JSON.stringify(diags));
  const d = only(diags, 'schema-missing-property');
  assert.deepEqual(span(d), spans[0]);
  assert.deepEqual(d.data, { kind: 'addProperties', properties: ['fields'] });
});

test('schema: every oneOf/anyOf of a version has branch validators in its compiled module, found by content', () => {
  // Narrowing a failed composite re-validates the data against each branch; the compiled module's errors
  // carry their own copy of the branch array, so the lookup is by content (branchKey), never by identity.
  for (const version of SUPPORTED_VERSIONS) {
    for (const mode of ['raw', 'resolved'] as const) {
      assert.ok(validatorFor(version, mode), `${version}/${mode} loads`);
      const root = schemaFor(version, compiledMode(version, mode))!;
      const sites = branchSites([{ schema: root, id: String(root.$id) }]);
      assert.ok(sites.length > 20, `${version}: composites found`);
      for (const site of sites) {
        const copy = structuredClone(site.branches);
        for (let i = 0; i < copy.length; i++)
          assert.equal(typeof branchValidators(version, mode)(copy, i), 'function', `${version}/${mode} ${site.id}#${site.pointer}/${i}`);
      }
    }
  }
});

test('schema: a 2.x message oneOf with broken messages reports each at its own place, not "`oneOf` is not allowed"', () => {
  const { diags, spans } = schemaDiags({
    'a.yaml': `asyncapi: 2.1.0
info: {title: t, version: '1'}
channels:
  events:
    subscribe:
      message:
        oneOf:
          - summary: fine
            payload: {type: string}
          - summary: «5»
            payload: {type: string}
          - externalDocs: {url: 'https://x.test'}
            «paylod»: {type: string}
`,
  });
  diags.sort((a, b) => a.start - b.start);
  assert.deepEqual(diags.map(span), spans, JSON.stringify(diags.map((d) => d.message)));
  assert.deepEqual(
    diags.map((d) => d.code),
    ['schema-type', 'schema-unknown-key'],
  );
});

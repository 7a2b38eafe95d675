/**
 * `$ref`s read only regular files inside the workspace (issue 13 item 1): over a real folder with a symlink
 * leading out, a FIFO and a file beside the workspace, every refused reference gets its diagnostic on the
 * `$ref` value, and neither hover nor the Try it model shows anything of what it names.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diskService, fileUri, memUri, memoryFs, serviceWith } from '../helpers/fixtures';
import { LanguageService } from '../../server/src/languageService/languageService';
import { isInside, rootsFor } from '../../server/src/languageService/core/refAccess';
import { withDefaults } from '../../common/src/settings';
import { BESIDE_SECRET, HOSTILE_REFS, HOSTILE_SPEC, hostileWorkspace } from '../helpers/hostileRefs';

const w = hostileWorkspace();
after(() => w.remove());
const specUri = fileUri(w.spec);

/** Offset of the `$ref` value of a channel (inside its quotes). */
const refAt = (name: string) => HOSTILE_SPEC.indexOf(`'${HOSTILE_REFS[name].ref}'`) + 1;
/** Things each refused target holds that must not show. */
const SECRETS = [BESIDE_SECRET, 'root:', 'PATH='];

function assertHidden(text: string, what: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} shows ${s}: ${text}`);
}

for (const [label, folders] of [
  ['a workspace folder', [fileUri(w.ws)]],
  ['no folder open', []],
] as const) {
  test(`with ${label}: each refused $ref gets its code on its value, and only those`, () => {
    const service = diskService({}, [...folders]);
    const diags = service.diagnostics(specUri).filter((d) => d.code.startsWith('ref-') || d.code === 'invalid-ref');
    const got = diags.map((d) => [HOSTILE_SPEC.slice(d.start, d.end), d.code]).sort();
    const want = Object.values(HOSTILE_REFS)
      .filter((r) => r.code)
      .map((r) => [`'${r.ref}'`, r.code])
      .sort();
    assert.deepEqual(got, want);
    for (const d of diags) {
      assertHidden(d.message, d.code);
      if (d.code === 'ref-outside-workspace') assert.match(d.message, /specsocket\.allowedRefRoots/);
    }
  });
}

test('hover on a refused $ref says why and shows nothing of the target', () => {
  const service = diskService({}, [fileUri(w.ws)]);
  for (const [name, { code }] of Object.entries(HOSTILE_REFS)) {
    const hover = service.hover(specUri, refAt(name));
    assert.ok(hover, name);
    if (!code) assert.match(hover.contents, /Hello/, 'the allowed ref still previews');
    else assert.match(hover.contents, code === 'ref-not-a-file' ? /not a regular file/ : /is not read/, name);
    assertHidden(hover.contents, name);
  }
});

test('the Try it model takes nothing from refused files, and keeps what the allowed one brings', () => {
  const model = JSON.stringify(diskService({}, [fileUri(w.ws)]).tryItModel(specUri));
  assertHidden(model, 'the Try it model');
  assert.ok(model.includes('inside-ok'), model);
});

test('a folder named in allowedRefRoots widens the roots, but never to /proc', () => {
  const service = diskService({ allowedRefRoots: [w.dir] }, [fileUri(w.ws)]);
  const refused = service.diagnostics(specUri).filter((d) => d.code.startsWith('ref-'));
  assert.deepEqual(
    refused.map((d) => HOSTILE_SPEC.slice(d.start, d.end)).sort(),
    [`'${HOSTILE_REFS.environ.ref}'`, `'${HOSTILE_REFS.fifo.ref}'`, `'${HOSTILE_REFS.passwd.ref}'`, `'${HOSTILE_REFS.url.ref}'`].sort(),
  );
  assert.match(service.hover(specUri, refAt('beside'))!.contents, new RegExp(BESIDE_SECRET));
  assert.match(service.hover(specUri, refAt('link'))!.contents, new RegExp(BESIDE_SECRET));
  assert.ok(JSON.stringify(service.tryItModel(specUri)).includes(BESIDE_SECRET));
});

test('package.json declares the setting and restricts it in untrusted workspaces', () => {
  const pkg = JSON.parse(readFileSync(join(dirname(dirname(__dirname)), 'package.json'), 'utf8'));
  assert.deepEqual(pkg.contributes.configuration.properties['specsocket.allowedRefRoots'].default, []);
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('specsocket.allowedRefRoots'));
});

test('roots: whole path segments, the workspace folders holding the document, else its own folder tree', () => {
  assert.ok(isInside('/ws/a.yaml', '/ws') && isInside('/ws', '/ws/') && isInside('/x', '/'));
  assert.ok(!isInside('/ws-other/a.yaml', '/ws') && !isInside('/w', '/ws'));
  assert.deepEqual(rootsFor('file:///a/ws/spec.yaml', ['file:///a/ws', 'file:///b'], []), ['file:///a/ws', 'file:///b']);
  assert.deepEqual(rootsFor('file:///elsewhere/x/spec.yaml', ['file:///a/ws'], []), ['file:///elsewhere/x/']);
  assert.deepEqual(rootsFor('file:///p/fern/definition/chat.yml', [], []), ['file:///p/fern/']);
  assert.deepEqual(rootsFor('file:///a/ws/spec.yaml', ['file:///a/ws/'], ['/opt/specs', 'shared', 'file:///srv/x']), [
    'file:///a/ws/',
    'file:///opt/specs',
    'file:///a/ws/shared',
    'file:///srv/x',
  ]);
});

test('without a file system that resolves links, paths are checked as written', () => {
  const { service, uri } = serviceWith({
    'ws/spec.yaml':
      "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: {$ref: 'common/a.yaml'}\n    B: {$ref: '../beside.yaml'}\n",
    'ws/common/a.yaml': 'type: string\n',
    'beside.yaml': 'type: string\n',
  });
  const refused = service.diagnostics(uri('ws/spec.yaml')).filter((d) => d.code === 'ref-outside-workspace');
  assert.equal(refused.length, 1);
  assert.match(refused[0].message, /"\.\.\/beside\.yaml" is not read: \/mem\/beside\.yaml is outside/);
});

test('a Fern import leaving the fern folder gets the refusal, not "does not exist"', () => {
  const { service, uri, marks } = serviceWith({
    'p/fern/definition/chat.yml': 'imports:\n  other: «../../../outside.yml»\n  ok: common.yml\ntypes:\n  A: other.Secret\n  B: ok.Fine\n',
    'p/fern/definition/common.yml': 'types:\n  Fine: string\n',
    'outside.yml': 'types:\n  Secret: string\n',
  });
  const diags = service.diagnostics(uri('p/fern/definition/chat.yml')).filter((d) => d.code.startsWith('ref-') || d.code === 'fern-import-not-found');
  assert.deepEqual(
    diags.map((d) => [d.code, d.start, d.end]),
    [['ref-outside-workspace', marks['p/fern/definition/chat.yml'].spans[0].start, marks['p/fern/definition/chat.yml'].spans[0].end]],
  );
  assert.match(diags[0].message, /"\.\.\/\.\.\/\.\.\/outside\.yml" is not read/);
});

test('allowedRefRoots from the client: a list of non-empty strings, [] by default', () => {
  assert.deepEqual(withDefaults({}).allowedRefRoots, []);
  assert.deepEqual(withDefaults({ allowedRefRoots: ['/a', 3, '', null, 'b'] }).allowedRefRoots, ['/a', 'b']);
  assert.deepEqual(withDefaults({ allowedRefRoots: '/a' }).allowedRefRoots, []);
});

test('the roots are resolved on the first check a feature makes, not for a pass that reads no other file', () => {
  const stats: string[] = [];
  const files = {
    'a.yaml': "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nchannels:\n  c:\n    address: c\n    messages:\n      m: {$ref: './b.yaml#/M'}\n",
    'b.yaml': 'M: {payload: {type: string}}\n',
  };
  const fs = { ...memoryFs(files), stat: (u: string): undefined => void stats.push(u) };
  const service = new LanguageService({ fs, workspaceFolders: [memUri('')] });
  service.store.setOpen(memUri('a.yaml'), files['a.yaml'], 1);
  service.fastDiagnostics(memUri('a.yaml'));
  assert.equal(stats.length, 0, `the fast pass reads no other file: no root is resolved (${stats.join(', ')})`);
  service.slowDiagnostics(memUri('a.yaml'));
  assert.ok(stats.includes(memUri('')), `the slow pass reads b.yaml: the root is resolved (${stats.join(', ')})`);
});

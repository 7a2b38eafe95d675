/**
 * Corpus-wide "never throws" runs of the pure service: every AsyncAPI document of test/corpus through navigation
 * (definition, references, hover, rename, $ref completion at offsets all over each file) and the Try it model.
 * Fixture-sized checks of the same features are in test/unit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { corpusWorkspaceFolders, diskService, fileUri, readText, walk, CORPUS } from '../helpers/fixtures';
import { neverCancelled } from '../../server/src/languageService/core/types';
import { asyncapiNavigation } from '../../server/src/languageService/asyncapi/navigation';
import { asyncapiSymbols } from '../../server/src/languageService/asyncapi/symbols';
import { asyncapiRefCompletion } from '../../server/src/languageService/asyncapi/refCompletion';
import { defaultSettings } from '../../common/src/settings';
import { createMessageMatcher } from '../../common/src/tryit/messageMatcher';

test('navigation features never throw on the corpus, at offsets all over each file', () => {
  const service = diskService({}, corpusWorkspaceFolders());
  let files = 0;
  let answers = 0;
  for (const path of walk(join(CORPUS, 'asyncapi'))) {
    const uri = fileUri(path);
    const doc = service.store.get(uri);
    if (!doc) continue;
    files++;
    const ctx = { doc, kind: 'asyncapi' as const, store: service.store, settings: defaultSettings, token: neverCancelled, dependsOn: new Set<string>() };
    asyncapiSymbols.symbols!(ctx);
    const step = Math.max(1, Math.floor(doc.text.length / 150));
    for (let o = 0; o <= doc.text.length; o += step) {
      answers += asyncapiNavigation.definition!(ctx, o).length;
      asyncapiNavigation.references!(ctx, o, true);
      asyncapiNavigation.hover!(ctx, o);
      if (asyncapiNavigation.prepareRename!(ctx, o)) asyncapiNavigation.rename!(ctx, o, 'renamed');
      asyncapiRefCompletion.completions!(ctx, o);
    }
  }
  assert.ok(files >= 50, `corpus files read: ${files}`);
  assert.ok(answers > 0, 'some definitions found');
});

test('every AsyncAPI document of the corpus yields a model, and the matcher takes its messages', () => {
  const service = diskService({}, corpusWorkspaceFolders()); // throws if a feature throws
  let models = 0;
  let messages = 0;
  for (const f of walk(join(CORPUS, 'asyncapi'))) {
    const uri = fileUri(f);
    service.store.setOpen(uri, readText(f), 1);
    const m = service.tryItModel(uri);
    service.store.close(uri);
    if (!m) continue;
    models++;
    const all = m.channels.flatMap((c) => c.operations.flatMap((o) => [...o.messages, ...(o.reply?.messages ?? [])]));
    messages += all.length;
    // Each message's own first example, matched against that message alone: one per file keeps the test quick.
    for (const msg of all.filter((x) => x.examples.length).slice(0, 1)) createMessageMatcher([msg]).match({ data: msg.examples[0].payload });
    assert.doesNotThrow(() => JSON.stringify(m), f);
  }
  assert.ok(models >= 50 && messages >= 300, `${models} models, ${messages} messages`);
});

test('completion, hover, the Outline, folding and selection ranges never throw on the corpus (AsyncAPI and Fern)', () => {
  const service = diskService({}, corpusWorkspaceFolders()); // throws if a feature throws
  let files = 0;
  for (const path of walk(CORPUS, /\.(ya?ml|json)$/i)) {
    const uri = fileUri(path);
    if (!service.store.get(uri)) continue;
    const text = readText(path);
    files++;
    service.symbols(uri);
    service.foldingRanges(uri);
    const offsets: number[] = [];
    for (let o = 0; o <= text.length; o += Math.max(1, Math.floor(text.length / 40))) offsets.push(o);
    const chains = service.selectionRanges(uri, offsets);
    chains.forEach((chain, i) =>
      assert.ok(
        chain.every((s) => s.start <= offsets[i] && offsets[i] <= s.end && s.end <= text.length),
        path,
      ),
    );
    for (const o of offsets) {
      service.completions(uri, o);
      service.hover(uri, o);
    }
  }
  assert.ok(files >= 50, `corpus files read: ${files}`);
});

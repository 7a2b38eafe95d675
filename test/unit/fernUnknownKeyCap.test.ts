/**
 * Issue 13 (budget): unknown Fern keys past what a document can show are counted in one diagnostic, not each
 * described with its did-you-mean: a broken 1 MB paste had 50,000 of them and building their messages was most of
 * a keystroke's 0.5 s of CPU (fuzz seed 24). The ones described are the first in the document, as the publish cap
 * keeps them, and the cap's "and N more" still counts every one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceWith } from '../helpers/fixtures';
import { MAX_DIAGNOSTICS, capDiagnostics } from '../../server/src/languageService/core/diagnosticCap';

const API = 'name: chat\n';

test('unknown keys past the cap are counted in one diagnostic at the first of them, the first ones described', () => {
  let text = 'channel:\n  path: /x\n  auth: false\n';
  for (let i = 0; i < 3000; i++) text += `  unknownKey${i}: 1\n`;
  const { service, uri } = serviceWith({ 'fern/definition/chat.yml': text, 'fern/definition/api.yml': API });
  const d = service.fastDiagnostics(uri('fern/definition/chat.yml'));
  const unknown = d.filter((x) => x.code === 'fern-unknown-key');
  assert.ok(unknown.length <= MAX_DIAGNOSTICS, `${unknown.length} described`);
  assert.equal(unknown[0].start, text.indexOf('unknownKey0'));
  const more = d.filter((x) => x.code === 'fern-more-unknown-keys');
  assert.equal(more.length, 1);
  assert.equal(more[0].start, text.indexOf(`unknownKey${unknown.length}:`));
  assert.equal(unknown.length + (more[0].hidden ?? 0), 3000, 'every unknown key is counted');
  const published = capDiagnostics(d);
  const note = published.find((x) => x.code === 'too-many-diagnostics');
  const shown = published.filter((x) => x.code !== 'too-many-diagnostics').reduce((n, x) => n + (x.hidden ?? 1), 0);
  assert.ok(note, 'over the cap');
  assert.equal(
    Number(/And (\d+) more/.exec(note.message)?.[1]) + shown,
    d.reduce((n, x) => n + (x.hidden ?? 1), 0),
  );
});

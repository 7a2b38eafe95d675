/**
 * Issue 16 over every AsyncAPI fixture (test/fixtures/asyncapi/**, the deliberately broken ones in broken/
 * included): a diagnostic names no place but its own (its range's path, or what the `$ref` in its range
 * points at), and one misspelt key is one diagnostic (not also "missing", nor again through a `$ref`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, diskService, fileUri, readText, walk } from '../helpers/fixtures';
import { nodeAtOffset } from '../../server/src/languageService/core/yamlAst';
import { pathToPointer } from '../../server/src/languageService/core/refs';
import type { SpecDiagnostic } from '../../server/src/languageService/core/types';
import type { SpecDocument } from '../../server/src/languageService/core/specDocument';

const files = walk(join(FIXTURES, 'asyncapi')).filter((f) => /^\s*"?asyncapi"?\s*:/m.test(readText(f)));

/** Places a message names as where the problem is: pointers, maybe after a file name; suggestions excluded. */
function namedPlaces(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/([\w./-]*\.(?:ya?ml|json))?#(\/[^\s"'`,)]*)?/g)) {
    if (/(Did you mean|under) "?$/.test(message.slice(0, m.index))) continue;
    out.push(m[0].replace(/\.$/, ''));
  }
  return out;
}

function unquote(s: string): string {
  return /^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s;
}

/** A place is a diagnostic's own: its range's path (or an enclosing one), or at or under the `$ref` it marks. */
function ownPlace(doc: SpecDocument, d: SpecDiagnostic, place: string): boolean {
  const own = '#' + pathToPointer(nodeAtOffset(doc.ast, d.start).path);
  const written = unquote(doc.text.slice(d.start, d.end));
  const [file, pointer] = place.split('#');
  const [wFile, wPointer] = written.split('#');
  const under = (p: string, base: string) => p === base || p.startsWith(base + '/') || base === '';
  if (!file && under(own, '#' + pointer)) return true;
  if (wPointer === undefined || !under('#' + (pointer ?? ''), '#' + wPointer)) return false;
  // A file named apart ("#/x" does not exist in "f.yaml") is the one the `$ref` names.
  return file ? wFile.endsWith(file) : !wFile || d.message.includes(`"${wFile}"`);
}

/** What a diagnostic is about, for the ones about one key: `file#/path/key`. */
function subject(doc: SpecDocument, d: SpecDiagnostic): string | undefined {
  if (d.code === 'schema-unknown-key') return doc.uri + '#' + pathToPointer(nodeAtOffset(doc.ast, d.start).path);
  const m = /^The target of this reference is not valid where it is used: in (.*?)#(\/\S*), property "([^"]+)"/.exec(d.message);
  if (!m) return undefined;
  const file = m[1] ? new URL(unquote(doc.text.slice(d.start, d.end)).split('#')[0], doc.uri).toString() : doc.uri;
  return file + '#' + (m[2] === '/' ? '' : m[2]) + '/' + m[3];
}

for (const path of files) {
  test(`issue 16 over ${path.slice(FIXTURES.length + 1)}`, () => {
    const service = diskService();
    const uri = fileUri(path);
    service.store.setOpen(uri, readText(path), 1);
    const doc = service.store.get(uri)!;
    const diags = [...service.fastDiagnostics(uri), ...service.slowDiagnostics(uri)];
    const show = (d: SpecDiagnostic) => `${d.code} at «${doc.text.slice(d.start, d.end)}»: ${d.message}`;
    const subjects = new Map<string, SpecDiagnostic>();
    for (const d of diags) {
      for (const place of namedPlaces(d.message)) assert.ok(ownPlace(doc, d, place), `names ${place}, not its own place: ${show(d)}`);
      const s = subject(doc, d);
      if (!s) continue;
      const before = subjects.get(s);
      if (before) assert.fail(`two diagnostics for one key:\n  ${show(before)}\n  ${show(d)}`);
      subjects.set(s, d);
    }
    for (const d of diags.filter((x) => x.data?.kind === 'replaceKey')) {
      const parent = nodeAtOffset(doc.ast, d.start).path.slice(0, -1).join('/');
      const renamedTo = d.data?.kind === 'replaceKey' ? d.data.replacement : '';
      const missing = diags.find(
        (x) => x.data?.kind === 'addProperties' && x.data.properties.includes(renamedTo) && nodeAtOffset(doc.ast, x.start).path.join('/') === parent,
      );
      assert.ok(!missing, `missing \`${renamedTo}\` as well as the misspelt key: ${show(d)}`);
    }
  });
}

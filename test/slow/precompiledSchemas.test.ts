/**
 * The official schemas are compiled at build time (scripts/compileSchemas.ts, ajv's standalone code). This holds
 * the compiled modules to ajv compiling the same schemas at run time, error for error: every corpus document
 * (as written, and with typos that make composites fail), in both modes, and every branch validator that
 * narrowing calls for those documents' failed oneOf/anyOf.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CORPUS, readText } from '../helpers/fixtures';
import { SpecDocument } from '../../server/src/languageService/core/specDocument';
import {
  SPEC_AJV_OPTIONS,
  branchRef,
  branchSites,
  compiledMode,
  configureSpecAjv,
  isSupportedVersion,
  schemaFor,
  type BranchSite,
  type SchemaMode,
  type SchemaNode,
} from '../../server/src/languageService/asyncapi/officialSchemas';
import { branchValidators, validateValue } from '../../server/src/languageService/asyncapi/schemas';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';

const ajv = new Ajv(SPEC_AJV_OPTIONS);
addFormats(ajv);
configureSpecAjv(ajv);
const roots = new Map<string, ValidateFunction>();
const sites = new Map<string, BranchSite[]>();

/** The reference: ajv compiling the prepared schema now, as the language service did before the build did it. */
function reference(version: string, mode: SchemaMode): ValidateFunction {
  const key = `${version}/${compiledMode(version, mode)}`;
  let v = roots.get(key);
  if (!v) {
    // 3.x's resolved copy refers to the raw copy's unchanged definitions: those are registered first.
    const raw = compiledMode(version, mode) === 'resolved' ? (reference(version, 'raw'), schemaFor(version, 'raw')!) : undefined;
    const root = schemaFor(version, compiledMode(version, mode))!;
    for (const def of Object.values(root.definitions as Record<string, SchemaNode>))
      if (typeof def.$id === 'string') ajv.addSchema(def, undefined, undefined, false);
    v = ajv.compile(root);
    roots.set(key, v);
    sites.set(
      key,
      branchSites([
        { schema: draft07, id: 'http://json-schema.org/draft-07/schema' },
        { schema: root, id: String(root.$id) },
        ...(raw ? [{ schema: raw, id: String(raw.$id) }] : []),
      ]),
    );
  }
  return v;
}

/** What an error says, without the schema objects (the compiled module has its own copies, equal in content). */
function said(errors: ErrorObject[]): unknown[] {
  return errors.map((e) => ({ ...e, schema: JSON.stringify(e.schema), parentSchema: JSON.stringify(e.parentSchema) }));
}

function corpusDocuments(): { file: string; version: string; value: unknown }[] {
  const [head, ...lines] = readText(join(CORPUS, 'SOURCES.tsv')).trim().split('\n');
  const at = head.split('\t').indexOf('file');
  const out = [];
  for (const file of lines.map((l) => l.split('\t')[at]).filter((f) => /\.(ya?ml|json)$/.test(f) && f.startsWith('asyncapi/'))) {
    const text = readText(join(CORPUS, file));
    for (const variant of [
      text,
      text.replace(/type: string/g, (m, off: number) => (off % 2 ? 'type: strin' : m)).replace(/"type": "string"/g, '"type": "strin"'),
    ]) {
      const value = new SpecDocument(`file://${file}`, variant, 1).value as { asyncapi?: unknown } | null;
      if (value && isSupportedVersion(value.asyncapi)) out.push({ file, version: value.asyncapi, value });
    }
  }
  return out;
}

test('precompiled schemas: every corpus document gets the errors ajv compiling the schema at run time gives, in both modes', () => {
  const docs = corpusDocuments();
  assert.ok(docs.length >= 80, `${docs.length} documents`);
  let composites = 0;
  let failing = 0;
  for (const { file, version, value } of docs) {
    for (const mode of ['raw', 'resolved'] as const) {
      const ref = reference(version, mode);
      const expected = ref(value) ? [] : [...(ref.errors ?? [])];
      const actual = validateValue(version, value, mode);
      assert.deepEqual(said(actual), said(expected), `${file} (${mode})`);
      if (actual.length) failing++;
      // Each failed composite: its branches' validators, found by content, agree with ajv's by pointer.
      const siteList = sites.get(`${version}/${compiledMode(version, mode)}`)!;
      for (const e of actual.filter((x) => x.keyword === 'oneOf' || x.keyword === 'anyOf')) {
        const site = siteList.find((s) => JSON.stringify(s.branches) === JSON.stringify(e.schema));
        assert.ok(site, `${file}: the composite at ${e.schemaPath} is one the build compiled`);
        (e.schema as unknown[]).forEach((_b, i) => {
          const mine = branchValidators(version, mode)(e.schema as unknown[], i)!;
          const theirs = ajv.compile({ $ref: branchRef(site, i) });
          const m = mine(e.data) ? [] : [...(mine.errors ?? [])];
          const t = theirs(e.data) ? [] : [...(theirs.errors ?? [])];
          assert.deepEqual(said(m), said(t), `${file}: branch ${i} of ${e.schemaPath}`);
          composites++;
        });
      }
    }
  }
  assert.ok(failing >= 40 && composites >= 100, `failing documents ${failing}, branches compared ${composites}`);
});

/**
 * Compiles the official AsyncAPI schemas at build time (issue 17.2): one standalone ajv module per version, both
 * modes (2.x: the resolved validator is the raw one, see compiledMode; 3.x: the resolved copy shares the raw
 * copy's unchanged definitions, see officialSchemas.resolvedCopy) in generated/schemas/, each bundled by esbuild into one self-contained
 * file, loaded by the language service (asyncapi/schemas.ts) only for the versions a run meets. A module holds
 * the version's validators (`root`, and for 3.x `rootResolved`), one validator per oneOf/anyOf branch (`b0`…, for narrowing errors),
 * `branchTable`: branchKey(array) → the names of its branches' validators, and for validating entry by entry
 * (issue 17.6) `rootEntries` (the root with the entries unchecked), `e0`… (one per entry sub-schema) and
 * `entrySites`: where the entries are and which validator each takes.
 *
 * Up to date (the inputs' digest in manifest.json matches): does nothing. `--force`: compiles anyway.
 * Run by `npm run build`, and before the unit and slow layers, which load the same modules.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { _ } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import { buildSync } from 'esbuild';
import {
  SPEC_AJV_OPTIONS,
  SUPPORTED_VERSIONS,
  branchKey,
  branchRef,
  branchSites,
  compiledMode,
  configureSpecAjv,
  entryPlan,
  chunkOrder,
  moduleFile,
  schemaFor,
  type SchemaNode,
} from '../server/src/languageService/asyncapi/officialSchemas';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'generated', 'schemas');
const DRAFT07 = 'http://json-schema.org/draft-07/schema';

/**
 * What the modules depend on: the schemas, the compiler, and every file of ours that shapes the schemas (all
 * the repository's modules loaded by now: officialSchemas.ts and what it imports, e.g. binding patches).
 */
function inputsDigest(): string {
  const h = createHash('sha256');
  for (const pkg of ['@asyncapi/specs', 'ajv', 'ajv-formats', 'esbuild']) h.update(readFileSync(require.resolve(`${pkg}/package.json`)));
  const ours = Object.keys(require.cache).filter((f) => f.startsWith(ROOT) && !f.includes('node_modules'));
  for (const file of ours.sort()) h.update(file.slice(ROOT.length)).update(readFileSync(file));
  return h.digest('hex');
}

/** Both modes of a version in one module: 3.x's resolved copy shares the raw copy's unchanged definitions. */
function compileVersion(version: string): string {
  const ajv = new Ajv({ ...SPEC_AJV_OPTIONS, code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` } });
  addFormats(ajv);
  configureSpecAjv(ajv);
  const exports: Record<string, string> = {};
  const table: Record<string, string[]> = {};
  const where = new Map<string, string>();
  const roots: { schema: unknown; id: string }[] = [{ schema: draft07, id: DRAFT07 }];
  for (const mode of ['raw', 'resolved'] as const) {
    if (compiledMode(version, mode) !== mode) continue;
    const root = schemaFor(version, mode)!;
    // Each definition a schema of its own: compiled once, called by the roots and by every branch validator.
    for (const def of Object.values(root.definitions as Record<string, SchemaNode>))
      if (typeof def.$id === 'string') ajv.addSchema(def, undefined, undefined, false);
    const name = mode === 'raw' ? 'root' : 'rootResolved';
    ajv.addSchema(root, name);
    exports[name] = name;
    roots.push({ schema: root, id: String(root.$id) });
  }
  // Per-entry validation of the raw mode (issue 17.6): the root with the entries unchecked, and one validator
  // per entry sub-schema (sites sharing a sub-schema share its validator). See officialSchemas.entryPlan.
  const plan = entryPlan(version);
  const entrySites: { path: string[]; pattern?: string; validator: string }[] = [];
  if (plan) {
    ajv.addSchema(plan.stubRoot, 'rootEntries');
    exports.rootEntries = 'rootEntries';
    const byRef = new Map<string, string>();
    for (const site of plan.sites) {
      let name = byRef.get(site.ref);
      if (!name) {
        name = `e${byRef.size}`;
        byRef.set(site.ref, name);
        ajv.addSchema({ $ref: site.ref }, name);
        exports[name] = name;
      }
      entrySites.push({ path: site.path, ...(site.pattern !== undefined ? { pattern: site.pattern } : {}), validator: name });
    }
  }
  let n = 0;
  for (const site of branchSites(roots)) {
    const key = branchKey(site.branches);
    const text = JSON.stringify(site.branches);
    // Equal arrays compile alike unless a relative `$ref` in them resolves inside different resources.
    if (table[key]) {
      if (where.get(key) !== site.id && text.includes('"$ref":"#'))
        throw new Error(`${version}: equal branch arrays in ${where.get(key)} and ${site.id} resolve differently`);
      continue;
    }
    where.set(key, site.id);
    table[key] = site.branches.map((_b, i) => {
      const name = `b${n++}`;
      ajv.addSchema({ $ref: branchRef(site, i) }, name);
      exports[name] = name;
      return name;
    });
  }
  return [
    standaloneCode(ajv, exports),
    `exports.branchTable = ${JSON.stringify(table)};`,
    `exports.entrySites = ${JSON.stringify(entrySites)};`,
    `exports.chunkOrder = ${JSON.stringify(chunkOrder(version))};`,
    '',
  ].join('\n');
}

function main(): void {
  const digest = inputsDigest();
  const manifest = join(OUT, 'manifest.json');
  if (!process.argv.includes('--force') && existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).digest === digest) return;
  const started = performance.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const files: string[] = [];
  // What the compiled code requires (ajv's runtime helpers, the formats, findDuplicate) goes into one shared
  // runtime.js, not into each module: ≈ 140 KB a module otherwise.
  const shared = new Map<string, string>();
  const viaRuntime = (code: string) =>
    code.replace(/require\("([^"]+)"\)/g, (_m, path: string) => {
      const key = path.includes('uniqueItems') ? 'uniqueItems' : path;
      shared.set(key, path);
      return `require("./runtime.js")[${JSON.stringify(key)}]`;
    });
  const bundle = (entry: string, outfile: string) =>
    buildSync({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      logLevel: 'warning',
      external: ['./runtime.js'],
    });
  for (const version of SUPPORTED_VERSIONS) {
    const source = join(OUT, `.${moduleFile(version)}`);
    writeFileSync(source, viaRuntime(compileVersion(version)));
    bundle(source, join(OUT, moduleFile(version)));
    rmSync(source);
    files.push(moduleFile(version));
  }
  const runtime = join(OUT, '.runtime.js');
  writeFileSync(
    runtime,
    `module.exports = {\n${[...shared].map(([key, path]) => `  ${JSON.stringify(key)}: require(${JSON.stringify(path)}),`).join('\n')}\n};\n`,
  );
  bundle(runtime, join(OUT, 'runtime.js'));
  rmSync(runtime);
  files.push('runtime.js');
  writeFileSync(manifest, JSON.stringify({ digest, files }, null, 2) + '\n');
  console.log(`compiled ${files.length} AsyncAPI schema modules in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();

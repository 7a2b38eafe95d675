/**
 * The official schemas' validators, compiled at build time (scripts/compileSchemas.ts): a version's module is
 * loaded the first time a document of that version is validated (≈ 40 ms) instead of compiled (≈ 1 s, and
 * twice per version). See docs/performance.md, "CLI and cold start".
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { branchKey, isSupportedVersion, moduleFile, type ChunkOrder, type SchemaMode } from './officialSchemas';
import type { BranchCheck } from './schemaErrors';

interface CompiledModule {
  root: ValidateFunction;
  /** 3.x: the resolved-mode validator (2.x validates resolved documents with `root`: see compiledMode). */
  rootResolved?: ValidateFunction;
  branchTable: Record<string, string[]>;
  /** Per-entry validation of the raw mode (issue 17.6); see officialSchemas.entryPlan. */
  rootEntries?: ValidateFunction;
  entrySites?: { path: string[]; pattern?: string; validator: string }[];
  chunkOrder: ChunkOrder;
  [name: string]: unknown;
}

/** Set by the bundle (scripts/build.mjs): the modules sit in `schemas/` next to it. */
declare const SPECSOCKET_BUNDLED: boolean | undefined;
/** Where the compiled modules are: next to the bundle, or, running from source (tests, tools), the build's output. */
const FOLDER = typeof SPECSOCKET_BUNDLED === 'boolean' ? `${__dirname}/schemas` : `${__dirname}/../../../../generated/schemas`;

const loaded = new Map<string, CompiledModule>();
/** The `version/mode` validators asked for so far. */
const requested = new Set<string>();
/** Each branch array the loaded modules' errors carry → its validators (identity: the module's own copy). */
const branchCache = new WeakMap<object, (ValidateFunction | undefined)[] | null>();

function compiledModule(version: string, mode: SchemaMode): CompiledModule | undefined {
  if (!isSupportedVersion(version)) return undefined;
  const file = moduleFile(version);
  requested.add(`${version}/${mode}`);
  let m = loaded.get(file);
  if (!m) {
    // A missing module is a broken build, not bad input: it must fail loudly (tests), never silently pass.
    try {
      m = require(`${FOLDER}/${file}`) as CompiledModule;
    } catch (e) {
      throw new Error(`The compiled AsyncAPI ${version} schema is missing (${file}): run \`npm run schemas\` or \`npm run build\`.`, { cause: e });
    }
    loaded.set(file, m);
  }
  return m;
}

/** Which `version/mode` validators are loaded so far (tests: warming up loads ahead of the slow pass). */
export function compiledValidators(): string[] {
  return [...requested];
}

/** The compiled validator of a version (loaded once, lazily). */
export function validatorFor(version: string, mode: SchemaMode = 'raw'): ValidateFunction | undefined {
  const m = compiledModule(version, mode);
  return mode === 'resolved' && m?.rootResolved ? m.rootResolved : m?.root;
}

/**
 * Validates a plain value against a version's schema. Semantic checks call this with a dereferenced document
 * (`mode: 'resolved'`). Returns ajv's raw errors (empty when valid).
 */
export function validateValue(version: string, value: unknown, mode: SchemaMode = 'raw'): ErrorObject[] {
  const v = validatorFor(version, mode);
  if (!v) return [];
  return v(value) ? [] : [...(v.errors ?? [])];
}

/** The root's and `components`' property orders of a version's schema (officialSchemas.chunkOrder). */
export function chunkOrderOf(version: string): ChunkOrder | undefined {
  return compiledModule(version, 'raw')?.chunkOrder;
}

/** Branch `index` of a oneOf/anyOf array found in an error (ajv's `schema`) → its validator, if compiled. */
export type BranchValidators = (branches: unknown[], index: number) => ValidateFunction | undefined;

/**
 * The branch validators of the module a (version, mode) validates with. An error's branch array is the module's
 * own copy (so the cache can go by identity), looked up by content in that module's table: equal arrays in
 * another version's module resolve their relative `$ref`s inside that version's resources.
 */
export function branchValidators(version: string, mode: SchemaMode = 'raw'): BranchValidators {
  const m = compiledModule(version, mode);
  return (branches, index) => {
    if (!m) return undefined;
    let found = branchCache.get(branches);
    if (found === undefined) {
      const names = m.branchTable[branchKey(branches)];
      found = names ? names.map((n) => m[n] as ValidateFunction) : null;
      branchCache.set(branches, found);
    }
    return found?.[index];
  };
}

/** Narrowing's branch check (schemaErrors.ts) for errors of a (version, mode)'s validator. */
export function specBranches(version: string, mode: SchemaMode = 'raw'): BranchCheck {
  const validators = branchValidators(version, mode);
  return (branches, index, data) => {
    const v = validators(branches, index);
    if (!v) return undefined;
    return v(data) ? [] : (v.errors ?? []);
  };
}

/** A version's raw schema split into its entries (issue 17.6): the root with them unchecked, and each map of them. */
export interface EntryValidation {
  root: ValidateFunction;
  sites: { path: string[]; pattern: RegExp | undefined; validate: ValidateFunction }[];
}

const entryValidations = new Map<string, EntryValidation | null>();

/** The entry-by-entry validators of a version's raw schema (a module built without them: undefined). */
export function entryValidation(version: string): EntryValidation | undefined {
  let found = entryValidations.get(version);
  if (found === undefined) {
    const m = compiledModule(version, 'raw');
    found =
      m?.rootEntries && m.entrySites
        ? {
            root: m.rootEntries,
            // ajv tests patternProperties with the pattern's RegExp without flags (unicodeRegExp: false).
            sites: m.entrySites.map((s) => ({
              path: s.path,
              pattern: s.pattern === undefined ? undefined : new RegExp(s.pattern),
              validate: m[s.validator] as ValidateFunction,
            })),
          }
        : null;
    entryValidations.set(version, found);
  }
  return found ?? undefined;
}

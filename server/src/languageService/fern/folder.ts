/**
 * The Fern definition folder a file belongs to: `api.yml` plus every definition file under it. Files are read
 * and modelled lazily, through the store (one parse per text version) and fernFile (one model per parse), so
 * checking one file reads only what it imports; listing every file is left to references and rename.
 * Every file read is recorded in `dependsOn`, so editing an imported file re-validates its importers.
 */
import type { FeatureContext } from '../core/featureContext';
import type { DocumentStore } from '../core/documentStore';
import { fernApi, type FernApi } from './apiModel';
import { fernFile, type FernFile, type FernTypeDecl } from './fileModel';
import type { TypeRef } from './typeRef';

const MAX_FILES = 2000;
const MAX_DEPTH = 8;

export class FernFolder {
  private apiDone = false;
  private apiModel: FernApi | undefined;
  private listed: string[] | undefined;

  constructor(
    /** Folder URI ending with `/`. */
    readonly root: string,
    /** A `definition` folder or one with `api.yml` (where `api.yml` is expected). */
    readonly isDefinitionFolder: boolean,
    readonly apiUri: string,
    readonly store: DocumentStore,
    private readonly dependsOn: Set<string>,
    private readonly current?: FernFile,
  ) {}

  get api(): FernApi | undefined {
    if (!this.apiDone) {
      this.apiDone = true;
      this.dependsOn.add(this.apiUri);
      const doc = this.store.get(this.apiUri);
      this.apiModel = doc ? fernApi(doc) : undefined;
    }
    return this.apiModel;
  }

  /** The model of any file by URI (imports may leave the folder); undefined when it does not exist. */
  file(uri: string): FernFile | undefined {
    if (this.current && uri === this.current.uri) return this.current;
    this.dependsOn.add(uri);
    const doc = this.store.get(uri);
    return doc ? fernFile(doc) : undefined;
  }

  /** Every definition file of the folder (api.yml excluded), read on first call. */
  files(): FernFile[] {
    this.listed ??= listYaml(this.store, this.root);
    const uris = new Set(this.listed);
    if (this.current) uris.add(this.current.uri);
    uris.delete(this.apiUri);
    return [...uris].map((u) => this.file(u)).filter((f): f is FernFile => f !== undefined);
  }
}

export function fernFolder(ctx: FeatureContext): FernFolder {
  const { root, isDefinitionFolder, names } = findRoot(ctx.store, ctx.doc.uri);
  const apiName = names.includes('api.yaml') && !names.includes('api.yml') ? 'api.yaml' : 'api.yml';
  return new FernFolder(root, isDefinitionFolder, root + apiName, ctx.store, ctx.dependsOn, fernFile(ctx.doc));
}

/** The folder holding `api.yml`, or the nearest `definition` folder; else the file's own folder. */
function findRoot(store: DocumentStore, uri: string): { root: string; isDefinitionFolder: boolean; names: string[] } {
  const own = uri.slice(0, uri.lastIndexOf('/') + 1);
  let dir = own;
  for (let i = 0; i < MAX_DEPTH && /^[a-z]+:\/\/.*\/.+\/$/i.test(dir); i++) {
    const names = store.readDirectory(dir) ?? [];
    if (names.includes('api.yml') || names.includes('api.yaml')) return { root: dir, isDefinitionFolder: true, names };
    if (/\/(definition)\/$/.test(dir)) return { root: dir, isDefinitionFolder: true, names };
    dir = dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1);
  }
  return { root: own, isDefinitionFolder: false, names: [] };
}

function listYaml(store: DocumentStore, root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of store.readDirectory(dir) ?? []) {
      if (out.length >= MAX_FILES) return;
      if (name.endsWith('/')) {
        if (depth < MAX_DEPTH && !name.startsWith('.') && name !== 'node_modules/') walk(dir + name, depth + 1);
      } else if (/\.ya?ml$/i.test(name)) out.push(dir + name);
    }
  };
  walk(root, 0);
  return out.sort();
}

/** The model of any file by URI (see FernFolder.file). */
export function fileAt(folder: FernFolder, uri: string): FernFile | undefined {
  return folder.file(uri);
}

export type Resolution =
  { ok: true; decl: FernTypeDecl; file: FernFile } | { ok: false; problem: 'unknown-import' | 'import-not-found' | 'unknown-type'; file?: FernFile };

/** Resolves `Name` or `import.Name` as written in `from`. */
export function resolveNamed(folder: FernFolder, from: FernFile, ref: Extract<TypeRef, { kind: 'named' }>): Resolution {
  let target = from;
  if (ref.namespace) {
    const imp = from.imports.get(ref.namespace);
    if (!imp) return { ok: false, problem: 'unknown-import' };
    const f = fileAt(folder, imp.uri);
    if (!f) return { ok: false, problem: 'import-not-found' };
    target = f;
  }
  const decl = target.types.get(ref.name);
  return decl ? { ok: true, decl, file: target } : { ok: false, problem: 'unknown-type', file: target };
}

/** Every type declaration in the folder, with the name a given file would write for it. */
export function visibleTypes(folder: FernFolder, from: FernFile): { label: string; decl: FernTypeDecl }[] {
  const out: { label: string; decl: FernTypeDecl }[] = [];
  for (const decl of from.types.values()) out.push({ label: decl.name, decl });
  for (const imp of from.imports.values()) {
    const f = fileAt(folder, imp.uri);
    for (const decl of f?.types.values() ?? []) out.push({ label: `${imp.alias}.${decl.name}`, decl });
  }
  return out;
}

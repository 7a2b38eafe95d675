/**
 * The whole Fern definition folder a file belongs to: `api.yml` plus every definition file under it.
 * File models are cached per text version (fernFile/fernApi); the folder object is reused while no file in it
 * changed version, so derived caches (JSON schemas, validators) can hang off it.
 */
import type { FeatureContext } from '../context';
import type { DocumentStore } from '../documentStore';
import { fernApi, type FernApi } from './fernApiModel';
import { fernFile, type FernFile, type FernTypeDecl } from './fernFileModel';
import type { TypeRef } from './fernTypeRef';

export interface FernFolder {
  /** Folder URI ending with `/`. */
  root: string;
  /** A `definition` folder or one with `api.yml` (where `api.yml` is expected). */
  isDefinitionFolder: boolean;
  api?: FernApi;
  apiUri: string;
  files: Map<string, FernFile>;
  store: DocumentStore;
}

const MAX_FILES = 2000;
const MAX_DEPTH = 8;
const folders = new Map<string, { signature: string; folder: FernFolder }>();

export function fernFolder(ctx: FeatureContext): FernFolder {
  const { root, isDefinitionFolder } = findRoot(ctx.store, ctx.doc.uri);
  const uris = listYaml(ctx.store, root);
  if (!uris.includes(ctx.doc.uri)) uris.push(ctx.doc.uri);
  const apiUri = uris.find((u) => u === root + 'api.yml') ?? uris.find((u) => u === root + 'api.yaml') ?? root + 'api.yml';
  const docs = [];
  for (const uri of uris) {
    const doc = uri === ctx.doc.uri ? ctx.doc : ctx.store.get(uri);
    ctx.dependsOn.add(uri);
    if (doc) docs.push(doc);
  }
  const signature = docs.map((d) => d.uri + '@' + d.version).join('|');
  const cached = folders.get(root);
  if (cached && cached.signature === signature && cached.folder.store === ctx.store) return cached.folder;
  const folder: FernFolder = { root, isDefinitionFolder, apiUri, files: new Map(), store: ctx.store };
  for (const doc of docs) {
    if (doc.uri === apiUri) folder.api = fernApi(doc);
    else folder.files.set(doc.uri, fernFile(doc));
  }
  folders.set(root, { signature, folder });
  return folder;
}

/** The folder holding `api.yml`, or the nearest `definition` folder; else the file's own folder. */
function findRoot(store: DocumentStore, uri: string): { root: string; isDefinitionFolder: boolean } {
  const own = uri.slice(0, uri.lastIndexOf('/') + 1);
  let dir = own;
  for (let i = 0; i < MAX_DEPTH && /^[a-z]+:\/\/.*\/.+\/$/i.test(dir); i++) {
    const names = store.readDirectory(dir) ?? [];
    if (names.includes('api.yml') || names.includes('api.yaml')) return { root: dir, isDefinitionFolder: true };
    if (/\/(definition)\/$/.test(dir)) return { root: dir, isDefinitionFolder: true };
    dir = dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1);
  }
  return { root: own, isDefinitionFolder: false };
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

/** The model of any file by URI: the folder's, else read through the store (imports may leave the folder). */
export function fileAt(folder: FernFolder, uri: string): FernFile | undefined {
  const f = folder.files.get(uri);
  if (f) return f;
  const doc = folder.store.get(uri);
  return doc ? fernFile(doc) : undefined;
}

export type Resolution =
  | { ok: true; decl: FernTypeDecl; file: FernFile }
  | { ok: false; problem: 'unknown-import' | 'import-not-found' | 'unknown-type'; file?: FernFile };

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

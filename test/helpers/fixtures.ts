/**
 * Test helpers for the pure language service: an in-memory file system and marker syntax.
 * Markers: `‸` is a cursor; `«…»` marks an expected span. Both are removed from the text.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LanguageService } from '../../server/src/languageService/languageService';
import { nodeFileSystem } from '../../server/src/languageService/core/nodeFileSystem';
import type { FileSystem, Span, TextEdit } from '../../server/src/languageService/core/types';
import { defaultSettings, type SpecSocketSettings } from '../../common/src/settings';

export const FIXTURES = join(__dirname, '..', 'fixtures');
/** Third-party specs the tests read (test/corpus/README.md says where each came from). */
export const CORPUS = join(__dirname, '..', 'corpus');

export interface Marked {
  text: string;
  cursors: number[];
  spans: Span[];
}

export function mark(source: string): Marked {
  let text = '';
  const cursors: number[] = [];
  const spans: Span[] = [];
  const open: number[] = [];
  for (const ch of source) {
    if (ch === '‸') cursors.push(text.length);
    else if (ch === '«') open.push(text.length);
    else if (ch === '»') spans.push({ start: open.pop()!, end: text.length });
    else text += ch;
  }
  return { text, cursors, spans };
}

/** An in-memory file system rooted at `file:///mem/`; paths are relative to it. */
export function memoryFs(files: Record<string, string>): FileSystem {
  const byUri = new Map(Object.entries(files).map(([p, t]) => [memUri(p), t]));
  return {
    readFile: (uri) => byUri.get(uri),
    readDirectory(uri) {
      const base = uri.endsWith('/') ? uri : uri + '/';
      const names = new Set<string>();
      for (const u of byUri.keys()) {
        if (!u.startsWith(base)) continue;
        const rest = u.slice(base.length);
        const slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.slice(0, slash + 1));
      }
      return names.size ? [...names] : undefined;
    },
  };
}

export function memUri(path: string): string {
  return 'file:///mem/' + path.replace(/^\/+/, '');
}

/**
 * A service over in-memory files. Markers are stripped from every file; the marks of each file are returned.
 * The first file is also opened as an editor document.
 */
export function serviceWith(files: Record<string, string>, settings: Partial<SpecSocketSettings> = {}) {
  const marks: Record<string, Marked> = {};
  const plain: Record<string, string> = {};
  for (const [p, t] of Object.entries(files)) {
    marks[p] = mark(t);
    plain[p] = marks[p].text;
  }
  const service = new LanguageService({
    fs: memoryFs(plain),
    settings: { ...defaultSettings, ...settings },
    onError: (f, e) => {
      throw new Error(`feature ${f} threw: ${e instanceof Error ? e.stack : String(e)}`);
    },
  });
  const first = Object.keys(files)[0];
  if (first) service.store.setOpen(memUri(first), plain[first], 1);
  return { service, marks, uri: (p: string) => memUri(p) };
}

/** A service over the real disk (fixtures, corpus), with these workspace folders (URIs). */
/**
 * The corpus as a user has it: each repository copy (test/corpus/<kind>/<owner__repo>) is a workspace folder, so
 * `$ref`s between a repository's own files are read and nothing outside it is (the $ref gate, refAccess.ts).
 */
export function corpusWorkspaceFolders(): string[] {
  return ['asyncapi', 'fern'].flatMap((kind) => readdirSync(join(CORPUS, kind)).map((repo) => fileUri(join(CORPUS, kind, repo))));
}

export function diskService(settings: Partial<SpecSocketSettings> = {}, workspaceFolders: string[] = []) {
  return new LanguageService({
    fs: nodeFileSystem,
    workspaceFolders,
    settings: { ...defaultSettings, ...settings },
    onError: (f, e) => {
      throw new Error(`feature ${f} threw: ${e instanceof Error ? e.stack : String(e)}`);
    },
  });
}

export function fileUri(path: string): string {
  return pathToFileURL(path).toString();
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Every file under a folder with one of the extensions. */
export function walk(dir: string, exts = /\.(ya?ml|json)$/i): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, exts));
    else if (exts.test(name)) out.push(p);
  }
  return out.sort();
}

/** `line:col` (1-based) of an offset in a text, for readable assertions. */
export function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r?\n/);
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/**
 * The slow (semantic) diagnostics of one code for the first of `files`, in text order, with their spans and the
 * spans marked «…» in that file (also in text order), for exact assertions.
 */
export function slowDiagnosticsOf(files: Record<string, string>, code: string, settings: Partial<SpecSocketSettings> = {}) {
  const { service, marks, uri } = serviceWith(files, settings);
  const first = Object.keys(files)[0];
  const all = service.slowDiagnostics(uri(first));
  const bySpan = (a: Span, b: Span) => a.start - b.start;
  const diags = all.filter((d) => d.code === code).sort(bySpan);
  return { diags, spans: diags.map((d) => ({ start: d.start, end: d.end })), expected: [...marks[first].spans].sort(bySpan), all, service, uri };
}

/** A text with edits applied as an editor applies a WorkspaceEdit's edits to one file (offsets in the old text). */
export function applyEdits(text: string, edits: TextEdit[] = []): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/**
 * The workspace index (issue 16.8): every spec in the workspace folders, open or not, summed up as the files its
 * `$ref`s name and its workspace symbols. References, rename and "re-validate dependents" follow its reverse
 * edges (who references this file) to documents no editor has open; Ctrl+T reads its symbols.
 *
 * Built in steps (the server runs them between requests at start-up) and kept current file by file from
 * watched-file events. Bounded: no text or syntax tree is kept, only the summaries, for at most MAX_FILES files.
 * It reads only through the host, which reads through the `$ref` gate (files inside the workspace folders).
 */
import { Minimatch } from 'minimatch';
import { refIndex } from './core/refIndex';
import { uriPath, isInside } from './core/refAccess';
import type { SpecDocument, SpecKind } from './core/specDocument';
import { inOrder } from './core/inOrder';
import { fragmentSymbols, type WorkspaceSymbol } from './workspaceSymbols';

export interface WorkspaceIndexHost {
  /** The workspace folder URIs: what is indexed. */
  folders(): string[];
  /** Globs (relative to a workspace folder, as `files.exclude` writes them) of what is never indexed. */
  excludes(): string[];
  /** Directory entries through the gate (directories end with `/`). */
  list(dirUri: string): string[] | undefined;
  /** The document through the gate, when `wanted` says its text may be a spec; never kept by the store. */
  read(uri: string, wanted: (text: string) => boolean): SpecDocument | undefined;
  kindOf(doc: SpecDocument): SpecKind;
  symbolsOf(doc: SpecDocument, kind: SpecKind): WorkspaceSymbol[];
}

interface Entry {
  /** Other files its `$ref`s name. */
  refs: string[];
  symbols: WorkspaceSymbol[];
  /** An AsyncAPI or Fern file (else a file with `$ref`s, or a fragment a spec references). */
  spec: boolean;
}

/** Files indexed at most; a bigger workspace is indexed up to here (and says so in `stats`). */
const MAX_FILES = 20_000;
/** Symbols kept per file: enough for any spec, bounded for a generated monster. */
const MAX_SYMBOLS_PER_FILE = 5_000;
/** Larger files are not indexed: about 60k lines of YAML, past the largest real spec of the corpus. */
const MAX_TEXT_CHARS = 2 * 1024 * 1024;
/** Files looked at per step: a step stays within a few milliseconds. */
const FILES_PER_STEP = 4;
const SPEC_FILE = /\.(ya?ml|json)$/i;

export interface IndexStats {
  /** Files indexed: AsyncAPI and Fern files, files with `$ref`s and the fragments specs reference. */
  files: number;
  /** Of those, AsyncAPI and Fern files. */
  specs: number;
  symbols: number;
  /** Candidate files seen (every YAML and JSON file not excluded). */
  seen: number;
  truncated: boolean;
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly referrersOf = new Map<string, Set<string>>();
  private building: Generator<void, void, void> | undefined;
  private seen = 0;
  private truncated = false;
  private started = false;
  private compiled: { key: string; matchers: Minimatch[] } | undefined;
  /** Every candidate file of the folders (listed on the first completeFor of a build). */
  private candidates: string[] | undefined;
  /** File names completeFor has searched the candidates for during this build. */
  private readonly searched = new Set<string>();

  constructor(private readonly host: WorkspaceIndexHost) {}

  /** Starts (or restarts, after the folders or excludes changed) a build; `step` runs it. */
  rebuild(): void {
    this.started = true;
    this.entries.clear();
    this.referrersOf.clear();
    this.seen = 0;
    this.truncated = false;
    this.candidates = undefined;
    this.searched.clear();
    this.building = this.build();
  }

  /** Runs the build until `deadline` (performance.now()); true when it is done. */
  step(deadline: number): boolean {
    while (this.building) {
      if (this.building.next().done) this.building = undefined;
      else if (performance.now() >= deadline) return false;
    }
    return true;
  }

  /**
   * Finishes a build in progress now, or builds it when none has started (a request that came before the server
   * had its settings): an answer over the workspace must not miss what is not indexed yet.
   */
  complete(): void {
    if (!this.started) this.rebuild();
    this.step(Infinity);
  }

  get ready(): boolean {
    return !this.building;
  }

  stats(): IndexStats {
    let symbols = 0;
    let specs = 0;
    for (const e of this.entries.values()) {
      symbols += e.symbols.length;
      if (e.spec) specs++;
    }
    return { files: this.entries.size, specs, symbols, seen: this.seen, truncated: this.truncated };
  }

  /** A file changed, appeared or went away on disk (workspace/didChangeWatchedFiles). */
  changed(uri: string, deleted: boolean): void {
    this.forget(uri);
    if (deleted || !this.indexable(uri)) return;
    this.add(uri);
    // The file may be a fragment specs use, and a spec's new `$ref`s may name one not indexed yet.
    for (const _ of this.addFragments([uri, ...(this.entries.get(uri)?.refs ?? [])]));
  }

  /**
   * Files whose `$ref`s name `uri`, complete even while the build runs: the files not indexed yet whose text names
   * `uri`'s file (a `$ref` or a Fern import must) are indexed first, so a request pays for the files that may
   * refer to its target, not for the whole workspace (a cold rename over the 637-file corpus: ≈ 3 s → ≈ 0.2 s).
   */
  referrers(uri: string): string[] {
    if (!this.started || this.building) this.completeFor(uri);
    return [...(this.referrersOf.get(uri) ?? [])];
  }

  private completeFor(uri: string): void {
    if (!this.started) this.rebuild();
    const raw = uri.slice(uri.lastIndexOf('/') + 1);
    if (!raw || this.searched.has(raw)) return;
    this.searched.add(raw);
    let name = raw;
    try {
      name = decodeURIComponent(raw);
    } catch {
      // A name that is not valid percent-encoding is searched for as it is.
    }
    this.candidates ??= this.listCandidates();
    for (const file of this.candidates) {
      if (this.entries.has(file) || file === uri) continue;
      this.add(file, (text) => text.includes(name) || text.includes(raw));
    }
  }

  /** Every YAML and JSON file of the folders that is not excluded (the build's walk, without reading them). */
  private listCandidates(): string[] {
    const out: string[] = [];
    for (const uri of this.candidateFiles()) if (uri && out.push(uri) >= MAX_FILES) break;
    return out;
  }

  /** The YAML and JSON files of the folders that are not excluded, walked; undefined after each folder's entries. */
  private *candidateFiles(): Generator<string | undefined, void, void> {
    const dirs = this.host.folders().map((f) => (f.endsWith('/') ? f : f + '/'));
    while (dirs.length) {
      const dir = dirs.pop()!;
      for (const name of this.host.list(dir) ?? []) {
        const uri = childUri(dir, name);
        if (this.excluded(uri)) continue;
        if (name.endsWith('/')) dirs.push(uri);
        else if (SPEC_FILE.test(name)) yield uri;
      }
      yield undefined;
    }
  }

  /** Every indexed file that reaches `uri` through `$ref`s, directly or through other files. */
  reachingFiles(uri: string): Set<string> {
    const out = new Set<string>();
    const queue = [uri];
    while (queue.length) {
      for (const r of this.referrersOf.get(queue.pop()!) ?? []) if (!out.has(r) && out.add(r)) queue.push(r);
    }
    return out;
  }

  /** Symbols of indexed files matching `query`, except those of `skip` (open documents answer for themselves). */
  symbols(query: string, skip: Set<string>, limit: number): WorkspaceSymbol[] {
    const out: WorkspaceSymbol[] = [];
    for (const [uri, e] of this.entries) {
      if (skip.has(uri)) continue;
      for (const s of e.symbols) {
        if (!inOrder(query, s.name)) continue;
        out.push(s);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  private *build(): Generator<void, void, void> {
    let n = 0;
    for (const uri of this.candidateFiles()) {
      // A folder's entries listed: a step may end here (a tree of non-spec files is listed a folder per step).
      if (!uri) {
        yield;
        continue;
      }
      if (this.entries.size >= MAX_FILES) {
        this.truncated = true;
        return;
      }
      this.seen++;
      // Indexed already by a request (completeFor) during this build.
      if (!this.entries.has(uri)) this.add(uri);
      if (++n % FILES_PER_STEP === 0) yield;
    }
    yield* this.addFragments([...this.referrersOf.keys()]);
  }

  /**
   * The files specs reference that are not specs themselves (`common/messages.yaml`): their top-level keys are
   * components in all but name, and workspace symbols.
   */
  private *addFragments(uris: string[]): Generator<void, void, void> {
    let n = 0;
    for (const uri of uris) {
      const usedBySpec = [...(this.referrersOf.get(uri) ?? [])].some((r) => this.entries.get(r)?.spec);
      if (this.entries.get(uri)?.spec || !usedBySpec || !this.indexable(uri)) continue;
      const doc = this.host.read(uri, (text) => text.length <= MAX_TEXT_CHARS);
      if (!doc) continue;
      const symbols = fragmentSymbols(doc).slice(0, MAX_SYMBOLS_PER_FILE);
      const e = this.entries.get(uri);
      if (e) e.symbols = symbols;
      else this.entries.set(uri, { refs: [], symbols, spec: false });
      if (++n % FILES_PER_STEP === 0) yield;
    }
  }

  private indexable(uri: string): boolean {
    const path = uriPath(uri);
    const inside = path !== undefined && this.host.folders().some((f) => isInside(path, uriPath(f) ?? '\0'));
    return inside && SPEC_FILE.test(path!) && !this.excluded(uri) && this.entries.size < MAX_FILES;
  }

  /**
   * Whether a glob excludes the file or folder or one of the folders it is in, matched on its path inside its
   * workspace folder. A folder is excluded by a glob naming it with or without a trailing `/**`.
   */
  private excluded(uri: string): boolean {
    const matchers = this.matchers();
    if (!matchers.length) return false;
    const path = uriPath(uri) ?? '';
    for (const f of this.host.folders()) {
      const root = uriPath(f);
      if (root === undefined || !isInside(path, root)) continue;
      const segs = path
        .slice(root.replace(/\/$/, '').length + 1)
        .split('/')
        .filter(Boolean);
      for (let i = 1; i <= segs.length; i++) {
        const rel = segs.slice(0, i).join('/');
        if (matchers.some((m) => m.match(rel) || m.match(rel + '/'))) return true;
      }
    }
    return false;
  }

  /** The exclude globs, compiled once per distinct list. */
  private matchers(): Minimatch[] {
    const globs = this.host.excludes();
    const key = globs.join('\0');
    if (this.compiled?.key !== key) this.compiled = { key, matchers: globs.map((g) => new Minimatch(g, { dot: true })) };
    return this.compiled.matchers;
  }

  private add(uri: string, also: (text: string) => boolean = () => true): void {
    const doc = this.host.read(uri, (text) => mayBeSpec(text) && also(text));
    if (!doc) return;
    const kind = this.host.kindOf(doc);
    const refs = refIndex(doc).files.filter((f) => f !== uri);
    if (kind === 'other' && !refs.length) return;
    const symbols = kind === 'other' ? [] : this.host.symbolsOf(doc, kind).slice(0, MAX_SYMBOLS_PER_FILE);
    this.entries.set(uri, { refs, symbols, spec: kind !== 'other' });
    for (const f of refs) {
      let s = this.referrersOf.get(f);
      if (!s) this.referrersOf.set(f, (s = new Set()));
      s.add(uri);
    }
  }

  private forget(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    this.entries.delete(uri);
    for (const f of e.refs) this.referrersOf.get(f)?.delete(uri);
  }
}

/**
 * A directory entry's URI, encoded as `new URL` encodes a relative `$ref` (and Node's pathToFileURL a path): the
 * index's URIs must equal those the ref index resolves, `@` and `(` left as they are, `%`, `#` and `?` escaped.
 */
function childUri(dir: string, name: string): string {
  return new URL(name.replace(/%/g, '%25').replace(/#/g, '%23').replace(/\?/g, '%3F').replace(/\\/g, '%5C'), dir).href;
}

/**
 * Only texts that may be a spec or reference one are parsed: an AsyncAPI document, a file with a `$ref`, a Fern
 * file (its top-level keys). Everything else (package.json, CI files) is skipped on a text search, and so is a
 * text over MAX_TEXT_CHARS: its parse alone would hold the server for seconds in one step (open, it is a document
 * like any other).
 */
function mayBeSpec(text: string): boolean {
  if (text.length > MAX_TEXT_CHARS) return false;
  return text.includes('$ref') || /(^|\n)\s*"?(asyncapi|types|channel|service|imports)"?\s*:/.test(text);
}

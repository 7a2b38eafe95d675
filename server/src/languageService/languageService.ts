/**
 * The SpecSocket language service: pure (no editor or LSP imports), offsets in and out.
 * The LSP server and the CLI are thin shells around it.
 */
import { minimatch } from 'minimatch';
import { defaultSettings, type SpecSocketSettings } from '../../../common/src/settings';
import type { TryItModel } from '../../../common/src/tryItModel';
import { asyncapiFeatures } from './asyncapi/features';
import type { FeatureContext } from './core/featureContext';
import { DocumentStore } from './core/documentStore';
import { drain, type LanguageFeatures, type SlowSteps } from './core/features';
import { fernFeatures } from './fern/features';
import { fragmentFeatures } from './asyncapi/fragmentNavigation';
import { sessionFeatures } from './sessions/features';
import { RefGate, rootsFor, uriPath } from './core/refAccess';
import { detectKind, type SpecDocument, type SpecKind } from './core/specDocument';
import { parserDiagnostics, syntaxDiagnostics } from './core/syntaxDiagnostics';
import { capDiagnostics } from './core/diagnosticCap';
import { formatEdits, type FormatOptions } from './core/formatting';
import { foldingRanges, selectionRanges, type FoldingRange } from './core/structureRanges';
import { WorkspaceIndex } from './workspaceIndex';
import { inOrder } from './core/inOrder';
import { workspaceSymbolsOf, type WorkspaceSymbol } from './workspaceSymbols';
import {
  neverCancelled,
  type CancellationToken,
  type FileSystem,
  type Location,
  type Span,
  type SpecCodeAction,
  type SpecCompletion,
  type SpecDiagnostic,
  type SpecHover,
  type SpecSymbol,
  type TextEdit,
  type WorkspaceEdit,
} from './core/types';

export interface LanguageServiceOptions {
  fs: FileSystem;
  settings?: SpecSocketSettings;
  /** Reports a feature that threw, instead of failing the request (the service never throws at callers). */
  onError?: (feature: string, error: unknown) => void;
  /** Workspace folder URIs: what `$ref`s may read (see refAccess.ts). */
  workspaceFolders?: string[];
}

export class LanguageService {
  readonly store: DocumentStore;
  settings: SpecSocketSettings;
  /** Folder URIs the editor has open (LSP workspace folders; the CLI's folders): the roots `$ref`s may read. */
  workspaceFolders: string[];
  /** A document's own settings where the editor gave them (its folder's, in a multi-root workspace). */
  private readonly resourceSettings = new Map<string, SpecSocketSettings>();
  /** uri → files its last full validation read; used to re-validate dependents when a file changes. */
  private readonly dependencies = new Map<string, Set<string>>();
  /** Every spec in the workspace folders, open or not (workspaceIndex.ts); the host builds it in the background. */
  readonly index: WorkspaceIndex;
  /** The editor's own exclusions (`files.exclude` globs set to true), besides `specsocket.exclude`. */
  filesExclude: string[] = [];

  constructor(private readonly options: LanguageServiceOptions) {
    this.store = new DocumentStore(options.fs);
    this.settings = options.settings ?? defaultSettings;
    this.workspaceFolders = options.workspaceFolders ?? [];
    this.index = this.createIndex();
    this.store.setReferrers((uri) => this.index.referrers(uri));
  }

  kindOf(doc: SpecDocument): SpecKind {
    return detectKind(doc, this.fernGlobMatcher(this.settingsFor(doc.uri)));
  }

  /** The settings that apply to one document: its own (see setResourceSettings), else the workspace's. */
  settingsFor(uri: string): SpecSocketSettings {
    return this.resourceSettings.get(uri) ?? this.settings;
  }

  /** Settings scoped to one document (undefined: it follows the workspace's again). */
  setResourceSettings(uri: string, settings: SpecSocketSettings | undefined): void {
    if (settings) this.resourceSettings.set(uri, settings);
    else this.resourceSettings.delete(uri);
  }

  /** Diagnostics for the typing path: syntax plus the cheap per-kind checks. */
  fastDiagnostics(uri: string, token = neverCancelled): SpecDiagnostic[] {
    const ctx = this.context(uri, token);
    if (!ctx) return [];
    const out = syntaxDiagnostics(ctx.doc);
    if (ctx.kind === 'other') return out;
    return out.concat(this.collect(ctx, 'fastDiagnostics', (f) => f.fastDiagnostics?.(ctx)));
  }

  /** What the parser reported, alone: what the server publishes first when it opens a large document. */
  parserDiagnostics(uri: string): SpecDiagnostic[] {
    const doc = this.store.get(uri);
    return doc ? parserDiagnostics(doc) : [];
  }

  /** Diagnostics that may read other files; run off the typing path. */
  slowDiagnostics(uri: string, token = neverCancelled): SpecDiagnostic[] {
    return drain(this.slowDiagnosticSteps(uri, token));
  }

  /**
   * The slow pass in steps, for a caller that answers requests in between (the server). The document must not
   * change while the steps run: a caller stops pulling them once it has a newer version.
   */
  *slowDiagnosticSteps(uri: string, token = neverCancelled): SlowSteps {
    const ctx = this.context(uri, token);
    if (!ctx || ctx.kind === 'other') return [];
    const out: SpecDiagnostic[] = [];
    if (ctx.settings.validation.semantic) {
      for (const f of this.features(ctx.kind)) {
        if (ctx.token.isCancellationRequested) break;
        out.push(...(yield* this.guardSteps('slowDiagnostics', f, ctx)));
      }
    }
    ctx.dependsOn.delete(uri);
    this.dependencies.set(uri, ctx.dependsOn);
    return out;
  }

  private *guardSteps(name: string, f: LanguageFeatures, ctx: FeatureContext): SlowSteps {
    try {
      if (f.slowDiagnosticSteps) return yield* f.slowDiagnosticSteps(ctx);
      const r = f.slowDiagnostics?.(ctx) ?? [];
      yield;
      return r;
    } catch (e) {
      this.options.onError?.(name, e);
      return [];
    }
  }

  /** Everything at once (CLI, tests), capped as the server caps what it publishes. */
  diagnostics(uri: string, token = neverCancelled): SpecDiagnostic[] {
    return capDiagnostics(this.fastDiagnostics(uri, token).concat(this.slowDiagnostics(uri, token)));
  }

  /** See LanguageFeatures.warmUp. */
  warmUp(uri: string): void {
    const ctx = this.context(uri, neverCancelled);
    if (!ctx || ctx.kind === 'other' || !ctx.settings.validation.semantic) return;
    for (const f of this.features(ctx.kind)) this.guard('warmUp', () => f.warmUp?.(ctx));
  }

  /** Open documents whose last validation read `uri`, or that reach it through files the index holds. */
  dependents(uri: string): string[] {
    const out = new Set<string>();
    for (const [doc, deps] of this.dependencies) if (deps.has(uri)) out.add(doc);
    for (const doc of this.index.reachingFiles(uri)) if (this.store.isOpen(doc)) out.add(doc);
    return [...out];
  }

  forget(uri: string): void {
    this.dependencies.delete(uri);
    this.resourceSettings.delete(uri);
  }

  completions(uri: string, offset: number, token = neverCancelled): SpecCompletion[] {
    const ctx = this.context(uri, token);
    return ctx ? this.collect(ctx, 'completions', (f) => f.completions?.(ctx, offset)) : [];
  }

  hover(uri: string, offset: number, token = neverCancelled): SpecHover | undefined {
    const ctx = this.context(uri, token);
    return ctx ? this.first(ctx, 'hover', (f) => f.hover?.(ctx, offset)) : undefined;
  }

  definition(uri: string, offset: number, token = neverCancelled): Location[] {
    const ctx = this.context(uri, token);
    return ctx ? this.collect(ctx, 'definition', (f) => f.definition?.(ctx, offset)) : [];
  }

  /** Over the whole workspace: the index's referrers() indexes what may refer to the target first (workspaceIndex.ts). */
  references(uri: string, offset: number, includeDeclaration: boolean, token = neverCancelled): Location[] {
    const ctx = this.context(uri, token);
    return ctx ? this.collect(ctx, 'references', (f) => f.references?.(ctx, offset, includeDeclaration)) : [];
  }

  prepareRename(uri: string, offset: number, token = neverCancelled): { span: Span; placeholder: string } | undefined {
    const ctx = this.context(uri, token);
    return ctx ? this.first(ctx, 'prepareRename', (f) => f.prepareRename?.(ctx, offset)) : undefined;
  }

  rename(uri: string, offset: number, newName: string, token = neverCancelled): WorkspaceEdit | undefined {
    const ctx = this.context(uri, token);
    return ctx ? this.first(ctx, 'rename', (f) => f.rename?.(ctx, offset, newName)) : undefined;
  }

  symbols(uri: string, token = neverCancelled): SpecSymbol[] {
    const ctx = this.context(uri, token);
    return ctx ? this.collect(ctx, 'symbols', (f) => f.symbols?.(ctx)) : [];
  }

  /** Workspace symbols (Ctrl+T) matching `query`: open documents as edited, the others from the index. */
  workspaceSymbols(query: string, limit = 1000, token = neverCancelled): WorkspaceSymbol[] {
    this.index.complete();
    const answered = new Set<string>();
    const out: WorkspaceSymbol[] = [];
    for (const uri of this.store.openUris()) {
      const ctx = this.context(uri, token);
      // A fragment file (no spec of its own) is left to the index, which knows whether specs use it.
      if (!ctx || ctx.kind === 'other') continue;
      answered.add(uri);
      for (const s of this.guard('workspaceSymbols', () => this.workspaceSymbolsOf(ctx)) ?? []) if (inOrder(query, s.name)) out.push(s);
    }
    return out.concat(this.index.symbols(query, answered, limit)).slice(0, limit);
  }

  codeActions(uri: string, span: Span, diagnostics: SpecDiagnostic[], token = neverCancelled): SpecCodeAction[] {
    const ctx = this.context(uri, token);
    return ctx ? this.collect(ctx, 'codeActions', (f) => f.codeActions?.(ctx, span, diagnostics)) : [];
  }

  tryItModel(uri: string, token = neverCancelled): TryItModel | undefined {
    const ctx = this.context(uri, token);
    return ctx ? this.first(ctx, 'tryItModel', (f) => f.tryItModel?.(ctx)) : undefined;
  }

  /** Formatting edits (the whole document, or the lines `range` touches) that keep its data identical. */
  format(uri: string, options: FormatOptions, range?: Span): TextEdit[] {
    const doc = this.store.get(uri);
    return (doc && this.guard('format', () => formatEdits(doc, options, range))) ?? [];
  }

  foldingRanges(uri: string): FoldingRange[] {
    const doc = this.store.get(uri);
    return (doc && this.guard('foldingRanges', () => foldingRanges(doc))) ?? [];
  }

  selectionRanges(uri: string, offsets: number[]): Span[][] {
    const doc = this.store.get(uri);
    return (doc && this.guard('selectionRanges', () => selectionRanges(doc, offsets))) ?? [];
  }

  /**
   * The index reads through a gate over the workspace folders (a fresh one each time: a link re-pointed since
   * must not keep its verdict), and keeps no document in the store.
   */
  private createIndex(): WorkspaceIndex {
    const view = () =>
      this.store.within(
        new RefGate(
          '',
          () => this.folderRoots(),
          (u) => this.store.facts(u),
        ),
      );
    return new WorkspaceIndex({
      folders: () => this.workspaceFolders,
      excludes: () => this.settings.exclude.concat(this.filesExclude),
      list: (dir) => view().readDirectory(dir),
      read: (uri, wanted) => view().peek(uri, wanted),
      kindOf: (doc) => this.kindOf(doc),
      symbolsOf: (doc, kind) =>
        this.workspaceSymbolsOf({ doc, kind, store: view(), settings: this.settingsFor(doc.uri), token: neverCancelled, dependsOn: new Set() }),
    });
  }

  /** A document's workspace symbols, from its Outline. */
  private workspaceSymbolsOf(ctx: FeatureContext): WorkspaceSymbol[] {
    const outline = this.collect(ctx, 'symbols', (f) => f.symbols?.(ctx));
    return workspaceSymbolsOf(ctx.doc.uri, ctx.kind, ctx.doc.lineIndex, outline);
  }

  /** The workspace folders as paths, as written and with links resolved. */
  private folderRoots(): string[] {
    return this.workspaceFolders.flatMap((f) => [f, this.store.facts(f)?.realUri]).flatMap((u) => (u && uriPath(u)) || []);
  }

  private features(kind: SpecKind): LanguageFeatures[] {
    if (kind === 'session') return sessionFeatures;
    return kind === 'asyncapi' ? asyncapiFeatures : kind === 'fern' ? fernFeatures : fragmentFeatures;
  }

  private context(uri: string, token: CancellationToken): FeatureContext | undefined {
    const doc = this.store.get(uri);
    if (!doc) return undefined;
    const store = this.store.within(this.gateFor(uri));
    const kind = this.kindOf(doc);
    // A session file reads its spec's model through its own gate; a spec never reads another's (no cycles).
    const tryItModelOf = kind === 'session' ? (u: string) => (store.get(u) && u !== uri ? this.tryItModel(u, token) : undefined) : undefined;
    return { doc, kind, store, settings: this.settingsFor(uri), token, dependsOn: new Set(), tryItModelOf };
  }

  /** What one document may read: its roots as written and with links resolved (see refAccess.ts), on first use. */
  private gateFor(uri: string): RefGate {
    return new RefGate(
      uri,
      () => this.resolvedRoots(uri),
      (u) => this.store.facts(u),
    );
  }

  private resolvedRoots(uri: string): string[] {
    const roots: string[] = [];
    for (const r of rootsFor(uri, this.workspaceFolders, this.settingsFor(uri).allowedRefRoots)) {
      for (const u of [r, this.store.facts(r)?.realUri]) {
        const p = u && uriPath(u);
        if (p) roots.push(p);
      }
    }
    return roots;
  }

  private collect<T>(ctx: FeatureContext, name: string, call: (f: LanguageFeatures) => T[] | undefined): T[] {
    const out: T[] = [];
    for (const f of this.features(ctx.kind)) {
      if (ctx.token.isCancellationRequested) break;
      const r = this.guard(name, () => call(f));
      if (r) for (const x of r) out.push(x);
    }
    return out;
  }

  private first<T>(ctx: FeatureContext, name: string, call: (f: LanguageFeatures) => T | undefined): T | undefined {
    for (const f of this.features(ctx.kind)) {
      if (ctx.token.isCancellationRequested) return undefined;
      const r = this.guard(name, () => call(f));
      if (r !== undefined) return r;
    }
    return undefined;
  }

  private guard<T>(name: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.options.onError?.(name, e);
      return undefined;
    }
  }

  private fernGlobMatcher(settings: SpecSocketSettings): ((uri: string) => boolean | undefined) | undefined {
    const globs = settings.fern.definitionGlobs;
    if (!globs.length) return undefined;
    return (uri) => {
      const path = decodeURIComponent(uri.replace(/^file:\/\//, ''));
      return globs.some((g) => minimatch(path, g, { matchBase: !g.includes('/'), dot: true }) || minimatch(path, '**/' + g, { dot: true }));
    };
  }
}

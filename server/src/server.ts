/**
 * The SpecSocket language server: LSP glue only. Each handler fetches the cached document, calls the pure
 * language service, converts offsets at the edge, and never throws.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  FileChangeType,
  type InitializeResult,
  type Connection,
  type WorkspaceFoldersChangeEvent,
  type CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SETTINGS_SECTION, withDefaults } from '../../common/src/settings';
import { SpecKindRequest, SYNTAX_FIRST_LOG, TryItModelRequest, type SpecKindResult } from '../../common/src/protocol';
import { VERSION } from '../../common/src/version';
import { LanguageService } from './languageService/languageService';
import { runInSlices } from './slowPass';
import { createIdleCollector, createQuietMoment, exposeGc, heapUsedBytes, type ActivityListener, type IdleCollector } from './idleCollector';
import { nodeFileSystem } from './languageService/core/nodeFileSystem';
import { capDiagnostics } from './languageService/core/diagnosticCap';
import { createValidationScheduler } from './validationScheduler';
import { CODE_CACHE_EVENT } from './codeCacheEvent';
import { keptFor, type KeptDiagnostics } from './movedDiagnostics';
import { RemoteRefCache } from './remoteRefs';
import { formatError, runQuietly, runSafe } from './runner';
import type { LineIndex } from './languageService/core/lineIndex';
import { registerStructureHandlers, structureCapabilities } from './structureHandlers';
import { fromDiagnostic, toCompletionList, toDiagnostic, toLocation, toRange, toSpan, toSymbol, toWorkspaceEdit } from './convert';
import { createIndexing } from './workspaceIndexing';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const remote = new RemoteRefCache();
  const service = new LanguageService({
    fs: remote.wrap(nodeFileSystem),
    onError: (feature, e) => logError(formatError(feature, e)),
  });
  /** Last slow diagnostics per uri, kept (moved through each edit) while a new slow pass is pending. */
  const slowDiagnostics = new Map<string, KeptDiagnostics>();
  let pullConfiguration = false;
  /** The client reports workspace folders added and removed. */
  let folderChanges = false;
  /** The client takes a completion list's shared edit range (LSP 3.17 `itemDefaults.editRange`). */
  let editRangeDefault = false;
  /**
   * When a message from the client last arrived or a request was last answered: a running slow pass gives way
   * for INPUT_GRACE_MS after it (see SliceCallbacks.inputPending). Seen on the transport itself, so the pass
   * yields before the connection even reads the message.
   */
  let inputAt = -Infinity;
  const collector = idleCollector(connection);
  const codeCache = codeCacheWriter();
  const noteInput = () => {
    inputAt = performance.now();
    collector.input();
    codeCache.input();
  };
  if (process.argv.includes('--stdio')) process.stdin.on('data', noteInput);
  process.on('message', noteInput); // --node-ipc, as the VS Code client starts it
  /** The slow pass running per uri (one at a time: a new one stops the old). */
  const passes = new Map<string, { stop(): void }>();
  const indexing = createIndexing(connection, service, {
    canAskSettings: () => pullConfiguration,
    inputPending: () => performance.now() - inputAt < INPUT_GRACE_MS,
    log: (text) => connection.console.log(text),
  });

  /** Records the editor's text; the store parses it when first asked, so a burst of changes is parsed once. */
  const sync = (doc: TextDocument) => service.store.update(doc.uri, doc.getText(), doc.version);
  // Kept slow diagnostics follow each parsed version (the edit since the last parsed one, however many changes).
  service.store.whenParsed((parsed) => {
    const kept = keptFor(slowDiagnostics.get(parsed.uri), parsed);
    if (kept) slowDiagnostics.set(parsed.uri, kept);
    else slowDiagnostics.delete(parsed.uri);
  });

  /**
   * Publishes the document's diagnostics (`syntaxOnly`: what the parser reported, alone); resolves once the message
   * is written (the scheduler's open steps wait for it).
   */
  const publish = (uri: string, syntaxOnly = false): Promise<void> => {
    const doc = service.store.get(uri);
    const kept = slowDiagnostics.get(uri);
    const slow = doc && kept?.version === doc.version ? kept.diagnostics : [];
    const own = () => (syntaxOnly ? service.parserDiagnostics(uri) : service.fastDiagnostics(uri).concat(slow));
    // Capped before conversion: a flood of problems is cut to what the user can act on (diagnosticCap.ts).
    // Converted here, with the current text's lines: kept ones are in the offsets of the version they were moved to.
    const diagnostics = doc ? capDiagnostics(own()).map((d) => toDiagnostic(doc.lineIndex, d)) : [];
    // The version lets clients (and the bench) tell which text the diagnostics belong to.
    const written = connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics });
    collector.workDone();
    return written;
  };

  const published = (uri: string, syntaxOnly: boolean) => {
    let written: Promise<void> | undefined;
    if (documents.get(uri)) safely(syntaxOnly ? 'syntax diagnostics' : 'fast diagnostics', () => void (written = publish(uri, syntaxOnly)));
    return written;
  };
  const scheduler = createValidationScheduler({
    runFast: (uri) => published(uri, false),
    // A large document's open: the parser's findings first, the rest of the fast pass (plain value, official
    // schema) a turn later.
    runSyntax: (uri) => published(uri, true),
    // An edit whose large broken text was parsed whole (a ~1 MB paste, or any edit of one the incremental parse
    // cannot take): the parse is most of the budget, so its findings go first, the rest as after an open. Not for
    // a clean text: its first publication would drop the schema findings for a turn, on every keystroke. Logged,
    // so a client (the fuzz suite) knows one more publication of that version follows.
    syntaxFirst(uri) {
      let first = false;
      safely('syntax diagnostics', () => {
        const doc = documents.get(uri) && service.store.get(uri);
        const broken = !!doc && doc.ast.errors.length + doc.ast.warnings.length > 0;
        first = broken && doc.parsedWhole && doc.text.length >= SYNTAX_FIRST_EDIT_CHARS;
        if (first) connection.console.log(`${SYNTAX_FIRST_LOG} ${uri} version ${doc!.version}`);
      });
      return first;
    },
    // On open, after the first diagnostics are written: the slow pass's one-time compiles, before it starts.
    warmUp(uri) {
      safely('warm-up', () => void (documents.get(uri) && service.warmUp(uri)));
    },
    runSlow(uri) {
      const open = documents.get(uri);
      if (!open) return;
      passes.get(uri)?.stop();
      collector.busy(); // its publish re-arms the idle collection
      codeCache.busy();
      const version = open.version;
      // In slices, so a completion or hover asked meanwhile waits for one slice, not for the whole pass.
      const pass = runInSlices(service.slowDiagnosticSteps(uri), {
        current: () => documents.get(uri)?.version === version,
        inputPending: () => performance.now() - inputAt < INPUT_GRACE_MS,
        onError: (e) => logError(formatError('slow diagnostics', e)),
        done: (diagnostics) =>
          safely('slow diagnostics', () => {
            slowDiagnostics.set(uri, { version, diagnostics });
            publish(uri);
            codeCache.workDone();
            if (service.settingsFor(uri).resolveRemoteRefs) fetchRemoteRefs();
          }),
      });
      passes.set(uri, pass);
    },
  });

  /** Fetch the remote refs the last validations wanted, then re-validate what depends on them. */
  const fetchRemoteRefs = () =>
    void remote.fetchWanted().then((uris) => {
      for (const u of uris) {
        service.store.invalidate(u);
        revalidateDependents(u);
      }
    });

  const revalidateDependents = (uri: string) => {
    for (const dep of service.dependents(uri)) if (dep !== uri && documents.get(dep)) scheduler.changed(dep);
  };

  const logError = (text: string) => connection.console.error(text);
  const safely = (where: string, fn: () => void) => runQuietly(logError, where, fn);

  async function refreshSettings(): Promise<void> {
    if (!pullConfiguration) return;
    const before = JSON.stringify(service.settings);
    try {
      service.settings = withDefaults(await connection.workspace.getConfiguration(SETTINGS_SECTION));
    } catch {
      // client could not answer: keep what we have
    }
    const docs = documents.all();
    const own = await Promise.all(docs.map((d) => refreshResourceSettings(d.uri)));
    // Fetched targets are kept only while some open document's own settings still fetch them.
    if (!service.settings.resolveRemoteRefs && !documents.all().some((d) => service.settingsFor(d.uri).resolveRemoteRefs)) remote.clear();
    // Only documents whose settings changed: the first pull comes while the first document opens, and
    // re-validating it would put its slow pass back behind the edit pause (validationScheduler.ts).
    const all = JSON.stringify(service.settings) !== before;
    const changedOwn = new Set(docs.filter((_, i) => own[i]).map((d) => d.uri));
    // documents.all() again: one opened during the pull was validated with the settings before it.
    for (const d of documents.all()) if (all || changedOwn.has(d.uri)) scheduler.changed(d.uri);
  }

  /**
   * A document's own settings, asked with its scopeUri (a multi-root workspace's folders can differ, as
   * vscode-eslint does it). True when they changed what applies to it.
   */
  async function refreshResourceSettings(uri: string): Promise<boolean> {
    if (!pullConfiguration) return false;
    try {
      const own = withDefaults(await connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }));
      // Closed while the client answered: nothing to keep for it (forget() has run).
      if (!documents.get(uri)) return false;
      if (JSON.stringify(own) === JSON.stringify(service.settingsFor(uri))) return false;
      service.setResourceSettings(uri, JSON.stringify(own) === JSON.stringify(service.settings) ? undefined : own);
      return true;
    } catch {
      return false; // client could not answer: the workspace's settings apply
    }
  }

  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    folderChanges = !!params.capabilities.workspace?.workspaceFolders;
    // The roots `$ref`s may read (refAccess.ts); a client without folders may still name a root.
    service.workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    editRangeDefault = !!params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange');
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) service.settings = withDefaults(init.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: [':', '/', '#', '"', "'", ' ', '<', '.'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...structureCapabilities,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'specsocket', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    // The index waits for the settings: they say what it excludes.
    void refreshSettings().then(() => indexing.refresh());
    if (folderChanges) connection.workspace.onDidChangeWorkspaceFolders((e) => safely('workspace folders', () => foldersChanged(e)));
  });

  function foldersChanged(e: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(e.removed.map((f) => f.uri));
    service.workspaceFolders = service.workspaceFolders.filter((u) => !removed.has(u)).concat(e.added.map((f) => f.uri));
    // What each document may read changed with its roots.
    for (const d of documents.all()) scheduler.changed(d.uri);
    void indexing.refresh();
  }
  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    if (!pullConfiguration && pushed) {
      service.settings = withDefaults(pushed);
      for (const d of documents.all()) scheduler.changed(d.uri);
      void indexing.refresh();
    } else void refreshSettings().then(() => indexing.refresh());
  });

  documents.onDidOpen((e) => {
    sync(e.document);
    scheduler.opened(e.document.uri, e.document.getText().length >= SYNTAX_FIRST_CHARS);
    void refreshResourceSettings(e.document.uri).then((changed) => changed && documents.get(e.document.uri) && scheduler.changed(e.document.uri));
  });
  documents.onDidChangeContent((e) => {
    sync(e.document);
    scheduler.changed(e.document.uri);
    revalidateDependents(e.document.uri);
  });
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    passes.get(e.document.uri)?.stop();
    service.store.close(e.document.uri);
    service.forget(e.document.uri);
    slowDiagnostics.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles((e) => {
    for (const c of e.changes) {
      service.store.invalidate(c.uri);
      safely('workspace index', () => service.index.changed(c.uri, c.type === FileChangeType.Deleted));
      revalidateDependents(c.uri);
    }
  });

  /** A request about one document: answered from its parsed model, null without one (runSafe's rules). */
  const withDoc = <T>(method: string, uri: string, token: CancellationToken | undefined, fn: (lines: LineIndex) => T) => {
    noteInput(); // the answer is written on a later turn: keep the slow pass out of its way
    return runSafe(logError, method, token, null, () => {
      const doc = service.store.get(uri);
      return doc ? fn(doc.lineIndex) : null;
    });
  };

  connection.onCompletion((p, token) =>
    withDoc('completion', p.textDocument.uri, token, (lines) => {
      const offset = lines.offset(p.position.line, p.position.character);
      return toCompletionList(lines, service.completions(p.textDocument.uri, offset, token), offset, editRangeDefault);
    }),
  );
  connection.onHover((p, token) =>
    withDoc('hover', p.textDocument.uri, token, (lines) => {
      const h = service.hover(p.textDocument.uri, lines.offset(p.position.line, p.position.character), token);
      return h ? { contents: { kind: 'markdown' as const, value: h.contents }, range: toRange(lines, h.span) } : null;
    }),
  );
  connection.onDefinition((p, token) =>
    withDoc('definition', p.textDocument.uri, token, (lines) =>
      service
        .definition(p.textDocument.uri, lines.offset(p.position.line, p.position.character), token)
        .map((l) => toLocation(service.store, l))
        .filter((l) => l !== undefined),
    ),
  );
  connection.onReferences((p, token) =>
    withDoc('references', p.textDocument.uri, token, (lines) =>
      service
        .references(p.textDocument.uri, lines.offset(p.position.line, p.position.character), p.context.includeDeclaration, token)
        .map((l) => toLocation(service.store, l))
        .filter((l) => l !== undefined),
    ),
  );
  connection.onPrepareRename((p, token) =>
    withDoc('prepareRename', p.textDocument.uri, token, (lines) => {
      const r = service.prepareRename(p.textDocument.uri, lines.offset(p.position.line, p.position.character), token);
      return r ? { range: toRange(lines, r.span), placeholder: r.placeholder } : null;
    }),
  );
  connection.onRenameRequest((p, token) =>
    withDoc('rename', p.textDocument.uri, token, (lines) => {
      const edit = service.rename(p.textDocument.uri, lines.offset(p.position.line, p.position.character), p.newName, token);
      return edit ? toWorkspaceEdit(service.store, edit) : null;
    }),
  );
  connection.onDocumentSymbol((p, token) =>
    withDoc('documentSymbol', p.textDocument.uri, token, (lines) => service.symbols(p.textDocument.uri, token).map((s) => toSymbol(lines, s))),
  );
  connection.onWorkspaceSymbol((p, token) => {
    noteInput();
    return runSafe(logError, 'workspaceSymbol', token, null, () =>
      service.workspaceSymbols(p.query, WORKSPACE_SYMBOLS_MAX, token).map((s) => ({
        name: s.name,
        kind: s.kind,
        containerName: s.container,
        location: { uri: s.uri, range: { start: s.start, end: s.end } },
      })),
    );
  });
  connection.onCodeAction((p, token) =>
    withDoc('codeAction', p.textDocument.uri, token, (lines) => {
      const diags = p.context.diagnostics.filter((d) => d.source === 'specsocket').map((d) => fromDiagnostic(lines, d));
      return service.codeActions(p.textDocument.uri, toSpan(lines, p.range), diags, token).map((a) => ({
        title: a.title,
        kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
        diagnostics: a.diagnostic ? [toDiagnostic(lines, a.diagnostic)] : undefined,
        isPreferred: a.isPreferred,
        edit: toWorkspaceEdit(service.store, a.edit),
      }));
    }),
  );

  registerStructureHandlers(connection, service, withDoc);

  connection.onRequest(TryItModelRequest, (p, token) => withDoc(TryItModelRequest.method, p.uri, token, () => service.tryItModel(p.uri, token) ?? null));
  connection.onRequest(SpecKindRequest, (p, token) =>
    withDoc(SpecKindRequest.method, p.uri, token, (): SpecKindResult => {
      const doc = service.store.get(p.uri);
      const kind = doc ? service.kindOf(doc) : 'other';
      return kind === 'other' || kind === 'session' ? null : kind; // a session file has no Try it of its own
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/** Collects garbage once the server is quiet (see idleCollector.ts); logs what it freed. */
function idleCollector(connection: Connection): IdleCollector {
  // Undefined only where V8's gc cannot be exposed at all (idleCollector.ts): then no collection.
  const gc = exposeGc();
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  return createIdleCollector({
    idleMs: IDLE_COLLECT_MS,
    minGrowthBytes: 16 * 2 ** 20,
    usedBytes: heapUsedBytes,
    collect: () => {
      gc?.();
      return gc !== undefined;
    },
    collected: (before, after, ms) => connection.console.log(`idle collection: heap ${mb(before)} → ${mb(after)} MB in ${ms.toFixed(0)} ms`),
  });
}

/**
 * Asks the loader (start.ts) to write its code cache at the first quiet moment after a slow pass: the quiet is the
 * idle collection's (no input or work for IDLE_COLLECT_MS), so the write (tens of ms) never holds a keystroke.
 */
function codeCacheWriter(): ActivityListener {
  let asked = false;
  return createQuietMoment({
    idleMs: IDLE_COLLECT_MS,
    onQuiet: () => {
      if (!asked) (process as NodeJS.EventEmitter).emit(CODE_CACHE_EVENT);
      asked = true;
    },
  });
}

/**
 * From this size on, an open publishes the syntax diagnostics alone first: at 100k lines (2.6 MB) the fast checks
 * after the parse took its first diagnostics past 1 s (docs/performance.md, "Opening a file").
 */
const SYNTAX_FIRST_CHARS = 2 ** 20;

/**
 * From this size on, an edit whose broken text was parsed whole publishes the syntax diagnostics alone first: near 1 MB
 * the parse of a broken text is 0.25–0.45 s of CPU and the fast checks after it 0.05–0.18 s more (docs/performance.md,
 * "Broken documents near 1 MB, second round").
 */
const SYNTAX_FIRST_EDIT_CHARS = 512 * 1024;

/** Quiet time after the last publish or input before the idle collection. */
const IDLE_COLLECT_MS = 1500;

/** Workspace symbols answered at most (the editor filters and ranks them further as the user types). */
const WORKSPACE_SYMBOLS_MAX = 1000;

/** How long after client input a running slow pass waits before its next slice. */
const INPUT_GRACE_MS = 10;

// Started as a process (stdio or node-ipc, as the client chooses).
const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (e) => connection.console.error(formatError('uncaught', e)));
startServer(connection);

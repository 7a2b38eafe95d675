/**
 * A real JSON-RPC client for LSP tests: spawns the bundled dist/server.js over stdio and speaks LSP to it.
 * Waits for events (diagnostics), never sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_NODE_ARGS } from '../../common/src/serverProcess';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type Diagnostic,
  type PublishDiagnosticsParams,
  type CompletionItem,
  type CompletionList,
  type Position,
  type RequestType,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const SERVER_JS = join(__dirname, '..', '..', 'dist', 'server.js');

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  /** Log messages the server sent at error level (bad input must never cause one). */
  readonly errorLogs: string[] = [];
  /** The scopeUri of every configuration item the server asked for (undefined: the workspace's). */
  readonly configurationAsked: (string | undefined)[] = [];
  private readonly configurationWaiters: { count: number; resolve: () => void }[] = [];

  /** Resolves once the server has asked for `count` configuration items in all (at once if it already has). */
  configurationRequested(count = 1): Promise<void> {
    return this.configurationAsked.length >= count ? Promise.resolve() : new Promise((resolve) => this.configurationWaiters.push({ count, resolve }));
  }
  /** The editor's `files.exclude` the client answers with (glob → true). */
  filesExclude: Record<string, boolean> = {};
  /** Every publication received, in order. */
  readonly publications: PublishDiagnosticsParams[] = [];
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly waiters: { uri: string; pred: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  private versions = new Map<string, number>();
  private readonly logWaiters = new Set<{ pattern: RegExp; resolve: (message: string) => void }>();
  private readonly publishWaiters = new Set<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }>();
  private readonly publishListeners = new Set<(p: PublishDiagnosticsParams) => void>();

  /** `settings`: the `specsocket` section the client answers with, or per scopeUri (a multi-root workspace). */
  constructor(settings: Record<string, unknown> | ((scopeUri?: string) => Record<string, unknown>) = {}) {
    this.process = spawn(process.execPath, [...SERVER_NODE_ARGS, SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.publications.push(p);
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const l of this.publishListeners) l(p);
      for (const w of [...this.publishWaiters]) {
        if (w.uri !== p.uri || (w.version !== undefined && w.version !== p.version)) continue;
        this.publishWaiters.delete(w);
        w.resolve(p);
      }
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
      this.configurationAsked.push(...p.items.map((i) => i.scopeUri));
      for (const w of [...this.configurationWaiters])
        if (this.configurationAsked.length >= w.count) this.configurationWaiters.splice(this.configurationWaiters.indexOf(w), 1)[0].resolve();
      return p.items.map((i) => (i.section === 'files.exclude' ? this.filesExclude : typeof settings === 'function' ? settings(i.scopeUri) : settings));
    });
    this.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      this.stderr.push(m.message);
      if (m.type === 1) this.errorLogs.push(m.message);
      for (const w of [...this.logWaiters]) if (w.pattern.test(m.message)) w.resolve(m.message);
    });
    this.connection.listen();
  }

  /**
   * `itemDefaults`: declare, as VS Code's client does, that completion lists may share an edit range
   * (LSP 3.17); off, the server must give every item its own edit (older clients, Neovim 0.7).
   */
  async initialize(rootUri: string | null = null, { itemDefaults = true, workspaceFolders = undefined as string[] | undefined } = {}): Promise<unknown> {
    const completion = itemDefaults
      ? { completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } }
      : {};
    // With `workspaceFolders`, the client declares them (and that it reports changes), as VS Code does.
    const folders = workspaceFolders?.map((uri) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) }));
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: folders ?? null,
      capabilities: { workspace: { configuration: true, workspaceFolders: !!folders }, textDocument: { publishDiagnostics: {}, completion } },
      initializationOptions: {},
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** The last version sent for `uri`. */
  versionOf(uri: string): number {
    return this.versions.get(uri) ?? 1;
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /**
   * Sends edits as an editor does, ranges in the text of the last version (LSP incremental sync; a change
   * without a range replaces the whole text). Returns the new version.
   */
  async edit(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Calls `listener` with every publication from now on (every one, not only awaited ones); returns its removal. */
  onPublish(listener: (p: PublishDiagnosticsParams) => void): () => void {
    this.publishListeners.add(listener);
    return () => this.publishListeners.delete(listener);
  }

  /** Resolves with the first published diagnostics for `uri` that satisfy `pred` (including ones already received). */
  waitForDiagnostics(uri: string, pred: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 10000): Promise<Diagnostic[]> {
    const have = this.diagnostics.get(uri);
    if (have && pred(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}`)),
        timeoutMs,
      );
      this.waiters.push({ uri, pred, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });
  }

  /**
   * Resolves with the next publication for `uri` of `version` (any when undefined), ignoring what was published
   * before: the first one after an edit, whatever else (a settings refresh) is still publishing older versions.
   */
  nextPublish(uri: string, version?: number, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const waiter = { uri, version, resolve: (p: PublishDiagnosticsParams) => (clearTimeout(timer), resolve(p)) };
      const timer = setTimeout(() => (this.publishWaiters.delete(waiter), reject(new Error(`nothing published for ${uri} within ${timeoutMs} ms`))), timeoutMs);
      this.publishWaiters.add(waiter);
    });
  }

  /** Resolves with the next log message (window/logMessage) matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs = 10000): Promise<string> {
    return new Promise((resolve, reject) => {
      const waiter = { pattern, resolve: (m: string) => (clearTimeout(timer), this.logWaiters.delete(waiter), resolve(m)) };
      const timer = setTimeout(() => (this.logWaiters.delete(waiter), reject(new Error(`no log matching ${pattern} within ${timeoutMs} ms`))), timeoutMs);
      this.logWaiters.add(waiter);
    });
  }

  /**
   * Completion items at a position, each with its own `textEdit` as the client applies it: a list's
   * `itemDefaults.editRange` with the item's `textEditText` (or label), per LSP 3.17.
   */
  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    if (!result) return [];
    if (Array.isArray(result)) return result;
    const range = result.itemDefaults?.editRange;
    return result.items.map((i) =>
      i.textEdit || !range ? i : { ...i, textEdit: { range: 'start' in range ? range : range.replace, newText: i.textEditText ?? i.label } },
    );
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** One of SpecSocket's own requests, typed as both ends use it (common/src/protocol.ts). */
  send<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    return this.request<R>(type.method, params);
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (this.process.kill('SIGKILL'), resolve()), 3000);
        this.process.once('exit', () => (clearTimeout(t), resolve()));
      });
    }
  }
}

/** LSP 3.18 allows markup in diagnostic messages; our server sends plain strings. */
export function messageText(m: string | { value: string }): string {
  return typeof m === 'string' ? m : m.value;
}

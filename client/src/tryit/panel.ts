/**
 * The Try it WebviewPanel: one per spec file, opened beside the spec, restored after a window reload, and
 * refreshed (without dropping the connection) when the spec is edited. Host logic is in TryItController.
 */
import * as vscode from 'vscode';
import type { SpecLocation, TryItModel } from '../../../common/src/tryItModel';
import type { HostToWebview, WebviewToHost } from '../../../common/src/webviewMessages';
import { createTransport } from '../../../transports/src';
import { VsCodeSecrets } from './secrets';
import { panelTitle } from './panelTitle';
import { TryItController, type SecretStore } from './tryItController';
import { mockSecret, mockServerName, withMockServers, type KnownMock } from './mockServers';
import { makeNonce, webviewHtml } from './webviewHtml';
import type { ServerChoice } from './sessionPanel';
import type { SessionResult } from '../../../common/src/sessions/runner';
import { vscodeSessionFiles } from '../sessionCommands';

export const VIEW_TYPE = 'specsocket.tryIt';
export type ModelSource = (uri: string) => Promise<TryItModel | null>;
export interface Focus {
  server?: string;
  channel?: string;
  operation?: string;
}

interface Open {
  panel: vscode.WebviewPanel;
  controller: TryItController;
  refresh(): void;
  /** The first model reached the controller. */
  loaded: Promise<void>;
}

/** Mock servers the panel offers next to the spec's own servers. */
export interface MockSource {
  running(specUri: string): KnownMock[];
  readonly onDidChange: vscode.Event<void>;
}

export class TryItPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, Open>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<{ uri: string; message: HostToWebview }>();
  /** Every message a panel's host sends its webview (part of the extension API, for automation and tests). */
  readonly onDidPost = this.posted.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly models: ModelSource,
    private readonly mocks?: MockSource,
  ) {
    this.subscriptions.push(
      this.posted,
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.open.get(e.document.uri.toString())?.refresh()),
    );
    if (mocks) this.subscriptions.push(mocks.onDidChange(() => this.open.forEach((e) => e.refresh())));
  }

  /** Acts as the webview of a spec's panel would (extension API, for automation and tests); false when no panel of that spec is open. */
  async receive(uri: string, message: WebviewToHost): Promise<boolean> {
    const entry = this.open.get(uri);
    if (!entry) return false;
    await entry.controller.handle(message);
    return true;
  }

  /** Replays a session file in its spec's panel (opened if needed), step by step in the log (issue 18.3). */
  async runSession(specUri: string, text: string, name: string, server: ServerChoice): Promise<SessionResult | undefined> {
    this.show(specUri);
    const entry = this.open.get(specUri)!;
    await entry.loaded;
    return entry.controller.sessions.replay(text, name, server);
  }

  /** Opens (or reveals) the panel of a spec, focused on what was clicked. */
  show(uri: string, focus: Focus = {}): void {
    let entry = this.open.get(uri);
    if (entry)
      entry.panel.reveal(undefined, false); // stays in its column
    else {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(uri), vscode.ViewColumn.Beside, this.options());
      entry = this.attach(uri, panel);
    }
    entry.controller.focus(focus);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const uri = (state as { uri?: string } | undefined)?.uri;
    if (!uri || this.open.has(uri)) return panel.dispose();
    panel.webview.options = this.options();
    this.attach(uri, panel);
  }

  dispose(): void {
    for (const e of this.open.values()) e.panel.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  /** SecretStorage, except that a running mock's token is known and never asked for. */
  private secretsFor(uri: string): SecretStore {
    const stored = new VsCodeSecrets(this.context.secrets, uri);
    const mocks = () => this.mocks?.running(uri) ?? [];
    return {
      get: async (server, scheme, ask) => mockSecret(server, scheme, mocks()) ?? stored.get(server, scheme, ask),
      has: async (server, scheme) => mocks().some((m) => mockServerName(m.server) === server) || stored.has(server, scheme),
      forget: (server, scheme) => stored.forget(server, scheme),
    };
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview')] };
  }

  private attach(uri: string, panel: vscode.WebviewPanel): Open {
    const webview = panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', name)).toString();
    webview.html = webviewHtml({ cspSource: webview.cspSource, nonce: makeNonce(), scriptUri: asset('main.js'), styleUri: asset('tryit.css') });
    const controller = new TryItController(uri, {
      post: (m: HostToWebview) => {
        void webview.postMessage(m);
        this.posted.fire({ uri, message: m });
      },
      createTransport,
      drafts: this.context.workspaceState,
      secrets: this.secretsFor(uri),
      // Restricted Mode: the spec is validated, but nothing connects on behalf of an untrusted folder.
      connectionBlocked: () => (vscode.workspace.isTrusted ? undefined : 'Restricted Mode: trust this workspace to connect to its servers.'),
      startMock: async (server) => {
        const info = await vscode.commands.executeCommand<{ server: string } | undefined>(
          'specsocket.startMockServer',
          vscode.Uri.parse(uri),
          server.replace(/^Mock: /, ''),
        );
        // The mock manager's change event refreshes this panel's model, which then lists the mock.
        return info ? mockServerName(info.server) : undefined;
      },
      reveal: (l) => void reveal(l),
      saveExport: (text) => saveExport(uri, text),
      files: vscodeSessionFiles,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      this.models(uri).then(
        (m) => controller.setModel(withMockServers(m, this.mocks?.running(uri) ?? [])),
        (e) => controller.setModel(null, String(e)),
      );
    const loaded = load();
    const entry: Open = {
      panel,
      controller,
      loaded,
      // The server sees the edit first (LSP orders didChange before our request); a pause batches typing.
      refresh: () => {
        clearTimeout(timer);
        timer = setTimeout(load, 400);
      },
    };
    this.open.set(uri, entry);
    const received = webview.onDidReceiveMessage((m: WebviewToHost) => void controller.handle(m));
    panel.onDidDispose(() => {
      clearTimeout(timer);
      received.dispose();
      controller.dispose();
      this.open.delete(uri);
    });
    return entry;
  }
}

/** Shows the spec at a location, in the editor column the spec already has. */
async function reveal(l: SpecLocation): Promise<void> {
  const uri = vscode.Uri.parse(l.uri);
  const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === l.uri)?.viewColumn ?? vscode.ViewColumn.One;
  const pos = new vscode.Position(l.line, l.character);
  await vscode.window.showTextDocument(uri, { viewColumn: column, selection: new vscode.Range(pos, pos) });
}

async function saveExport(specUri: string, text: string): Promise<void> {
  const base = vscode.Uri.parse(specUri);
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(
      base,
      '..',
      `${base.path
        .split('/')
        .pop()
        ?.replace(/\.\w+$/, '')}-log.jsonl`,
    ),
    filters: { 'JSON Lines': ['jsonl'] },
  });
  if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
}

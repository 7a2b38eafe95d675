/**
 * The Try it WebviewPanel: one per spec file, opened beside the spec, restored after a window reload, and
 * refreshed (without dropping the connection) when the spec is edited. Host logic is in TryItController.
 */
import * as vscode from 'vscode';
import type { SpecLocation, TryItModel } from '../../../common/src/tryItModel';
import type { HostToWebview, WebviewToHost } from '../../../common/src/webviewMessages';
import { createTransport } from '../transports';
import { VsCodeSecrets } from './secrets';
import { TryItController } from './tryItController';
import { makeNonce, webviewHtml } from './webviewHtml';

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
}

export class TryItPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, Open>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly models: ModelSource) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.open.get(e.document.uri.toString())?.refresh()),
    );
  }

  /** Opens (or reveals) the panel of a spec, focused on what was clicked. */
  show(uri: string, focus: Focus = {}): void {
    let entry = this.open.get(uri);
    if (entry) entry.panel.reveal(undefined, false); // stays in its column
    else {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title(uri), vscode.ViewColumn.Beside, this.options());
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

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview')] };
  }

  private attach(uri: string, panel: vscode.WebviewPanel): Open {
    const webview = panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', name)).toString();
    webview.html = webviewHtml({ cspSource: webview.cspSource, nonce: makeNonce(), scriptUri: asset('main.js'), styleUri: asset('tryit.css') });
    const controller = new TryItController(uri, {
      post: (m: HostToWebview) => void webview.postMessage(m),
      createTransport,
      drafts: this.context.workspaceState,
      secrets: new VsCodeSecrets(this.context.secrets, uri),
      reveal: (l) => void reveal(l),
      saveExport: (text) => saveExport(uri, text),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => this.models(uri).then((m) => controller.setModel(m), (e) => controller.setModel(null, String(e)));
    const entry: Open = {
      panel,
      controller,
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
    void load();
    return entry;
  }
}

function title(uri: string): string {
  return `Try it: ${decodeURIComponent(uri.split('/').pop() ?? uri)}`;
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
    defaultUri: vscode.Uri.joinPath(base, '..', `${base.path.split('/').pop()?.replace(/\.\w+$/, '')}-log.jsonl`),
    filters: { 'JSON Lines': ['jsonl'] },
  });
  if (target) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
}

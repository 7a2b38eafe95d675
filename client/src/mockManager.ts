/**
 * "SpecSocket: Start Mock Server" / "Stop Mock Servers": serve a spec's server on loopback from the spec itself,
 * with a status-bar item while mocks run. The mock runs as `dist/cli.js mock` in its own process.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TryItModelRequest } from '../../common/src/protocol';
import { SETTINGS_SECTION, withDefaults } from '../../common/src/settings';
import { MockProcess } from './mock/mockProcess';

export interface RunningMockInfo {
  specUri: string;
  server: string;
  protocol: string;
  url: string;
  token: string;
}

export class MockManager implements vscode.Disposable {
  private readonly mocks = new Map<string, { mock: MockProcess; info: RunningMockInfo }>();
  private readonly status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  private readonly output = vscode.window.createOutputChannel('SpecSocket Mock');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a mock starts or stops (the Try it panel lists running mocks as servers). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.status.command = 'specsocket.stopMockServers';
  }

  running(specUri?: string): RunningMockInfo[] {
    return [...this.mocks.values()].map((m) => m.info).filter((i) => !specUri || i.specUri === specUri);
  }

  async start(specUri: vscode.Uri, server: string, port?: number): Promise<RunningMockInfo> {
    const key = `${specUri.toString()}#${server}`;
    const existing = this.mocks.get(key);
    if (existing) return existing.info;
    const { token, intervalMs, maxPayloadBytes } = withDefaults(vscode.workspace.getConfiguration().get(SETTINGS_SECTION)).mock;
    const launch = (at?: number) =>
      new MockProcess({ cliPath: this.context.asAbsolutePath('dist/cli.js'), spec: specUri.fsPath, server, port: at, intervalMs, maxPayloadBytes, token });
    let mock = launch(port);
    let ready = await mock.ready().catch((e: Error) => e);
    // The spec's own port is often held by the real server (or another mock): any free port serves as well,
    // since the panel lists the mock by its URL.
    if (ready instanceof Error && port === undefined && /^port in use/.test(ready.message)) {
      this.output.appendLine(`[${server}] the spec's port is taken (${ready.message}); using a free port instead`);
      mock = launch(0);
      ready = await mock.ready().catch((e: Error) => e);
    }
    if (ready instanceof Error) throw ready;
    const running = mock;
    running.onEvent((e) => {
      if (e.event === 'log' || e.event === 'error') this.output.appendLine(`[${server}] ${e.message}`);
      if (e.event === 'exit') {
        if (this.mocks.get(key)?.mock === running) this.mocks.delete(key);
        this.refresh();
      }
    });
    const info: RunningMockInfo = { specUri: specUri.toString(), server, protocol: ready.protocol, url: ready.url, token };
    this.mocks.set(key, { mock, info });
    this.output.appendLine(`[${server}] listening on ${ready.url}`);
    this.refresh();
    return info;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.mocks.values()].map((m) => m.mock.stop()));
    this.mocks.clear();
    this.refresh();
  }

  dispose(): void {
    void this.stopAll();
    this.status.dispose();
    this.output.dispose();
    this.changed.dispose();
  }

  private refresh(): void {
    const n = this.mocks.size;
    if (n === 0) this.status.hide();
    else {
      this.status.text = `$(server-process) ${n} mock${n > 1 ? 's' : ''}`;
      this.status.tooltip = [...this.mocks.values()].map((m) => `${m.info.server}: ${m.info.url}`).join('\n') + '\nClick to stop.';
      this.status.show();
    }
    this.changed.fire();
  }
}

/** Registers the mock commands; returns the manager so the Try it panel can list running mocks. */
export function registerMockCommands(context: vscode.ExtensionContext, client: LanguageClient): MockManager {
  const manager = new MockManager(context);
  context.subscriptions.push(
    manager,
    // Returns the running mock's info (URL, token) so other commands and tests can use it.
    vscode.commands.registerCommand('specsocket.startMockServer', async (uri?: vscode.Uri, serverName?: string): Promise<RunningMockInfo | undefined> => {
      // Restricted Mode: validation only; no listening sockets on behalf of an untrusted folder.
      if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage('Mock servers need a trusted workspace: trust this folder to start one.');
      const specUri = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!specUri) return void vscode.window.showErrorMessage('Open an AsyncAPI or Fern spec to mock its server.');
      const model = await client.sendRequest(TryItModelRequest, { uri: specUri.toString() });
      if (!model || model.servers.length === 0) return void vscode.window.showErrorMessage('This file declares no servers to mock.');
      const server =
        serverName ??
        (model.servers.length === 1
          ? model.servers[0].name
          : (
              await vscode.window.showQuickPick(
                model.servers.map((s) => ({ label: s.name, description: `${s.protocol} ${s.url}` })),
                { placeHolder: 'Server to mock' },
              )
            )?.label);
      if (!server) return;
      try {
        const info = await manager.start(specUri, server);
        const copy = 'Copy URL';
        void vscode.window
          .showInformationMessage(`Mock of "${server}" (${info.protocol}) listening on ${info.url}. Token: ${info.token}`, copy)
          .then((pick) => {
            if (pick === copy) void vscode.env.clipboard.writeText(info.url);
          });
        return info;
      } catch (e) {
        void vscode.window.showErrorMessage(`Could not start the mock: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('specsocket.stopMockServers', () => manager.stopAll()),
  );
  return manager;
}

/** Extension entry: start the language client; everything else registers from its own module. */
import * as vscode from 'vscode';
import { createLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { registerMockCommands } from './mockManager';
import { registerSpecKindContext } from './specKindContext';
import { registerSessionCommands } from './sessionCommands';
import type { TryItPanels } from './tryit/panel';

let stop: (() => Promise<void>) | undefined;

/** What activate() returns: lets other extensions (and our end-to-end tests) drive a Try it panel. */
export interface SpecSocketApi {
  tryIt: Pick<TryItPanels, 'receive' | 'onDidPost'>;
  /** Start-up figures (ms) for `npm run bench`: activate() itself, and until the language server answered initialize. */
  startup: { activateMs: number; serverReady: Promise<number> };
}

export async function activate(context: vscode.ExtensionContext): Promise<SpecSocketApi> {
  const started = performance.now();
  const client = createLanguageClient(context);
  // start() resolves once the server has answered `initialize`.
  const serverReady = client.start().then(() => performance.now() - started);
  const mocks = registerMockCommands(context, client);
  const panels = registerCommands(context, client, mocks);
  registerSpecKindContext(context, client);
  registerSessionCommands(context, panels);
  stop = () => client.stop();
  return {
    tryIt: { receive: (uri, m) => panels.receive(uri, m), onDidPost: panels.onDidPost },
    startup: { activateMs: performance.now() - started, serverReady },
  };
}

export async function deactivate(): Promise<void> {
  await stop?.();
}

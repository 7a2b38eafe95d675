/** Extension entry: start the language client; everything else registers from its own module. */
import * as vscode from 'vscode';
import { startLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { registerMockCommands } from './mockCommands';

let stop: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const client = startLanguageClient(context);
  registerCommands(context, client);
  registerMockCommands(context, client);
  stop = () => client.stop();
}

export async function deactivate(): Promise<void> {
  await stop?.();
}

/** The LanguageClient for dist/server.js: YAML and JSON files, settings under `specsocket.`. */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../common/src/settings';
import { SERVER_NODE_ARGS } from '../../common/src/serverProcess';

/** Creates the client; the caller starts it (and may await `start()` for the server's readiness). */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // The server's V8 code cache (server/src/start.ts) in the extension's own storage, which only this user writes.
  const env = { ...process.env, SPECSOCKET_CODE_CACHE_DIR: join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS], env } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6009'], env } },
  };
  const clientOptions: LanguageClientOptions = {
    // The server decides by content which of these files are specs; others get no diagnostics.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml,json}'),
    },
  };
  const client = new LanguageClient('specsocket', 'SpecSocket', serverOptions, clientOptions);
  return client;
}

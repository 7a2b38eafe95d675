/**
 * Sessions in the editor (issue 18.2–18.4): a "Run" code lens on each `*.session.yaml`, the command it runs (the
 * spec's Try it panel replays the file against a server picked from the spec's, or a mock), and the file work
 * Record and Add as example need (a new file beside the spec; insertions as one WorkspaceEdit).
 */
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { SessionFiles } from './tryit/sessionPanel';
import type { TryItPanels } from './tryit/panel';

export const RUN_SESSION_COMMAND = 'specsocket.runSession';
const SESSION_FILES: vscode.DocumentSelector = { pattern: '**/*.session.{yaml,yml}' };

export const vscodeSessionFiles: SessionFiles = {
  async saveSession(specUri, fileName, text) {
    const target = vscode.Uri.joinPath(vscode.Uri.parse(specUri), '..', fileName);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(target, { preview: false, viewColumn: vscode.ViewColumn.One });
    return target.toString();
  },
  async readText(uri) {
    return (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
  },
  async applyInserts(uri, inserts) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const edit = new vscode.WorkspaceEdit();
    for (const i of inserts) edit.insert(doc.uri, doc.positionAt(i.offset), i.text);
    return vscode.workspace.applyEdit(edit);
  },
};

class RunLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => /^steps\s*:/.test(l));
    const at = new vscode.Range(Math.max(line, 0), 0, Math.max(line, 0), 0);
    return [
      new vscode.CodeLens(at, {
        title: '$(play) Run',
        command: RUN_SESSION_COMMAND,
        arguments: [document.uri],
        tooltip: "Replay this session in its spec's Try it panel",
      }),
    ];
  }
}

export function registerSessionCommands(context: vscode.ExtensionContext, panels: TryItPanels): void {
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(SESSION_FILES, new RunLenses()),
    // `server`: skips the pick (automation, tests); a spec server's name or `Mock: <name>`.
    vscode.commands.registerCommand(RUN_SESSION_COMMAND, async (uri?: vscode.Uri, server?: string) => {
      const file = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!file) return undefined;
      const text = (await vscode.workspace.openTextDocument(file)).getText();
      const spec = specOf(text);
      if (!spec) return void vscode.window.showWarningMessage('SpecSocket: this session file names no `spec:` to replay against.');
      const specUri = vscode.Uri.joinPath(file, '..', spec).toString();
      const name = file.path.split('/').pop()!;
      return panels.runSession(specUri, text, name, server ?? ((servers, preferred) => pickServer(servers, preferred)));
    }),
  );
}

function specOf(text: string): string | undefined {
  try {
    const spec = (parse(text) as { spec?: unknown } | null)?.spec;
    return typeof spec === 'string' && spec ? spec : undefined;
  } catch {
    return undefined;
  }
}

async function pickServer(servers: string[], preferred: string | undefined): Promise<string | undefined> {
  if (servers.length <= 1) return servers[0];
  const ordered = preferred && servers.includes(preferred) ? [preferred, ...servers.filter((s) => s !== preferred)] : servers;
  return vscode.window.showQuickPick(ordered, { title: 'Replay the session against', placeHolder: 'A server of the spec, or a running mock' });
}

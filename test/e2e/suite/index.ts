/** End-to-end tests inside a real VS Code (code-server's extension host) against the installed .vsix. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runAll, test, waitFor } from './harness';

const EXTENSION_ID = 'specsocket.specsocket';

function workspaceFile(rel: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.joinPath(root, ...rel.split('/'));
}

function specsocketDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'specsocket');
}

async function openAndWaitForDiagnostics(rel: string, pred: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const uri = workspaceFile(rel);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return waitFor(
    () => {
      const d = specsocketDiagnostics(uri);
      return pred(d) ? d : undefined;
    },
    (l) => vscode.languages.onDidChangeDiagnostics(l),
    `diagnostics on ${rel}`,
  );
}

test('the installed extension (not a source folder) activates on a YAML spec', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  assert.ok(!ext.extensionPath.includes(path.join('test', 'e2e')), `loaded from ${ext.extensionPath}`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('broken.asyncapi.yaml')));
  await ext.activate();
  assert.ok(ext.isActive);
});

test('a broken AsyncAPI file gets diagnostics at the right line', async () => {
  const diags = await openAndWaitForDiagnostics('broken.asyncapi.yaml', (d) => d.some((x) => x.code === 'duplicate-key'));
  const dup = diags.find((x) => x.code === 'duplicate-key')!;
  assert.equal(dup.range.start.line, 7, 'the second `channels` key is on line 8');
});

export function run(): Promise<void> {
  return runAll();
}

/**
 * The `specsocket.activeSpecKind` context key: 'asyncapi' or 'fern' while the active editor shows a document the
 * server recognises as a spec, unset otherwise. The editor's "Try it" title button shows only then, instead of on
 * every YAML/JSON file (where it could only answer "not a spec").
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SpecKindRequest, type SpecKindResult } from '../../common/src/protocol';

export const SPEC_KIND_CONTEXT = 'specsocket.activeSpecKind';
/** Typing can turn a file into a spec (or out of one): ask again after a pause, not per keystroke. */
const RECHECK_AFTER_EDIT_MS = 400;

export function registerSpecKindContext(context: vscode.ExtensionContext, client: LanguageClient): void {
  let asked = 0;
  let timer: NodeJS.Timeout | undefined;
  const update = async () => {
    const doc = vscode.window.activeTextEditor?.document;
    const ticket = ++asked;
    let kind: SpecKindResult = null;
    if (doc && (doc.languageId === 'yaml' || doc.languageId === 'json')) {
      // start() resolves at once when already running; a server that cannot start leaves the button hidden.
      kind = await client
        .start()
        .then(
          () => client.sendRequest(SpecKindRequest, { uri: doc.uri.toString() }),
          () => null,
        )
        .catch(() => null);
    }
    // A newer question (another editor became active meanwhile) has the last word.
    if (ticket === asked) await vscode.commands.executeCommand('setContext', SPEC_KIND_CONTEXT, kind ?? undefined).then(undefined, () => undefined);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== vscode.window.activeTextEditor?.document) return;
      clearTimeout(timer);
      timer = setTimeout(() => void update(), RECHECK_AFTER_EDIT_MS);
    }),
    { dispose: () => clearTimeout(timer) },
  );
  void update();
}

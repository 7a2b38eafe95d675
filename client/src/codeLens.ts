/**
 * "Try it" above each server and each channel/operation of a spec (AsyncAPI 2.x channels, 3.x channels and
 * operations, Fern channels), at the locations the language server puts in the Try it model.
 */
import * as vscode from 'vscode';
import type { ModelSource } from './tryit/panel';
import { lensesOf, type TryItArgs } from './tryit/lenses';

export const TRY_IT_COMMAND = 'specsocket.tryIt';

export type { TryItArgs };

export class TryItCodeLenses implements vscode.CodeLensProvider {
  constructor(private readonly models: ModelSource) {}

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const model = await this.models(document.uri.toString()).catch(() => null);
    if (!model || token.isCancellationRequested) return [];
    return lensesOf(model, document.uri.toString()).map(({ location, title, args }) => {
      const range = new vscode.Range(location.line, location.character, location.line, location.character);
      return new vscode.CodeLens(range, { title, command: TRY_IT_COMMAND, arguments: [args], tooltip: 'Open the Try it panel beside the spec' });
    });
  }
}

/** Registers the Try it command, the panel (with its serializer) and the "Try it" code lenses. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TryItModelRequest } from '../../common/src/protocol';
import { TRY_IT_COMMAND, TryItCodeLenses, type TryItArgs } from './codeLens';
import { TryItPanels, type MockSource, type ModelSource } from './tryit/panel';

export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, mocks?: MockSource): TryItPanels {
  const models: ModelSource = async (uri) => {
    await client.start(); // resolves at once when already running
    return client.sendRequest(TryItModelRequest, { uri });
  };
  const panels = new TryItPanels(context, models, mocks);
  const selector: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'json' }];
  context.subscriptions.push(
    panels,
    vscode.languages.registerCodeLensProvider(selector, new TryItCodeLenses(models)),
    vscode.commands.registerCommand(TRY_IT_COMMAND, async (args?: TryItArgs | vscode.Uri) => {
      const uri = args instanceof vscode.Uri ? args.toString() : (args?.uri ?? vscode.window.activeTextEditor?.document.uri.toString());
      if (!uri) return void vscode.window.showInformationMessage('SpecSocket: open an AsyncAPI or Fern spec first, then run Try It.');
      const model = await models(uri).catch(() => null);
      if (!model) return void vscode.window.showWarningMessage('SpecSocket: this file is not an AsyncAPI or Fern spec, so there is nothing to try.');
      panels.show(uri, args instanceof vscode.Uri ? {} : { server: args?.server, channel: args?.channel, operation: args?.operation });
    }),
  );
  return panels;
}

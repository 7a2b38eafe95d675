/**
 * "Try it" above each server and each channel/operation of a spec (AsyncAPI 2.x channels, 3.x channels and
 * operations, Fern channels), at the locations the language server puts in the Try it model.
 */
import * as vscode from 'vscode';
import type { SpecLocation, TryItModel } from '../../common/src/tryItModel';
import type { Focus, ModelSource } from './tryit/panel';

export const TRY_IT_COMMAND = 'specsocket.tryIt';

export interface TryItArgs extends Focus {
  uri: string;
}

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

/** One lens per located server, channel and operation of this file (referenced files get none). */
export function lensesOf(model: TryItModel, uri: string): { location: SpecLocation; title: string; args: TryItArgs }[] {
  const out: { location: SpecLocation; title: string; args: TryItArgs }[] = [];
  const here = (l: SpecLocation | undefined): l is SpecLocation => !!l && l.uri === uri;
  for (const s of model.servers) if (here(s.location)) out.push({ location: s.location, title: '$(play) Try it', args: { uri, server: s.name } });
  for (const c of model.channels) {
    if (here(c.location)) out.push({ location: c.location, title: '$(play) Try it', args: { uri, channel: c.id } });
    for (const o of c.operations) {
      // A 2.x operation sits inside its channel: one lens for the channel is enough there.
      if (here(o.location) && !sameLine(o.location, c.location)) out.push({ location: o.location, title: '$(play) Try it', args: { uri, channel: c.id, operation: o.id } });
    }
  }
  return out;
}

function sameLine(a: SpecLocation, b: SpecLocation | undefined): boolean {
  return !!b && a.line === b.line;
}

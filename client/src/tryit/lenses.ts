/** Where the "Try it" code lenses go, from the locations in the Try it model (vscode-free, so it is tested). */
import type { SpecLocation, TryItModel } from '../../../common/src/tryItModel';

export interface TryItArgs {
  uri: string;
  server?: string;
  channel?: string;
  operation?: string;
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
      if (here(o.location) && !sameLine(o.location, c.location))
        out.push({ location: o.location, title: '$(play) Try it', args: { uri, channel: c.id, operation: o.id } });
    }
  }
  return out;
}

function sameLine(a: SpecLocation, b: SpecLocation | undefined): boolean {
  return !!b && a.line === b.line;
}

/**
 * Channel rules: address parameters declared and used (asyncapi2/3-channel-parameters, plus the cases the
 * parser skips: `{param}` with no `parameters` at all, declared parameters on an address without any),
 * channel servers defined (2.x names, 3.x `#/servers/...` refs) and no query or fragment in channel keys.
 */
import { Severity } from '../../core/types';
import type { JsonPath } from '../../core/yamlAst';
import { isObj, urlVariables, type Obj, type SemanticContext } from './semanticContext';
import { eachObj } from './walk';

export function checkChannels(sc: SemanticContext): void {
  const code = sc.major === 2 ? 'asyncapi2-channel-parameters' : 'asyncapi3-channel-parameters';
  eachObj(sc.root.channels, (key, channel) => {
    if (typeof channel.$ref === 'string') return;
    const path: JsonPath = ['channels', key];
    checkParameters(sc, path, sc.major === 2 ? key : channel.address, channel, code);
    if (/[?#]/.test(key))
      sc.report(
        path,
        `asyncapi${sc.major}-channel-no-query-nor-fragment`,
        'Channel address should not include query ("?") or fragment ("#") delimiter. Move them into bindings or parameters.',
        { onKey: true },
      );
    if (sc.major === 2) checkServerNames(sc, path, channel);
    else checkServerRefs(sc, path, channel);
  });
  if (sc.major === 3 && isObj(sc.root.components))
    eachObj(sc.root.components.channels, (key, channel) => {
      if (typeof channel.$ref !== 'string') checkParameters(sc, ['components', 'channels', key], channel.address, channel, code);
    });
}

function checkParameters(sc: SemanticContext, path: JsonPath, address: unknown, channel: Obj, code: string): void {
  const used = urlVariables(address);
  const params = channel.parameters;
  if (!isObj(params)) {
    if (used.length && params === undefined)
      sc.report(
        sc.major === 2 ? path : [...path, 'address'],
        'channel-parameter-undeclared',
        `Channel address uses ${used.map((u) => `{${u}}`).join(', ')} but the channel has no "parameters". Declare each one under "parameters".`,
        {
          severity: Severity.Warning,
          onKey: sc.major === 2,
          data: { kind: 'declareParameter', name: used[0] },
        },
      );
    return;
  }
  const declared = Object.keys(params);
  // The parser reports a 2.x channel with no placeholders as fine whatever it declares; we still flag unused ones.
  const parserChecks = sc.major === 3 || used.length > 0;
  const missing = declared.length ? used.filter((u) => !Object.prototype.hasOwnProperty.call(params, u)) : used;
  if (missing.length)
    sc.report([...path, 'parameters'], code, `Not all channel's parameters are described with "parameters" object. Missed: ${missing.join(', ')}.`, {
      onKey: true,
      data: { kind: 'declareParameter', name: missing[0] },
    });
  for (const name of declared) {
    if (used.includes(name)) continue;
    if (parserChecks)
      sc.report(
        [...path, 'parameters', name],
        code,
        `Channel's "parameters" object has redundant defined "${name}" parameter. Use {${name}} in the address or remove it.`,
        { onKey: true },
      );
    else
      sc.report(
        [...path, 'parameters', name],
        'channel-parameter-unused',
        `Parameter "${name}" is not used in the channel address. Use {${name}} in the address or remove it.`,
        { onKey: true, severity: Severity.Warning },
      );
  }
}

function checkServerNames(sc: SemanticContext, path: JsonPath, channel: Obj): void {
  if (!Array.isArray(channel.servers)) return;
  const defined = isObj(sc.root.servers) ? Object.keys(sc.root.servers) : [];
  channel.servers.forEach((name, i) => {
    if (typeof name === 'string' && !defined.includes(name))
      sc.report(
        [...path, 'servers', i],
        'asyncapi2-channel-servers',
        `Channel contains server that are not defined on the "servers" object: "${name}"${defined.length ? ` (defined: ${defined.join(', ')})` : ''}.`,
      );
  });
}

function checkServerRefs(sc: SemanticContext, path: JsonPath, channel: Obj): void {
  if (!Array.isArray(channel.servers)) return;
  channel.servers.forEach((s, i) => {
    if (isObj(s) && typeof s.$ref === 'string' && !/#\/servers\//.test(s.$ref))
      sc.report(
        [...path, 'servers', i, '$ref'],
        'asyncapi3-required-channel-servers-unambiguity',
        'The "servers" of a channel must reference servers under the root "servers" object ("#/servers/<name>").',
      );
  });
}

/**
 * Security requirements must name defined security schemes, and OAuth2 scopes must exist in the scheme's flows
 * (the parser's asyncapi2-server-security / asyncapi2-operation-security). In 3.x requirements are scheme
 * objects or `$ref`s (checked by the `$ref` pass); there we check the scopes an inline or referenced oauth2
 * scheme lists against its flows.
 */
import { valueAtPath, parseRef } from '../../core/refs';
import type { JsonPath } from '../../core/yamlAst';
import { entries, isObj, type Obj, type SemanticContext } from './semanticContext';
import { eachObj } from './walk';

const FLOWS = ['implicit', 'password', 'clientCredentials', 'authorizationCode'];

function availableScopes(scheme: Obj): string[] {
  const flows = isObj(scheme.flows) ? scheme.flows : {};
  const scopes = new Set<string>();
  for (const f of FLOWS) {
    const flow = flows[f];
    // 2.x names them `scopes`, 3.x `availableScopes`.
    if (isObj(flow))
      for (const s of Object.keys({ ...(isObj(flow.scopes) ? flow.scopes : {}), ...(isObj(flow.availableScopes) ? flow.availableScopes : {}) })) scopes.add(s);
  }
  return [...scopes];
}

export function checkSecurity(sc: SemanticContext): void {
  if (sc.major === 2) return checkSecurity2(sc);
  checkSecurity3(sc);
}

function checkSecurity2(sc: SemanticContext): void {
  const schemes = isObj(sc.root.components) && isObj(sc.root.components.securitySchemes) ? sc.root.components.securitySchemes : {};
  const check = (requirements: unknown, path: JsonPath, code: string, objectType: string) => {
    if (!Array.isArray(requirements)) return;
    requirements.forEach((req, i) => {
      for (const [name, scopes] of entries(req)) {
        if (!(name in schemes)) {
          const known = Object.keys(schemes);
          sc.report(
            [...path, i, name],
            code,
            `${objectType} must not reference an undefined security scheme. "${name}" is not in components.securitySchemes${known.length ? ` (defined: ${known.join(', ')})` : ''}.`,
            { onKey: true },
          );
          continue;
        }
        const scheme = schemes[name];
        if (!isObj(scheme) || scheme.type !== 'oauth2' || !Array.isArray(scopes)) continue;
        const available = availableScopes(scheme);
        scopes.forEach((scope, j) => {
          if (typeof scope === 'string' && !available.includes(scope))
            sc.report([...path, i, name, j], code, `Non-existing security scope for the specified security scheme. Available: [${available.join(', ')}]`);
        });
      }
    });
  };
  eachObj(sc.root.servers, (name, server) => check(server.security, ['servers', name, 'security'], 'asyncapi2-server-security', 'Server'));
  eachObj(sc.root.channels, (address, channel) => {
    for (const op of ['publish', 'subscribe'])
      if (isObj(channel[op])) check((channel[op] as Obj).security, ['channels', address, op, 'security'], 'asyncapi2-operation-security', 'Operation');
  });
}

function checkSecurity3(sc: SemanticContext): void {
  const check = (requirements: unknown, path: JsonPath) => {
    if (!Array.isArray(requirements)) return;
    requirements.forEach((req, i) => {
      const scheme = schemeOf(sc, req);
      if (!scheme || scheme.type !== 'oauth2' || !Array.isArray(scheme.scopes)) return;
      const available = availableScopes(scheme);
      // Scopes listed on an inline scheme are ours to point at; on a referenced one, point at the reference.
      const inline = isObj(req) && typeof req.$ref !== 'string';
      scheme.scopes.forEach((scope, j) => {
        if (typeof scope === 'string' && !available.includes(scope))
          sc.report(
            inline ? [...path, i, 'scopes', j] : [...path, i, '$ref'],
            'security-scope-undefined',
            `Scope "${scope}" is not in the flows' availableScopes of this oauth2 scheme. Available: [${available.join(', ')}]`,
          );
      });
    });
  };
  eachObj(sc.root.servers, (name, server) => check(server.security, ['servers', name, 'security']));
  eachObj(sc.root.operations, (name, op) => check(op.security, ['operations', name, 'security']));
  if (isObj(sc.root.components)) {
    eachObj(sc.root.components.servers, (name, server) => check(server.security, ['components', 'servers', name, 'security']));
    eachObj(sc.root.components.operations, (name, op) => check(op.security, ['components', 'operations', name, 'security']));
  }
}

/** A local `$ref` followed once (enough for `#/components/securitySchemes/x`), or the inline object. */
function schemeOf(sc: SemanticContext, req: unknown): Obj | undefined {
  if (!isObj(req)) return undefined;
  if (typeof req.$ref !== 'string') return req;
  const ref = parseRef(req.$ref, sc.feature.doc.uri);
  if (!ref?.local) return undefined;
  const v = valueAtPath(sc.root, ref.path);
  return isObj(v) ? v : undefined;
}

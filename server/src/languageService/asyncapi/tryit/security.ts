/**
 * Security requirements resolved to schemes the panel can ask secrets for. 2.x lists requirement objects
 * (`{schemeName: scopes}`; all schemes of one object together, any object suffices); 3.x lists schemes or
 * `$ref`s to them, each an alternative.
 */
import type { TryItSecurityScheme } from '../../../../../common/src/tryItModel';
import { child, entries, follow, isObj, str, type BuildContext, type SpecNode } from './resolve';

export function resolveSecurity(bc: BuildContext, root: SpecNode, holder: SpecNode, major: number, key = 'security'): TryItSecurityScheme[][] {
  const list = child(holder, key);
  if (!Array.isArray(list.value)) return [];
  const out: TryItSecurityScheme[][] = [];
  if (major >= 3) {
    list.value.forEach((_, i) => {
      const item = child(list, i);
      const scheme = follow(bc, item);
      if (scheme) out.push([toScheme(schemeName(item, scheme), scheme.value)]);
    });
    return out;
  }
  const schemes = new Map(entries(bc, child(root, 'components'), 'securitySchemes'));
  for (const req of list.value) {
    if (!isObj(req)) continue;
    const alt: TryItSecurityScheme[] = [];
    for (const name of Object.keys(req)) {
      const s = schemes.get(name);
      if (s) alt.push(toScheme(name, s.value));
      else bc.problems.push(`Security scheme "${name}" (${holderName(holder)}) is not declared in components.securitySchemes.`);
    }
    out.push(alt);
  }
  return out;
}

/** 3.x: the component key the `$ref` names, else the last path segment of the inline scheme. */
function schemeName(item: SpecNode, resolved: SpecNode): string {
  if (isObj(item.value) && typeof item.value.$ref === 'string') return item.value.$ref.split('/').pop() ?? 'security';
  return String(resolved.path[resolved.path.length - 1] ?? 'security');
}

function holderName(holder: SpecNode): string {
  return holder.path.slice(-2).join(' ');
}

export function toScheme(name: string, v: unknown): TryItSecurityScheme {
  const s = isObj(v) ? v : {};
  const type = str(s.type) ?? 'unknown';
  const description = str(s.description);
  const base = description ? { name, description } : { name };
  switch (type) {
    case 'http': {
      const scheme = (str(s.scheme) ?? '').toLowerCase();
      if (scheme === 'bearer') return { kind: 'httpBearer', ...base, ...(str(s.bearerFormat) ? { bearerFormat: str(s.bearerFormat) } : {}) };
      if (scheme === 'basic') return { kind: 'httpBasic', ...base };
      return { kind: 'other', ...base, type: `http:${scheme}` };
    }
    case 'httpApiKey': {
      const where = str(s.in);
      if (where === 'query' || where === 'header' || where === 'cookie') return { kind: 'apiKey', ...base, in: where, paramName: str(s.name) ?? name };
      return { kind: 'other', ...base, type };
    }
    case 'apiKey': {
      const where = str(s.in);
      return { kind: 'apiKey', ...base, in: where === 'password' ? 'password' : 'user', paramName: str(s.name) ?? '' };
    }
    case 'userPassword':
      return { kind: 'userPassword', ...base };
    default:
      return { kind: 'other', ...base, type };
  }
}

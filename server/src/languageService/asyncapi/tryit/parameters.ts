/**
 * What the panel asks before connecting to a channel: address parameters (2.x: a schema; 3.x: enum,
 * default, examples) and the ws binding's `query` and `headers` (object schemas, one field per property).
 */
import type { TryItParameter } from '../../../../../common/src/tryItModel';
import { dereference } from '../dereference';
import { child, entries, isObj, str, type BuildContext, type Obj, type SpecNode } from './resolve';

export function addressParameters(bc: BuildContext, channel: SpecNode, major: number): TryItParameter[] {
  return entries(bc, channel, 'parameters').map(([name, p]) => {
    const o = isObj(p.value) ? p.value : {};
    // 2.x parameters carry a schema; 3.x ones carry enum/default/examples directly (always strings).
    const schema = major >= 3 ? schema3(o) : ((deref(bc, child(p, 'schema')) as Obj | undefined) ?? { type: 'string' });
    return param(name, schema, true, str(o.description) ?? (isObj(schema) ? str(schema.description) : undefined), major >= 3 ? o : schema);
  });
}

function schema3(o: Obj): Obj {
  const s: Obj = { type: 'string' };
  for (const k of ['enum', 'default', 'examples', 'description'] as const) if (o[k] !== undefined) s[k] = o[k];
  return s;
}

/** `bindings.ws.query` / `bindings.ws.headers` as one parameter per property. */
export function wsBindingParameters(bc: BuildContext, channel: SpecNode, which: 'query' | 'headers'): TryItParameter[] {
  const bindings = child(channel, 'bindings');
  const ws = child(bindings, 'ws');
  if (!isObj(ws.value) && !(isObj(bindings.value) && typeof bindings.value.$ref === 'string')) return [];
  // The bindings object itself may be a $ref (asynction's AuthenticatedWsBindings).
  const bNode = deref(bc, bindings);
  const schema = isObj(bNode) && isObj(bNode.ws) ? bNode.ws[which] : undefined;
  if (!isObj(schema)) return [];
  const props = isObj(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(props).map(([name, sub]) => {
    const s = isObj(sub) ? sub : {};
    return param(name, s, required.includes(name), str(s.description), s);
  });
}

function param(name: string, schema: Obj, required: boolean, description: string | undefined, source: Obj): TryItParameter {
  const out: TryItParameter = { name, schema, required };
  if (description) out.description = description;
  if (source.default !== undefined) out.default = source.default;
  else if (source.const !== undefined) out.default = source.const;
  if (Array.isArray(source.examples)) out.examples = source.examples;
  if (Array.isArray(source.enum)) out.enum = source.enum;
  return out;
}

function deref(bc: BuildContext, node: SpecNode): unknown {
  if (node.value === undefined) return undefined;
  const r = dereference(bc.store, node.uri, node.value, bc.derefMemo);
  for (const u of r.unresolved) bc.problems.push(`Cannot resolve ${u}.`);
  for (const f of r.files) bc.files.add(f);
  return r.value;
}

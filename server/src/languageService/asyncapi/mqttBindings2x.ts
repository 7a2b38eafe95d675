/**
 * The `mqtt` bindings of @asyncapi/specs for AsyncAPI 2.x documents. The 2.x schemas leave every binding an
 * empty schema (one `bindingsObject.json` for servers, channels, operations and messages alike), so neither
 * completion, hover nor validation knew a binding's fields; the 3.x schemas embed them, chosen by
 * `bindingVersion`. This gives the 2.x schema copies the same: each place a binding sits (by what owns it) gets
 * the server, operation or message binding of the version written (none: the latest). @asyncapi/parser does not
 * validate 2.x bindings; the bindings' own schemas are the authority the issue asks for.
 */
// Small files (a few KB each): imported statically, unlike the version schemas.
import server010 from '@asyncapi/specs/bindings/mqtt/0.1.0/server.json';
import operation010 from '@asyncapi/specs/bindings/mqtt/0.1.0/operation.json';
import message010 from '@asyncapi/specs/bindings/mqtt/0.1.0/message.json';
import server020 from '@asyncapi/specs/bindings/mqtt/0.2.0/server.json';
import operation020 from '@asyncapi/specs/bindings/mqtt/0.2.0/operation.json';
import message020 from '@asyncapi/specs/bindings/mqtt/0.2.0/message.json';
import type { SchemaNode } from './officialSchemas';

type Kind = 'server' | 'operation' | 'message';

const BINDINGS: Record<string, Record<Kind, unknown>> = {
  '0.1.0': { server: server010, operation: operation010, message: message010 },
  '0.2.0': { server: server020, operation: operation020, message: message020 },
};
const LATEST = '0.2.0';

/** The binding kind of a 2.x definition's `bindings` (channels have no mqtt binding fields to add). */
const OWNER_KIND: Record<string, Kind> = {
  'server.json': 'server',
  'operation.json': 'operation',
  'operationTrait.json': 'operation',
  'message.json': 'message',
  'messageTrait.json': 'message',
};
const COMPONENT_KIND: Record<string, Kind> = { serverBindings: 'server', operationBindings: 'operation', messageBindings: 'message' };

/**
 * Adds the mqtt binding schemas to a 2.x schema copy whose ids live under `base` (see schemaFor): their `$ref`s
 * to 3.0.0 definitions (extensions, Schema and Reference objects) go to the version's own.
 */
export function addMqttBindings(copy: SchemaNode, version: string, base: string): void {
  const defs = copy.definitions as Record<string, SchemaNode>;
  const dir = `${base}definitions/${version}/`;
  const bindingsObject = defs[`${dir}bindingsObject.json`];
  if (!bindingsObject) return;
  for (const kinds of Object.values(BINDINGS)) {
    for (const binding of Object.values(kinds)) {
      const text = JSON.stringify(binding)
        .replace(/"http:\/\/asyncapi\.com\/definitions\/3\.0\.0\//g, `"${dir}`)
        .replace(/"http:\/\/asyncapi\.com\/bindings\//g, `"${base}bindings/`);
      const schema = JSON.parse(text) as SchemaNode;
      defs[String(schema.$id)] = schema;
    }
  }
  const perKind = {} as Record<Kind, string>;
  for (const kind of ['server', 'operation', 'message'] as const) {
    const id = `${dir}specsocket-mqtt-${kind}Bindings.json`;
    const props = (bindingsObject.properties ?? {}) as Record<string, unknown>;
    defs[id] = { ...bindingsObject, $id: id, properties: { ...props, mqtt: selector(base, kind) } };
    perKind[kind] = id;
  }
  const ref = `${dir}bindingsObject.json`;
  for (const [name, kind] of Object.entries(OWNER_KIND)) retarget(defs[dir + name], ref, perKind[kind]);
  const components = (defs[`${dir}components.json`]?.properties ?? {}) as Record<string, SchemaNode>;
  for (const [name, kind] of Object.entries(COMPONENT_KIND)) retarget(components[name], ref, perKind[kind]);
}

/** The binding of the `bindingVersion` written, the latest without one; another version is refused by the enum. */
function selector(base: string, kind: Kind): SchemaNode {
  const of = (v: string) => ({ $ref: `${base}bindings/mqtt/${v}/${kind}.json` });
  const versions = Object.keys(BINDINGS);
  return {
    properties: { bindingVersion: { enum: versions } },
    allOf: [
      { description: 'If no bindingVersion specified, use the latest binding', if: { not: { required: ['bindingVersion'] } }, then: of(LATEST) },
      ...versions.map((v) => ({ if: { required: ['bindingVersion'], properties: { bindingVersion: { const: v } } }, then: of(v) })),
    ],
  };
}

/** Points every `$ref` to `from` inside `node` (a definition, not the definitions it refers to) at `to`. */
function retarget(node: unknown, from: string, to: string): void {
  if (!node || typeof node !== 'object') return;
  const o = node as SchemaNode;
  if (o.$ref === from) o.$ref = to;
  for (const [k, x] of Object.entries(o)) if (k !== 'examples' && k !== 'enum' && k !== 'const' && k !== 'default') retarget(x, from, to);
}

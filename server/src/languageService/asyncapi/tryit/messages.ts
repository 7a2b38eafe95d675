/**
 * One message of the model: payload and headers fully dereferenced (JSON Schema the client compiles),
 * examples from the message and from the payload schema, discriminator hints, bindings, where it is written.
 */
import type { JsonSchema, TryItExample, TryItMessage } from '../../../../../common/src/tryItModel';
import { dereference } from '../dereference';
import { boundSchema } from './boundSchema';
import { discriminatorsOf } from './discriminators';
import { child, follow, isObj, locationOf, pathText, str, type BuildContext, type Obj, type SpecNode } from './resolve';
import { schemaSources } from './schemaSources';

/** Schema formats whose schemas are JSON Schema (AsyncAPI schema is a JSON Schema draft-07 superset). */
const JSON_SCHEMA_FORMAT = /^application\/(schema\+json|schema\+yaml|vnd\.aai\.asyncapi(\+json|\+yaml)?|vnd\.oai\.openapi(\+json|\+yaml)?)(;.*)?$/i;

export interface MessageBuildOptions {
  id: string;
  defaultContentType?: string;
  /** 2.x names the payload's `schemaFormat` on the message; 3.x inside the payload (`{schemaFormat, schema}`). */
  major: number;
}

export function buildMessage(bc: BuildContext, node: SpecNode, opts: MessageBuildOptions): TryItMessage {
  const m = withTraits(bc, node);
  const msg: TryItMessage = { id: opts.id, payload: {}, examples: [], discriminators: [] };
  for (const k of ['name', 'title', 'summary', 'description'] as const) {
    const v = str(m[k]);
    if (v !== undefined) (msg as unknown as Obj)[k] = v;
  }
  const contentType = str(m.contentType) ?? opts.defaultContentType;
  if (contentType) msg.contentType = contentType;

  const payloadNode = schemaNode(bc, child(node, 'payload'), opts.major >= 3 ? undefined : str(m.schemaFormat), msg.id);
  if (payloadNode) {
    msg.payload = deref(bc, payloadNode);
    msg.schemaLocations = schemaSources(bc, payloadNode);
  }
  // Headers may come from a trait; those are read relative to the message's file.
  const own = isObj(node.value) && 'headers' in node.value;
  const headersNode = schemaNode(bc, own ? child(node, 'headers') : { value: m.headers, uri: node.uri, path: [...node.path, 'headers'] }, undefined, msg.id);
  if (headersNode) msg.headers = deref(bc, headersNode);

  msg.examples = examples(bc, node, m, msg.payload);
  msg.discriminators = discriminatorsOf(msg.payload);
  if (isObj(m.bindings)) msg.bindings = deref(bc, { value: m.bindings, uri: node.uri, path: [...node.path, 'bindings'] }) as Record<string, unknown>;
  const correlation = deref(bc, { value: m.correlationId, uri: node.uri, path: [...node.path, 'correlationId'] });
  if (isObj(correlation) && typeof correlation.location === 'string') msg.correlationId = { location: correlation.location };
  const ack = isObj(m['x-ack']) ? (m['x-ack'] as Obj).args : undefined;
  if (ack !== undefined) msg.ack = deref(bc, { value: ack, uri: node.uri, path: [...node.path, 'x-ack', 'args'] });
  const loc = locationOf(bc, node);
  if (loc) msg.location = loc;
  return msg;
}

/** Message traits add fields the message does not set itself (both versions: the message wins). */
function withTraits(bc: BuildContext, node: SpecNode): Obj {
  const m = isObj(node.value) ? node.value : {};
  const traits = child(node, 'traits');
  if (!Array.isArray(traits.value) || traits.value.length === 0) return m;
  const merged: Obj = {};
  traits.value.forEach((_, i) => {
    const t = follow(bc, child(traits, i));
    if (t && isObj(t.value)) Object.assign(merged, t.value);
  });
  return { ...merged, ...m };
}

/** The JSON Schema of a payload/headers node: unwraps 3.x `{schemaFormat, schema}`; other formats become `{}`. */
function schemaNode(bc: BuildContext, node: SpecNode, format: string | undefined, id: string): SpecNode | undefined {
  if (node.value === undefined) return undefined;
  let n = node;
  let f = format;
  const v = node.value;
  if (isObj(v) && typeof v.schemaFormat === 'string' && 'schema' in v) {
    f = v.schemaFormat;
    n = child(node, 'schema');
  }
  if (f && !JSON_SCHEMA_FORMAT.test(f)) {
    bc.problems.push(`Message "${id}": payload schema format ${f} is not JSON Schema; the panel cannot validate or generate it.`);
    return undefined;
  }
  return n;
}

function deref(bc: BuildContext, node: SpecNode): JsonSchema {
  const r = dereference(bc.store, node.uri, node.value, bc.derefMemo);
  for (const u of r.unresolved) bc.problems.push(`Cannot resolve ${u} (in ${pathText(node.path)}).`);
  for (const f of r.files) bc.files.add(f);
  const bounded = boundSchema(r.value);
  if (bounded.truncated) bc.truncated.push(pathText(node.path));
  return (isObj(bounded.value) || typeof bounded.value === 'boolean' ? bounded.value : {}) as JsonSchema;
}

/** Message examples (2.x and 3.x share the shape), then payload-schema `examples`/`example`. */
function examples(bc: BuildContext, node: SpecNode, m: Obj, payload: JsonSchema): TryItExample[] {
  const out: TryItExample[] = [];
  if (Array.isArray(m.examples)) {
    m.examples.forEach((ex, i) => {
      const e = follow(bc, { value: ex, uri: node.uri, path: [...node.path, 'examples', i] });
      if (!e || !isObj(e.value)) return;
      const x = e.value;
      if (!('payload' in x) && !('headers' in x)) return;
      const item: TryItExample = { payload: x.payload };
      if (str(x.name)) item.name = str(x.name);
      if (str(x.summary)) item.summary = str(x.summary);
      if (x.headers !== undefined) item.headers = x.headers;
      out.push(item);
    });
  }
  if (isObj(payload)) {
    if (Array.isArray(payload.examples)) for (const p of payload.examples) out.push({ payload: p, summary: 'payload schema example' });
    else if ('example' in payload) out.push({ payload: payload.example, summary: 'payload schema example' });
  }
  return out;
}

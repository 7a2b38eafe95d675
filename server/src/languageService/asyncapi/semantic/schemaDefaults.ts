/**
 * 2.x: a schema's `default` and `examples` must be valid against the schema itself (the parser's
 * asyncapi2-schema-default / asyncapi2-schema-examples), at the places the parser looks: component schemas,
 * message and trait payloads (JSON Schema ones), channel and component parameter schemas. As in the parser,
 * string values are not reported.
 */
import { dereference } from '../dereference';
import { pointerToPath } from '../../core/refs';
import type { JsonPath } from '../../core/yamlAst';
import { isObj, type Obj, type SemanticContext } from './semanticContext';
import { exampleBranch, validate } from './exampleValidator';
import { narrowErrors } from '../schemaErrors';
import { eachObj } from './walk';

export function checkSchemaDefaults(sc: SemanticContext): void {
  if (sc.major !== 2) return;
  for (const [path, schema] of schemaLocations(sc)) checkSchema(sc, path, schema);
}

function schemaLocations(sc: SemanticContext): [JsonPath, Obj][] {
  const out: [JsonPath, Obj][] = [];
  const add = (path: JsonPath, s: unknown) => {
    if (isObj(s) && typeof s.$ref !== 'string' && ('default' in s || Array.isArray(s.examples))) out.push([path, s]);
  };
  const payloadOf = (path: JsonPath, m: Obj) => {
    if (m.schemaFormat === undefined && typeof m.$ref !== 'string') add([...path, 'payload'], m.payload);
  };
  const channels = (base: JsonPath, map: unknown) =>
    eachObj(map, (name, ch) => {
      eachObj(ch.parameters, (p, param) => add([...base, name, 'parameters', p, 'schema'], param.schema));
      for (const kind of ['publish', 'subscribe'])
        if (isObj(ch[kind]) && isObj((ch[kind] as Obj).message)) payloadOf([...base, name, kind, 'message'], (ch[kind] as Obj).message as Obj);
    });
  channels(['channels'], sc.root.channels);
  const c = isObj(sc.root.components) ? sc.root.components : {};
  channels(['components', 'channels'], c.channels);
  eachObj(c.schemas, (n, s) => add(['components', 'schemas', n], s));
  eachObj(c.parameters, (n, p) => add(['components', 'parameters', n, 'schema'], p.schema));
  eachObj(c.messages, (n, m) => payloadOf(['components', 'messages', n], m));
  eachObj(c.messageTraits, (n, t) => payloadOf(['components', 'messageTraits', n], t));
  return out;
}

function checkSchema(sc: SemanticContext, path: JsonPath, schema: Obj): void {
  const d = dereference(sc.feature.store, sc.feature.doc.uri, schema);
  for (const f of d.files) sc.feature.dependsOn.add(f);
  const items: [JsonPath, unknown, string][] = [];
  if ('default' in schema) items.push([['default'], schema.default, 'asyncapi2-schema-default']);
  if (Array.isArray(schema.examples)) schema.examples.forEach((x, i) => items.push([['examples', i], x, 'asyncapi2-schema-examples']));
  for (const [sub, value, code] of items) {
    if (typeof value === 'string') continue;
    for (const e of narrowErrors(validate(d.value, value), exampleBranch).slice(0, 20)) {
      const what = sub[0] === 'default' ? 'Default' : 'Example';
      sc.report(
        [...path, ...sub, ...pointerToPath(e.instancePath)],
        code,
        `${what} is not valid against its schema: ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}.`,
      );
    }
  }
}

/**
 * Message examples validated against the message's payload and headers schemas: the parser's
 * asyncapi2-message-examples for 2.x, and the same check for 3.x (`asyncapi3-message-examples`, ours; the
 * parser has none, so they are warnings). Payloads are dereferenced first (local and file refs). Each error lands on the example
 * value node that is wrong.
 */
import { dereference, sameTargets, type DereferenceResult } from '../dereference';
import { pointerToPath } from '../../core/refs';
import { Severity } from '../../core/types';
import type { JsonPath } from '../../core/yamlAst';
import { isObj, type Obj, type SemanticContext } from './semanticContext';
import { exampleBranch, validate } from './exampleValidator';
import { narrowErrors } from '../schemaErrors';
import { eachObj } from './walk';

const MAX_ERRORS_PER_EXAMPLE = 20;
const JSON_SCHEMA_FORMAT = /^application\/(vnd\.aai\.asyncapi(\+json|\+yaml)?(;version=[\d.]+)?|schema\+(json|yaml);version=draft-07)$/;

export function* checkMessageExamples(sc: SemanticContext): Generator<void, void, void> {
  // Many messages share a payload written as the same `$ref`: dereference each distinct one once per pass.
  const derefs = new Map<string, unknown>();
  for (const [path, message] of messageLocations(sc)) {
    if (!Array.isArray(message.examples)) continue;
    // A step per message: cold, each may compile its payload's validator (a few ms).
    checkMessage(sc, path, message, derefs);
    yield;
  }
}

/** Every message and message trait written in this document, where it is written (refs are not followed). */
function messageLocations(sc: SemanticContext): [JsonPath, Obj][] {
  const out: [JsonPath, Obj][] = [];
  const add = (path: JsonPath, m: unknown) => {
    if (!isObj(m) || typeof m.$ref === 'string') return;
    out.push([path, m]);
    if (Array.isArray(m.traits)) m.traits.forEach((t, i) => isObj(t) && typeof t.$ref !== 'string' && out.push([[...path, 'traits', i], t]));
  };
  const components = isObj(sc.root.components) ? sc.root.components : {};
  eachObj(components.messages, (n, m) => add(['components', 'messages', n], m));
  eachObj(components.messageTraits, (n, t) => out.push([['components', 'messageTraits', n], t]));
  const channels = (base: JsonPath, map: unknown) =>
    eachObj(map, (name, ch) => {
      if (sc.major === 3) return eachObj(ch.messages, (n, m) => add([...base, name, 'messages', n], m));
      for (const kind of ['publish', 'subscribe']) {
        const op = ch[kind];
        if (!isObj(op) || !isObj(op.message) || typeof op.message.$ref === 'string') continue;
        const mp = [...base, name, kind, 'message'];
        if (Array.isArray(op.message.oneOf)) op.message.oneOf.forEach((m, i) => add([...mp, 'oneOf', i], m));
        else add(mp, op.message);
      }
    });
  channels(['channels'], sc.root.channels);
  channels(['components', 'channels'], components.channels);
  return out.filter(([, m]) => sc.major === 3 || m.schemaFormat === undefined);
}

function checkMessage(sc: SemanticContext, path: JsonPath, message: Obj, derefs: Map<string, unknown>): void {
  const payload = schemaOf(sc, message.payload, 'payload', derefs);
  const headers = schemaOf(sc, message.headers, 'headers', derefs);
  (message.examples as unknown[]).forEach((example, i) => {
    if (!isObj(example)) return;
    for (const [part, schema] of [
      ['payload', payload],
      ['headers', headers],
    ] as const) {
      if (example[part] === undefined || schema === undefined) continue;
      // A failed oneOf is reported as the best branch's errors, each on its own value (narrowErrors).
      const errors = narrowErrors(validate(schema, example[part]), exampleBranch).slice(0, MAX_ERRORS_PER_EXAMPLE);
      for (const e of errors) {
        const at: JsonPath = [...path, 'examples', i, part, ...pointerToPath(e.instancePath)];
        const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
        const where = e.instancePath || '(root)';
        sc.report(
          extra !== undefined ? [...at, extra] : at,
          sc.major === 2 ? 'asyncapi2-message-examples' : 'asyncapi3-message-examples',
          `Example ${part} does not match the message's ${part} schema: ${where} ${e.message ?? 'is invalid'}${extra ? ` ("${extra}")` : ''}.`,
          {
            onKey: extra !== undefined,
            // The parser checks 2.x examples (error); for 3.x this check is ours, so it warns.
            severity: sc.major === 2 ? Severity.Error : Severity.Warning,
          },
        );
      }
    }
  });
}

/**
 * The JSON Schema to check against, dereferenced; undefined when it is written in another format (Avro,
 * RAML, ...). Missing schemas behave as in the parser: anything for a payload, an object for headers.
 */
function schemaOf(sc: SemanticContext, schema: unknown, part: 'payload' | 'headers', derefs: Map<string, unknown>): unknown {
  if (schema === undefined || schema === null) return part === 'headers' ? { type: 'object' } : {};
  if (sc.major === 3 && isObj(schema) && 'schemaFormat' in schema && 'schema' in schema) {
    if (typeof schema.schemaFormat !== 'string' || !JSON_SCHEMA_FORMAT.test(schema.schemaFormat)) return undefined;
    schema = schema.schema;
  }
  const key = isObj(schema) && typeof schema.$ref === 'string' && Object.keys(schema).length === 1 ? schema.$ref : undefined;
  if (key !== undefined && derefs.has(key)) return derefs.get(key);
  const d = dereferenced(sc, schema);
  for (const f of d.files) sc.feature.dependsOn.add(f);
  if (key !== undefined) derefs.set(key, d.value);
  return d.value;
}

/**
 * Dereferenced schemas kept across versions by the schema object as written: an edit patches the plain value
 * copy-on-path, so a message it did not touch keeps its payload object, and as long as every reference the
 * expansion followed finds the same value, the expansion is the same. Reusing it (the same object) also lets
 * the example validator's per-schema digest (exampleValidator.ts, a WeakMap) hit, instead of copying and
 * serializing every payload again: this check allocated ~10 MB per pass at 10k lines (docs/performance.md,
 * "Requests during the slow pass, and the CLI's start").
 */
const derefCache = new WeakMap<object, DereferenceResult>();

function dereferenced(sc: SemanticContext, schema: unknown): DereferenceResult {
  const { store, doc } = sc.feature;
  if (schema === null || typeof schema !== 'object') return dereference(store, doc.uri, schema);
  const known = derefCache.get(schema);
  if (known && sameTargets(store, known.targets)) return known;
  const d = dereference(store, doc.uri, schema);
  derefCache.set(schema, d);
  return d;
}

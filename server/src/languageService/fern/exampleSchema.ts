/** The body type of an example message as JSON Schema, followed down to a path inside the body (completion, hover). */
import type { JsonSchema } from '../../../../common/src/tryItModel';
import type { FeatureContext } from '../core/featureContext';
import type { JsonPath } from '../core/yamlAst';
import { bodySchema } from './exampleChecks';
import { fernFile } from './fileModel';
import { fernFolder } from './folder';
import { FernSchemaConverter } from './jsonSchema';

export interface BodyPath {
  example: number;
  message: number;
  rest: JsonPath;
}

export function exampleBodyPath(path: JsonPath): BodyPath | undefined {
  if (path.length < 6 || path[0] !== 'channel' || path[1] !== 'examples' || path[3] !== 'messages' || path[5] !== 'body') return undefined;
  return { example: Number(path[2]), message: Number(path[4]), rest: path.slice(6) };
}

/** The schema of the value at `rest` inside the example body of message `message` of example `example`. */
export function bodySchemaAt(ctx: FeatureContext, at: BodyPath): Record<string, unknown>[] {
  const v = ctx.doc.value as { channel?: { examples?: { messages?: { type?: unknown }[] }[] } } | undefined;
  const type = v?.channel?.examples?.[at.example]?.messages?.[at.message]?.type;
  const file = fernFile(ctx.doc);
  const msg = file.channel?.messages.find((m) => m.id === type);
  if (!msg) return [];
  let schemas = [bodySchema(new FernSchemaConverter(fernFolder(ctx), 'present'), msg, file)];
  for (const seg of at.rest) schemas = schemas.flatMap((s) => branches(s)).flatMap((s) => child(s, seg));
  return schemas.flatMap((s) => branches(s));
}

function branches(s: JsonSchema): Record<string, unknown>[] {
  if (typeof s !== 'object') return [];
  const alts = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  return alts ? alts.flatMap(branches) : [s];
}

function child(s: Record<string, unknown>, seg: string | number): JsonSchema[] {
  if (typeof seg === 'number') return s.items ? [s.items as JsonSchema] : [];
  const props = s.properties as Record<string, JsonSchema> | undefined;
  if (props?.[seg]) return [props[seg]];
  return typeof s.additionalProperties === 'object' ? [s.additionalProperties as JsonSchema] : [];
}

/** The declared schema of the property named by the last segment of `at.rest` (with its `x-fern-type`). */
export function propertySchemaAt(ctx: FeatureContext, at: BodyPath): Record<string, unknown> | undefined {
  const name = at.rest[at.rest.length - 1];
  if (typeof name !== 'string') return undefined;
  for (const parent of bodySchemaAt(ctx, { ...at, rest: at.rest.slice(0, -1) })) {
    const p = (parent.properties as Record<string, Record<string, unknown>> | undefined)?.[name];
    if (p) return p;
  }
  return undefined;
}

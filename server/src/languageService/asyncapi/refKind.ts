/**
 * Which component kinds a `$ref` may point at from a place, read from the official schema: the definition the
 * schema applies where the `$ref` stands (besides the Reference object) is the definition of one component kind
 * (`message.json` is what `components.messages.*` holds). Hand-kept key lists drift between versions; the schema
 * is what the validator will judge the target by.
 */
import { isReferenceSchema, valueSchemasAtPath } from './schemaAtPath';
import { isSupportedVersion } from './officialSchemas';
import { validateValue } from './schemas';
import type { SpecDocument } from '../core/specDocument';
import type { JsonPath } from '../core/yamlAst';

/** The component groups of every version (a version's schema decides which of them exist). */
const KINDS = [
  'schemas',
  'servers',
  'channels',
  'operations',
  'serverVariables',
  'messages',
  'securitySchemes',
  'parameters',
  'correlationIds',
  'replies',
  'replyAddresses',
  'externalDocs',
  'tags',
  'operationTraits',
  'messageTraits',
  'serverBindings',
  'channelBindings',
  'operationBindings',
  'messageBindings',
];

const kindIdsByVersion = new Map<string, Map<string, string>>();

/** Each component kind's own definition id (the first one its schema applies), per version. */
function kindIds(version: string): Map<string, string> {
  let m = kindIdsByVersion.get(version);
  if (m) return m;
  m = new Map();
  for (const kind of KINDS) {
    const id = definitionIds(version, { components: { [kind]: { x: {} } } }, ['components', kind, 'x'])[0];
    if (id) m.set(kind, id);
  }
  kindIdsByVersion.set(version, m);
  return m;
}

/** The ids of the definitions the schema applies at `path`, the Reference object left out. */
function definitionIds(version: string, root: unknown, path: JsonPath): string[] {
  return valueSchemasAtPath(version, root, path)
    .filter((a) => !isReferenceSchema(a.node) && typeof a.node.$id === 'string')
    .map((a) => String(a.node.$id).replace(/#$/, ''));
}

/**
 * The component kinds a `$ref` held at `holder` may target, or undefined when the schema does not say (a fragment
 * file, an unsupported version, a place the schema leaves open). Several when kinds share a definition (2.x
 * bindings); `hint` (the kind the surrounding keys name) then picks among them.
 */
export function refKinds(doc: SpecDocument, holder: JsonPath, hint?: string): string[] | undefined {
  const version = doc.topLevelScalar('asyncapi');
  if (!isSupportedVersion(version)) return undefined;
  const root = doc.valueError ? undefined : doc.value;
  const here = new Set(definitionIds(version, root, holder));
  const kinds = [...kindIds(version)].filter(([, id]) => here.has(id)).map(([kind]) => kind);
  if (!kinds.length) return undefined;
  if (kinds.length === 1) return kinds;
  const owner = bindingsOwner(version, root, holder);
  if (owner && kinds.includes(owner)) return [owner];
  return hint && kinds.includes(hint) ? [hint] : kinds;
}

/**
 * 2.x bindings objects share one definition: which kind a place takes is named by the object that holds
 * them (a server's bindings are serverBindings).
 */
function bindingsOwner(version: string, root: unknown, holder: JsonPath): string | undefined {
  if (holder[holder.length - 1] !== 'bindings') return undefined;
  for (const id of definitionIds(version, root, holder.slice(0, -1))) {
    const m = /\/(server|channel|operation|message)(?:Item)?\.json$/.exec(id);
    if (m) return `${m[1]}Bindings`;
  }
  return undefined;
}

/**
 * Whether a fragment file's value (which names no kind of its own) is valid as a component of one of `kinds`
 * in the document's version. True when it cannot be judged.
 */
export function fitsKinds(doc: SpecDocument, kinds: string[], value: unknown): boolean {
  const version = doc.topLevelScalar('asyncapi');
  if (!isSupportedVersion(version)) return true;
  // Placed as a component of that kind, the value is judged by the definition the schema applies there.
  return kinds.some((k) => {
    const errors = validateValue(version, { asyncapi: version, components: { [k]: { x: value } } });
    return !errors.some((e) => e.instancePath === `/components/${k}/x` || e.instancePath.startsWith(`/components/${k}/x/`));
  });
}

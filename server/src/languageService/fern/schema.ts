/**
 * The shape of Fern definition files, as the Fern CLI (fern-api 5.131, its zod-like schemas) accepts them:
 * which keys each object allows, which are required and what kind of value each takes. Used for structure
 * diagnostics and key completion. Kept as data so both features read the same truth.
 */

export type Shape =
  | { t: 'string' }
  | { t: 'boolean' }
  | { t: 'number' }
  | { t: 'any' }
  /** A Fern type reference string. */
  | { t: 'typeRef' }
  | { t: 'enum'; values: string[] }
  | { t: 'object'; name: string; props: Record<string, Shape>; required?: string[] }
  | { t: 'map'; values: Shape }
  | { t: 'list'; items: Shape }
  /** A string (usually a type reference) or the detailed object. */
  | { t: 'stringOr'; string: Shape; object: Shape }
  /** A string or a list of strings (extends). */
  | { t: 'stringOrList' }
  /** Message bodies: a type reference, `{type, docs}` or the inlined `{name, extends, properties}`. */
  | { t: 'body' }
  /** Endpoint request bodies: a type reference, `{type, optional, docs}` or the inlined `{properties, extends, …}`. */
  | { t: 'requestBody' }
  /** A union's members: a list when undiscriminated (`discriminated: false`), else a mapping of discriminant values. */
  | { t: 'union'; list: Shape; map: Shape };

const str: Shape = { t: 'string' };
const bool: Shape = { t: 'boolean' };
const any: Shape = { t: 'any' };
const typeRef: Shape = { t: 'typeRef' };
const strings: Shape = { t: 'list', items: str };

const declaration = { docs: str, availability: any, audiences: strings };

const typeRefDetail = (name: string, extra: Record<string, Shape> = {}): Shape => ({
  t: 'stringOr',
  string: typeRef,
  object: {
    t: 'object',
    name,
    required: ['type'],
    props: { type: typeRef, name: str, ...declaration, default: any, 'client-default': any, encoding: any, validation: any, ...extra },
  },
});

export const propertyShape = typeRefDetail('property', { access: any });
export const headerShape = typeRefDetail('header', { env: str });
export const pathParameterShape = typeRefDetail('path parameter');
export const queryParameterShape = typeRefDetail('query parameter', { 'allow-multiple': bool, explode: bool });

const typeCommon = { ...declaration, examples: any, encoding: any, source: any, inline: bool, 'display-name': str };

/**
 * Union members, from fern-api 5.131.1's SingleUndiscriminatedUnionTypeDetailedSchema (`{type, docs,
 * display-name, validation}`, `type` required) and SingleUnionTypeDetailedSchema (`{type, key, name, docs,
 * display-name, availability, validation}`, nothing required); both also take a bare type reference.
 */
const unionShape: Shape = {
  t: 'union',
  list: {
    t: 'list',
    items: {
      t: 'stringOr',
      string: typeRef,
      object: { t: 'object', name: 'union member', required: ['type'], props: { type: typeRef, docs: str, 'display-name': str, validation: any } },
    },
  },
  map: {
    t: 'map',
    values: {
      t: 'stringOr',
      string: typeRef,
      object: {
        t: 'object',
        name: 'union variant',
        props: { type: typeRef, key: any, name: str, docs: str, 'display-name': str, availability: any, validation: any },
      },
    },
  },
};

/** Every key any kind of type declaration allows (the kind is decided by which keys are present). */
export const typeDeclarationShape: Shape = {
  t: 'stringOr',
  string: typeRef,
  object: {
    t: 'object',
    name: 'type declaration',
    props: {
      ...typeCommon,
      type: typeRef,
      validation: any,
      extends: { t: 'stringOrList' },
      properties: { t: 'map', values: propertyShape },
      'extra-properties': bool,
      enum: { t: 'list', items: any },
      default: any,
      'forward-compatible': bool,
      union: unionShape,
      discriminant: any,
      discriminated: bool,
      'base-properties': { t: 'map', values: propertyShape },
      'default-variant': str,
    },
  },
};

export const inlinedBodyShape: Shape = {
  t: 'object',
  name: 'inlined message body',
  required: ['name'],
  props: { name: str, extends: { t: 'stringOrList' }, properties: { t: 'map', values: propertyShape }, docs: str, 'extra-properties': bool },
};
export const referencedBodyShape: Shape = { t: 'object', name: 'message body', required: ['type'], props: { type: typeRef, docs: str } };

export const messageShape: Shape = {
  t: 'object',
  name: 'message',
  required: ['origin', 'body'],
  props: { origin: { t: 'enum', values: ['client', 'server'] }, body: { t: 'body' }, ...declaration, 'display-name': str, 'method-name': str },
};

export const exampleMessageShape: Shape = { t: 'object', name: 'example message', required: ['type', 'body'], props: { type: str, body: any } };

export const exampleSessionShape: Shape = {
  t: 'object',
  name: 'example',
  required: ['messages'],
  props: {
    name: str,
    docs: str,
    'path-parameters': { t: 'map', values: any },
    'query-parameters': { t: 'map', values: any },
    headers: { t: 'map', values: any },
    messages: { t: 'list', items: exampleMessageShape },
  },
};

/**
 * `auth-message` (fern-api/fern WebSocketAuthMessageSchema, newer than fern-api 5.131's schema, whose `fern check`
 * still rejects the key): the client message an SDK sends first, with the token at a property path of its body.
 */
export const authMessageShape: Shape = {
  t: 'object',
  name: 'auth message',
  required: ['message-id', 'token-property-path'],
  props: { 'message-id': str, 'token-property-path': str },
};

export const channelShape: Shape = {
  t: 'object',
  name: 'channel',
  required: ['auth', 'path'],
  props: {
    auth: bool,
    path: str,
    url: str,
    'connect-method-name': str,
    'display-name': str,
    ...declaration,
    'auth-message': authMessageShape,
    headers: { t: 'map', values: headerShape },
    'path-parameters': { t: 'map', values: pathParameterShape },
    'query-parameters': { t: 'map', values: queryParameterShape },
    messages: { t: 'map', values: messageShape },
    examples: { t: 'list', items: exampleSessionShape },
  },
};

/**
 * `service:` and its endpoints, from fern-api 5.131.1's bundled schemas (HttpServiceSchema, HttpEndpointSchema,
 * HttpRequestSchema, HttpInlineRequestBodySchema, HttpInlineRequestBodyPropertySchema, HttpResponseSchema).
 * Values whose schema we do not check closely stay `any`, so an unusual but valid value is never an error.
 */
const inlinedRequestPropertyShape = typeRefDetail('inlined request body property', { style: any, 'content-type': str });

export const inlinedRequestBodyShape: Shape = {
  t: 'object',
  name: 'inlined request body',
  props: { extends: { t: 'stringOrList' }, 'extra-properties': bool, properties: { t: 'map', values: inlinedRequestPropertyShape }, optional: bool },
};
export const referencedRequestBodyShape: Shape = { t: 'object', name: 'request body', required: ['type'], props: { type: typeRef, optional: bool, docs: str } };

const requestShape: Shape = {
  t: 'object',
  name: 'request',
  props: {
    name: str,
    docs: str,
    'content-type': str,
    'path-parameters': { t: 'map', values: any },
    'query-parameters': { t: 'map', values: queryParameterShape },
    headers: { t: 'map', values: headerShape },
    body: { t: 'requestBody' },
  },
};

const responseShape: Shape = {
  t: 'object',
  name: 'response',
  props: { type: typeRef, property: str, 'status-code': { t: 'number' }, 'content-type': str, docs: str },
};
const responseStreamShape: Shape = {
  t: 'object',
  name: 'response stream',
  required: ['type'],
  props: { type: typeRef, format: any, terminator: str, resumable: bool, docs: str },
};

const endpointShape: Shape = {
  t: 'object',
  name: 'endpoint',
  required: ['path'],
  props: {
    ...declaration,
    'display-name': str,
    method: str,
    'base-path': str,
    path: str,
    url: str,
    'path-parameters': { t: 'map', values: any },
    auth: any,
    idempotent: bool,
    subtitle: str,
    'stream-condition': str,
    request: { t: 'stringOr', string: typeRef, object: requestShape },
    response: { t: 'stringOr', string: typeRef, object: responseShape },
    'response-stream': { t: 'stringOr', string: typeRef, object: responseStreamShape },
    errors: any,
    examples: any,
    pagination: any,
    transport: any,
    source: any,
    retries: any,
    'global-parameters': strings,
  },
};

export const serviceShape: Shape = {
  t: 'object',
  name: 'service',
  required: ['base-path', 'endpoints'],
  props: {
    ...declaration,
    'display-name': str,
    auth: bool,
    url: str,
    'base-path': str,
    'path-parameters': { t: 'map', values: pathParameterShape },
    idempotent: bool,
    headers: { t: 'map', values: headerShape },
    transport: any,
    source: any,
    endpoints: { t: 'map', values: endpointShape },
  },
};

export const definitionFileShape: Shape = {
  t: 'object',
  name: 'definition file',
  props: {
    docs: str,
    imports: { t: 'map', values: str },
    types: { t: 'map', values: typeDeclarationShape },
    service: serviceShape,
    errors: any,
    webhooks: any,
    'webhook-signature': any,
    channel: channelShape,
  },
};

export const apiFileShape: Shape = {
  t: 'object',
  name: 'api.yml',
  required: ['name'],
  props: {
    name: str,
    'display-name': str,
    docs: str,
    imports: { t: 'map', values: str },
    auth: any,
    'auth-schemes': { t: 'map', values: any },
    environments: { t: 'map', values: any },
    'default-environment': str,
    'default-url': str,
    'base-url-env': str,
    headers: { t: 'map', values: headerShape },
    'error-discrimination': any,
    audiences: strings,
    errors: strings,
    'base-path': str,
    'path-parameters': { t: 'map', values: pathParameterShape },
    'idempotency-headers': any,
    variables: any,
    'global-parameters': any,
    pagination: any,
    product: any,
    version: any,
  },
};

/** `__package__.yml` files may also carry navigation and exports. */
export const packageFileShape: Shape = {
  t: 'object',
  name: '__package__.yml',
  props: { ...(definitionFileShape as { props: Record<string, Shape> }).props, navigation: any, export: any },
};

export function isApiFile(uri: string): boolean {
  return /\/api\.ya?ml$/i.test(uri);
}

export function rootShapeFor(uri: string): Shape {
  if (isApiFile(uri)) return apiFileShape;
  if (/\/__package__\.ya?ml$/i.test(uri)) return packageFileShape;
  return definitionFileShape;
}

/**
 * The Try it model for a Fern channel file: servers from api.yml environments (the channel's `url` name, else
 * every environment, the default first), the path with its parameters, query parameters and headers with
 * their types, auth from api.yml, client-origin messages as sendable and server-origin ones as receivable,
 * payloads as JSON Schema and the channel's example sessions as message examples.
 *
 * Auth fallbacks (a scheme's `fallbacks`), for clients that cannot send handshake headers; only schemes that carry
 * a token (bearer, OAuth, header) get them:
 * - query: a channel query parameter of a string type whose name, compared lower-case without `-` and `_`, is
 *   `access_token`, `token`, `auth_token` or `api_key`, or the scheme's own names: its header (`X-API-Key`, also
 *   without the `X-`) or its SDK parameter name (`token.name` / `name`). Fern has no key for this: real channels
 *   (Hume's `access_token`/`api_key`) declare the parameter beside a header scheme.
 * - subprotocol: a header scheme whose header is `Sec-WebSocket-Protocol`; `prefix: "token, "` puts a `token`
 *   protocol before the key, as such a header value would.
 * - authMessage: the channel's `auth-message`, when its message is a client message and its path resolves.
 */
import type {
  SpecLocation,
  TryItAuthFallback,
  TryItChannel,
  TryItChannelExample,
  TryItExample,
  TryItMessage,
  TryItModel,
  TryItOperation,
  TryItParameter,
  TryItSecurityScheme,
  TryItServer,
} from '../../../../common/src/tryItModel';
import type { FeatureContext } from '../core/featureContext';
import type { LanguageFeatures } from '../core/features';
import type { SpecDocument } from '../core/specDocument';
import type { Span } from '../core/types';
import { discriminatorsOf } from '../asyncapi/tryit/discriminators';
import type { FernApi, FernAuthScheme } from './apiModel';
import { checkAuthMessage } from './authMessage';
import { bodySchema } from './exampleChecks';
import { fernFile, type FernFile, type FernMessage, type FernProperty } from './fileModel';
import { fernFolder, fileAt, type FernFolder } from './folder';
import { FernSchemaConverter } from './jsonSchema';

export const fernTryIt: LanguageFeatures = {
  tryItModel(ctx) {
    const file = fernFile(ctx.doc);
    if (!file.channel) return undefined;
    return buildFernModel(fernFolder(ctx), file, ctx);
  },
};

export function buildFernModel(folder: FernFolder, file: FernFile, ctx?: FeatureContext): TryItModel {
  const ch = file.channel!;
  const api = folder.api;
  const conv = new FernSchemaConverter(folder, 'present');
  const problems: string[] = [];
  const id = file.uri.slice(file.uri.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
  const given = sessionParameters(file.doc);
  const param = (p: FernProperty, owner: FernFile, requiredByPath = false, where = 'query-parameters') => {
    const out = parameter(conv, p, owner, requiredByPath);
    const values = given.get(where)?.get(p.name);
    if (values?.length) out.examples = values;
    return out;
  };
  const apiFile = api ? fileAt(folder, api.uri) : undefined;
  const examples = sessionExamples(file.doc);
  const query = ch.queryParameters.map((p) => param(p, file));
  const authMessage = ch.auth ? usableAuthMessage(folder, file, conv, problems) : undefined;
  const security = ch.auth ? securityOf(api, problems, (s) => fallbacksFor(s, query, authMessage)) : [];
  const servers = serversOf(api, ch.url?.text, security, problems);
  const channel: TryItChannel = {
    id,
    address: ch.path?.text ?? null,
    title: ch.displayName,
    description: ch.docs,
    parameters: ch.pathParameters.map((p) => param(p, file, true, 'path-parameters')),
    query,
    headers: [
      ...ch.headers.map((p) => param(p, file, false, 'headers')),
      ...(api && apiFile ? api.headers.map((p) => param(p, apiFile, false, 'headers')) : []),
    ],
    servers: servers.map((s) => s.name),
    operations: ch.messages.map((m) => operation(conv, file, m, examples.get(m.id) ?? [])),
    location: locate(file.doc, ch.keySpan),
  };
  const units = channelExamples(file.doc);
  if (units.length) channel.examples = units;
  if (ctx) ctx.dependsOn.add(folder.apiUri);
  return {
    uri: file.uri,
    kind: 'fern',
    version: 'fern',
    title: api?.name,
    describesServer: true,
    servers,
    channels: [channel],
    problems,
  };
}

function parameter(conv: FernSchemaConverter, p: FernProperty, owner: FernFile, requiredByPath: boolean): TryItParameter {
  const ref = p.type?.parsed.ref;
  const optional = ref?.kind === 'container' && (ref.name === 'optional' || ref.name === 'nullable');
  const schema = conv.at(p.type, owner);
  // An optional parameter is simply left out: show the inner type, not "T or null".
  const inner = optional && ref?.kind === 'container' ? conv.ref(ref.args[0], owner) : schema;
  const out: TryItParameter = { name: p.name, schema: inner, required: requiredByPath || !optional };
  if (p.docs) out.description = p.docs;
  return out;
}

function operation(conv: FernSchemaConverter, file: FernFile, m: FernMessage, examples: TryItExample[]): TryItOperation {
  const payload = bodySchema(conv, m, file);
  const message: TryItMessage = {
    id: m.id,
    name: m.id,
    payload,
    contentType: 'application/json',
    examples,
    discriminators: discriminatorsOf(payload),
    location: locate(file.doc, m.keySpan),
  };
  if (m.displayName) message.title = m.displayName;
  if (m.docs) message.summary = m.docs;
  const fromClient = m.origin === 'client';
  return {
    id: m.id,
    rawAction: fromClient ? 'client' : 'server',
    clientDirection: fromClient ? 'send' : 'receive',
    summary: m.docs ?? m.displayName,
    messages: [message],
    location: locate(file.doc, m.keySpan),
  };
}

function sessionsOf(doc: SpecDocument): Record<string, unknown>[] {
  const value = doc.value as { channel?: { examples?: unknown } } | undefined;
  return Array.isArray(value?.channel?.examples) ? (value!.channel!.examples as Record<string, unknown>[]) : [];
}

function sessionName(s: Record<string, unknown> | undefined, i: number): string {
  return typeof s?.name === 'string' ? s.name : `Example ${i + 1}`;
}

/** Each example session as one unit: its name and the values it gives the connection (messages refer to it by index). */
function channelExamples(doc: SpecDocument): TryItChannelExample[] {
  return sessionsOf(doc).map((s, i) => {
    const values = (where: string): Record<string, string> => {
      const given = s?.[where];
      if (!given || typeof given !== 'object' || Array.isArray(given)) return {};
      return Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    };
    const unit: TryItChannelExample = {
      name: sessionName(s, i),
      parameters: values('path-parameters'),
      query: values('query-parameters'),
      headers: values('headers'),
    };
    if (typeof s?.docs === 'string') unit.summary = s.docs;
    return unit;
  });
}

/** Example sessions, split per message id (each occurrence of a message in a session is one example). */
function sessionExamples(doc: SpecDocument): Map<string, TryItExample[]> {
  const out = new Map<string, TryItExample[]>();
  sessionsOf(doc).forEach((s, i) => {
    const messages = Array.isArray(s?.messages) ? (s.messages as Record<string, unknown>[]) : [];
    const name = sessionName(s, i);
    messages.forEach((m, j) => {
      if (typeof m?.type !== 'string' || !('body' in m)) return;
      const list = out.get(m.type) ?? [];
      const ex: TryItExample = {
        name: messages.filter((x) => x?.type === m.type).length > 1 ? `${name} (#${j + 1})` : name,
        payload: m.body,
        channelExample: i,
      };
      if (typeof s.docs === 'string') ex.summary = s.docs;
      list.push(ex);
      out.set(m.type, list);
    });
  });
  return out;
}

/** Values the example sessions give each path/query parameter and header (distinct, in order). */
function sessionParameters(doc: SpecDocument): Map<string, Map<string, unknown[]>> {
  const out = new Map<string, Map<string, unknown[]>>();
  for (const s of sessionsOf(doc)) {
    for (const where of ['path-parameters', 'query-parameters', 'headers']) {
      const given = s?.[where];
      if (!given || typeof given !== 'object' || Array.isArray(given)) continue;
      const byName = out.get(where) ?? new Map<string, unknown[]>();
      for (const [name, v] of Object.entries(given)) {
        const list = byName.get(name) ?? [];
        if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
        byName.set(name, list);
      }
      out.set(where, byName);
    }
  }
  return out;
}

function serversOf(api: FernApi | undefined, urlName: string | undefined, security: TryItSecurityScheme[][], problems: string[]): TryItServer[] {
  if (!api) {
    problems.push('No api.yml next to this definition: there are no environments to connect to. Add `environments:` to api.yml.');
    return [];
  }
  const envs = [...api.environments].sort((a, b) => Number(b.name === api.defaultEnvironment?.text) - Number(a.name === api.defaultEnvironment?.text));
  const out: TryItServer[] = [];
  for (const env of envs) {
    const loc = locate(api.file.doc, env.keySpan);
    const add = (name: string, url: string) => out.push(server(name, url, env.docs, security, loc));
    if (env.url !== undefined) {
      if (urlName === undefined) add(env.name, env.url);
    } else if (env.urls) {
      if (urlName !== undefined) {
        if (env.urls[urlName] !== undefined) add(`${env.name}.${urlName}`, env.urls[urlName]);
      } else for (const [k, u] of Object.entries(env.urls)) add(`${env.name}.${k}`, u);
    }
  }
  if (!out.length)
    problems.push(
      urlName ? `No environment in api.yml has a URL named \`${urlName}\`.` : 'api.yml declares no environments: add `environments:` with the WebSocket URL.',
    );
  return out;
}

function server(
  name: string,
  url: string,
  description: string | undefined,
  security: TryItSecurityScheme[][],
  location: SpecLocation | undefined,
): TryItServer {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? 'wss';
  const protocol = scheme === 'https' ? 'wss' : scheme === 'http' ? 'ws' : scheme;
  const s: TryItServer = { name, url, protocol, variables: [], security, transport: 'ws' };
  if (description) s.description = description;
  if (location) s.location = location;
  return s;
}

/** `auth` in api.yml names schemes any one of which will do; each becomes one alternative. */
function securityOf(api: FernApi | undefined, problems: string[], fallbacks: (s: FernAuthScheme) => TryItAuthFallback[]): TryItSecurityScheme[][] {
  if (!api) return [];
  const names = api.auth.length ? api.auth : [...api.authSchemes.keys()];
  const out: TryItSecurityScheme[][] = [];
  for (const n of names) {
    const s = api.authSchemes.get(n);
    const extra = s ? fallbacks(s) : [];
    if (s) out.push([extra.length ? { ...toScheme(s), fallbacks: extra } : toScheme(s)]);
    else problems.push(`api.yml \`auth\` names \`${n}\`, which is not declared under \`auth-schemes\`.`);
  }
  if (!out.length) problems.push('The channel has `auth: true`, but api.yml declares no auth scheme.');
  return out;
}

/** The channel's `auth-message` when it is usable (a client message, a path that resolves); else a problem. */
function usableAuthMessage(
  folder: FernFolder,
  file: FernFile,
  conv: FernSchemaConverter,
  problems: string[],
): { messageId: string; tokenPath: string[] } | undefined {
  if (!file.channel?.authMessage) return undefined;
  const check = checkAuthMessage(folder, file, conv);
  if (check.message && check.path) return { messageId: check.message.id, tokenPath: check.path };
  const why = check.diagnostics.find((d) => d.code !== 'fern-auth-message-without-auth')?.message ?? 'it needs `message-id` and `token-property-path`.';
  problems.push(`The channel's \`auth-message\` is not used: ${why}`);
  return undefined;
}

/** Token query parameter names any token scheme may use (compared by `normalName`). */
const TOKEN_QUERY_NAMES = ['access_token', 'token', 'auth_token', 'api_key'];

function normalName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** The fallbacks of one api.yml scheme on this channel (see the file comment for the rules). */
function fallbacksFor(s: FernAuthScheme, query: TryItParameter[], authMessage: { messageId: string; tokenPath: string[] } | undefined): TryItAuthFallback[] {
  if (s.scheme !== 'bearer' && s.scheme !== 'oauth' && s.scheme !== 'header') return [];
  const names = new Set([...TOKEN_QUERY_NAMES, s.paramName, s.header, s.header?.replace(/^x-/i, '')].filter((n): n is string => !!n).map(normalName));
  const out: TryItAuthFallback[] = [];
  for (const q of query) {
    const type = typeof q.schema === 'object' ? q.schema.type : undefined;
    if (names.has(normalName(q.name)) && (type === undefined || type === 'string')) out.push({ kind: 'query', param: q.name, required: q.required });
  }
  if (s.scheme === 'header' && s.header && /^sec-websocket-protocol$/i.test(s.header))
    out.push(s.prefix ? { kind: 'subprotocol', prefix: s.prefix } : { kind: 'subprotocol' });
  if (authMessage) out.push({ kind: 'authMessage', ...authMessage });
  return out;
}

export function toScheme(s: FernAuthScheme): TryItSecurityScheme {
  const description = s.docs;
  const d = description ? { description } : {};
  switch (s.scheme) {
    case 'bearer':
      return { kind: 'httpBearer', name: s.name, ...d };
    case 'basic':
      return { kind: 'httpBasic', name: s.name, ...d };
    case 'header':
      return {
        kind: 'apiKey',
        name: s.name,
        in: 'header',
        paramName: s.header ?? s.name,
        ...(s.prefix ? { description: `${description ? description + ' ' : ''}Value prefix: \`${s.prefix}\`.` } : d),
      };
    case 'oauth':
      return { kind: 'httpBearer', name: s.name, description: description ?? 'OAuth access token (sent as a bearer token).' };
    default:
      return { kind: 'other', name: s.name, type: s.scheme, ...d };
  }
}

function locate(doc: SpecDocument, span: Span): SpecLocation {
  const p = doc.lineIndex.position(span.start);
  return { uri: doc.uri, line: p.line, character: p.character };
}

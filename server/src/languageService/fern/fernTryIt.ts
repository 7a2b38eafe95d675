/**
 * The Try it model for a Fern channel file: servers from api.yml environments (the channel's `url` name, else
 * every environment, the default first), the path with its parameters, query parameters and headers with
 * their types, auth from api.yml, client-origin messages as sendable and server-origin ones as receivable,
 * payloads as JSON Schema and the channel's example sessions as message examples.
 */
import type {
  SpecLocation, TryItChannel, TryItExample, TryItMessage, TryItModel, TryItOperation, TryItParameter,
  TryItSecurityScheme, TryItServer,
} from '../../../../common/src/tryItModel';
import type { FeatureContext } from '../context';
import type { LanguageFeatures } from '../features';
import type { SpecDocument } from '../specDocument';
import type { Span } from '../types';
import { discriminatorsOf } from '../tryIt/discriminators';
import type { FernApi, FernAuthScheme } from './fernApiModel';
import { bodySchema } from './fernExampleChecks';
import { fernFile, type FernFile, type FernMessage, type FernProperty } from './fernFileModel';
import { fernFolder, fileAt, type FernFolder } from './fernFolder';
import { FernSchemaConverter } from './fernJsonSchema';

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
  const security = ch.auth ? securityOf(api, problems) : [];
  const servers = serversOf(api, ch.url?.text, security, problems);
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
  const channel: TryItChannel = {
    id,
    address: ch.path?.text ?? null,
    title: ch.displayName,
    description: ch.docs,
    parameters: ch.pathParameters.map((p) => param(p, file, true, 'path-parameters')),
    query: ch.queryParameters.map((p) => param(p, file)),
    headers: [...ch.headers.map((p) => param(p, file, false, 'headers')), ...(api && apiFile ? api.headers.map((p) => param(p, apiFile, false, 'headers')) : [])],
    servers: servers.map((s) => s.name),
    operations: ch.messages.map((m) => operation(conv, file, m, examples.get(m.id) ?? [])),
    location: locate(file.doc, ch.keySpan),
  };
  if (ctx) ctx.dependsOn.add(folder.apiUri);
  return {
    uri: file.uri, kind: 'fern', version: 'fern', title: api?.name, describesServer: true, servers, channels: [channel], problems,
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

/** Example sessions, split per message id (each occurrence of a message in a session is one example). */
function sessionExamples(doc: SpecDocument): Map<string, TryItExample[]> {
  const out = new Map<string, TryItExample[]>();
  const value = doc.value as { channel?: { examples?: unknown } } | undefined;
  const sessions = Array.isArray(value?.channel?.examples) ? (value!.channel!.examples as Record<string, unknown>[]) : [];
  sessions.forEach((s, i) => {
    const messages = Array.isArray(s?.messages) ? (s.messages as Record<string, unknown>[]) : [];
    const name = typeof s?.name === 'string' ? s.name : `Example ${i + 1}`;
    messages.forEach((m, j) => {
      if (typeof m?.type !== 'string' || !('body' in m)) return;
      const list = out.get(m.type) ?? [];
      const ex: TryItExample = { name: messages.filter((x) => x?.type === m.type).length > 1 ? `${name} (#${j + 1})` : name, payload: m.body };
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
  const value = doc.value as { channel?: { examples?: unknown } } | undefined;
  const sessions = Array.isArray(value?.channel?.examples) ? (value!.channel!.examples as Record<string, unknown>[]) : [];
  for (const s of sessions) {
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
  if (!out.length) problems.push(urlName ? `No environment in api.yml has a URL named \`${urlName}\`.` : 'api.yml declares no environments: add `environments:` with the WebSocket URL.');
  return out;
}

function server(name: string, url: string, description: string | undefined, security: TryItSecurityScheme[][], location: SpecLocation | undefined): TryItServer {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? 'wss';
  const protocol = scheme === 'https' ? 'wss' : scheme === 'http' ? 'ws' : scheme;
  const s: TryItServer = { name, url, protocol, variables: [], security, transport: 'ws' };
  if (description) s.description = description;
  if (location) s.location = location;
  return s;
}

/** `auth` in api.yml names schemes any one of which will do; each becomes one alternative. */
function securityOf(api: FernApi | undefined, problems: string[]): TryItSecurityScheme[][] {
  if (!api) return [];
  const names = api.auth.length ? api.auth : [...api.authSchemes.keys()];
  const out: TryItSecurityScheme[][] = [];
  for (const n of names) {
    const s = api.authSchemes.get(n);
    if (s) out.push([toScheme(s)]);
    else problems.push(`api.yml \`auth\` names \`${n}\`, which is not declared under \`auth-schemes\`.`);
  }
  if (!out.length) problems.push('The channel has `auth: true`, but api.yml declares no auth scheme.');
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
      return { kind: 'apiKey', name: s.name, in: 'header', paramName: s.header ?? s.name, ...(s.prefix ? { description: `${description ? description + ' ' : ''}Value prefix: \`${s.prefix}\`.` } : d) };
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


/**
 * The connection form checked before connecting: a field the connection needs, left empty with no default to fall
 * back on, is an error at that field, not an empty value on the wire (`channel_id=` gets an HTTP 400 from the
 * server). Pure, no vscode.
 */
import type { TransportKind, TryItModel, TryItParameter, TryItSecurityScheme } from '../../../common/src/tryItModel';
import type { ConnectionForm, FormError } from '../../../common/src/webviewMessages';
import { unset } from '../../../transports/src/connectOptions';

const REQUIRED = 'Required: fill it in before connecting.';

export function formErrors(model: TryItModel, form: ConnectionForm): FormError[] {
  const server = model.servers.find((s) => s.name === form.server);
  if (!server) return [];
  const channel = model.channels.find((c) => c.id === form.channel);
  const transport = form.transport ?? server.transport;
  const byAuth = fromAuth(server.security[0] ?? []);
  const errors: FormError[] = [];
  for (const v of server.variables) {
    if (server.url.includes(`{${v.name}}`) && v.default === undefined && unset(form.variables[v.name]))
      errors.push({ section: 'variables', name: v.name, message: REQUIRED });
  }
  for (const p of channel && inConnection(transport) ? channel.parameters : []) {
    if (channel!.address?.includes(`{${p.name}}`) && p.default === undefined && !p.examples?.length && unset(form.parameters[p.name]))
      errors.push({ section: 'parameters', name: p.name, message: REQUIRED });
  }
  errors.push(...missing('query', channel?.query, form.query, byAuth.query), ...missing('headers', channel?.headers, form.headers, byAuth.headers));
  return errors;
}

/** Raw WebSocket and SSE put the channel address in the URL and STOMP subscribes to it; a Socket.IO channel is an event. */
function inConnection(transport: TransportKind): boolean {
  return transport === 'ws' || transport === 'sse' || transport === 'stomp';
}

function missing(section: 'query' | 'headers', params: TryItParameter[] | undefined, values: Record<string, string>, filledByAuth: Set<string>): FormError[] {
  const lower = (s: string) => (section === 'headers' ? s.toLowerCase() : s);
  return (params ?? [])
    .filter((p) => p.required && p.default === undefined && unset(values[p.name]) && !filledByAuth.has(lower(p.name)))
    .map((p) => ({ section, name: p.name, message: REQUIRED }));
}

/** Query parameters and headers the server's security fills from the stored secret (asked for when connecting). */
function fromAuth(schemes: TryItSecurityScheme[]): { query: Set<string>; headers: Set<string> } {
  const query = new Set<string>();
  const headers = new Set<string>();
  for (const s of schemes) {
    if (s.kind === 'apiKey' && s.in === 'query') query.add(s.paramName);
    if (s.kind === 'apiKey' && s.in === 'header') headers.add(s.paramName.toLowerCase());
    if (s.kind === 'httpBearer' || s.kind === 'httpBasic') headers.add('authorization');
    for (const f of s.fallbacks ?? []) if (f.kind === 'query') query.add(f.param);
  }
  return { query, headers };
}

/**
 * `${env:NAME}` and `${name}` (a value captured earlier) inside session values. A string that is exactly one
 * reference takes the variable's value with its type (a captured number stays a number); inside longer text it
 * is written as text.
 */
export class SessionError extends Error {}

export interface Scope {
  env: Record<string, string | undefined>;
  captured: Map<string, unknown>;
}

const REF = /\$\{(env:)?([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

function lookup(scope: Scope, isEnv: boolean, name: string): unknown {
  if (isEnv) {
    const v = scope.env[name];
    if (v === undefined) throw new SessionError(`environment variable ${name} is not set`);
    return v;
  }
  if (!scope.captured.has(name)) throw new SessionError(`no variable "${name}": capture it in an earlier expect`);
  return scope.captured.get(name);
}

export function substitute(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return substituteString(value, scope);
  if (Array.isArray(value)) return value.map((v) => substitute(v, scope));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, scope)]));
  return value;
}

function substituteString(text: string, scope: Scope): unknown {
  const whole = /^\$\{(env:)?([A-Za-z_][A-Za-z0-9_.-]*)\}$/.exec(text);
  if (whole) return lookup(scope, !!whole[1], whole[2]);
  return text.replace(REF, (_m, env: string | undefined, name: string) => {
    const v = lookup(scope, !!env, name);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Every value of a string map substituted (server variables, headers, …), with env only: nothing is captured yet. */
export function substituteStrings(values: Record<string, string> | undefined, scope: Scope): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values ?? {})) out[k] = String(substitute(v, scope));
  return out;
}

/** RFC 6901: the value at `pointer`, or an error in words. */
export function atPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let at = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !(key in at)) throw new SessionError(`nothing at ${pointer} in the received payload`);
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export function capture(into: Scope, payload: unknown, pointers: Record<string, string> | undefined): void {
  for (const [name, pointer] of Object.entries(pointers ?? {})) into.captured.set(name, atPointer(payload, pointer));
}

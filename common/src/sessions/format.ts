/**
 * The session file (docs/sessions.md): YAML, checked against session.schema.json, which is the one description of
 * its shape (the language server will validate with the same file), so the parser and the schema cannot disagree.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import schema from './session.schema.json';

export type Capture = Record<string, string>;

export type Step =
  | { send: string; channel?: string; payload?: unknown; example?: string }
  | { emit: string; channel?: string; payload?: unknown; example?: string; ack?: { match?: unknown; capture?: Capture } }
  | { expect: string | { anyOf: string[] }; channel?: string; match?: unknown; timeout?: number; capture?: Capture }
  | { nothing: number }
  | { listen: number }
  | { wait: number }
  | { subscribe: string };

export interface SessionFile {
  session: 1;
  name?: string;
  /** Relative to the session file. */
  spec: string;
  server?: string;
  channel?: string;
  variables?: Record<string, string>;
  parameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  auth?: { scheme: string; env: string };
  timeout?: number;
  steps: Step[];
}

/** Compiled on first use: loading this module (the language server, the CLI) must not pay for it. */
let ajv: Ajv | undefined;
let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true, strict: false });
  return (compiled ??= ajv.compile(schema));
}

/** The session, or what is wrong with the file in words (a YAML error, or the first schema violation). */
export function parseSession(text: string): SessionFile | string {
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    return `not YAML: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (validator()(value)) return value as unknown as SessionFile;
  return describeSchemaError(value);
}

/** ajv's oneOf errors for steps are noise; the step's own problem is what a writer needs. */
function describeSchemaError(value: unknown): string {
  const steps = (value as { steps?: unknown })?.steps;
  if (Array.isArray(steps)) {
    for (let i = 0; i < steps.length; i++) {
      const problem = stepProblem(steps[i]);
      if (problem) return `steps[${i}]: ${problem}`;
    }
  }
  const e = firstError(validator().errors);
  if (!e) return 'not a session file';
  const at = e.instancePath || '(top level)';
  const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
  return `${at}: ${e.message}${extra}`;
}

const ACTIONS = ['send', 'emit', 'expect', 'nothing', 'listen', 'wait', 'subscribe'];
/** A step's own validator (compiled with the file's: they share its definitions). */
function stepValidator(action: string): ValidateFunction {
  validator();
  return ajv!.getSchema(`${schema.$id}#/definitions/${action}`)!;
}

function stepProblem(step: unknown): string | undefined {
  const keys = step && typeof step === 'object' ? Object.keys(step) : [];
  const actions = keys.filter((k) => ACTIONS.includes(k));
  if (actions.length !== 1) return `a step has exactly one of ${ACTIONS.join(', ')} (found ${actions.join(', ') || 'none'})`;
  const check = stepValidator(actions[0]);
  if (check(step)) return undefined;
  const e = firstError(check.errors)!;
  const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
  return `${actions[0]}${e.instancePath}: ${e.message}${extra}`;
}

/** An unknown key first: it is most often a typo, which also explains the required key said to be missing. */
function firstError(errors: ErrorObject[] | null | undefined): ErrorObject | undefined {
  return errors?.find((e) => e.keyword === 'additionalProperties') ?? errors?.[0];
}

/** A problem with a session file's shape, at its JSON path (the language server puts it on that node). */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
  /** The problem is the key itself (an unknown one), not its value. */
  onKey: boolean;
}

/** Every schema problem of a parsed session file: each step checked against its own action's schema. */
export function sessionSchemaProblems(value: unknown): SchemaProblem[] {
  const validate = validator();
  if (validate(value)) return [];
  const out: SchemaProblem[] = [];
  for (const e of validate.errors ?? []) if (!/^\/steps\/\d+/.test(e.instancePath) && e.keyword !== 'oneOf') out.push(problemOf(e, []));
  const steps = (value as { steps?: unknown })?.steps;
  if (!Array.isArray(steps)) return out;
  steps.forEach((step, i) => {
    const keys = step && typeof step === 'object' ? Object.keys(step) : [];
    const actions = keys.filter((k) => ACTIONS.includes(k));
    if (actions.length !== 1) {
      out.push({ path: ['steps', i], message: `a step has exactly one of ${ACTIONS.join(', ')} (found ${actions.join(', ') || 'none'})`, onKey: false });
      return;
    }
    const check = stepValidator(actions[0]);
    if (!check(step)) for (const e of check.errors ?? []) out.push(problemOf(e, ['steps', i]));
  });
  return out;
}

function problemOf(e: ErrorObject, prefix: (string | number)[]): SchemaProblem {
  const path = [
    ...prefix,
    ...e.instancePath
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~'))),
  ];
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    return { path: [...path, key], message: `unknown key "${key}"`, onKey: true };
  }
  const allowed =
    e.keyword === 'enum' || e.keyword === 'const'
      ? `: ${JSON.stringify((e.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (e.params as { allowedValue?: unknown }).allowedValue)}`
      : '';
  return { path, message: `${e.message ?? 'invalid'}${allowed}`, onKey: false };
}

/**
 * `$ref` checks (the parser's `invalid-ref`): local pointers, relative files (followed transitively, so a
 * broken reference inside a referenced file is reported on the `$ref` here that brings it in), missing files,
 * folders, missing pointers. Cycles terminate and are never errors (the parser accepts them). http(s) targets
 * are not fetched unless `resolveRemoteRefs` is on; when off, an Information diagnostic says so.
 * Every other file read (or looked for) goes to `dependsOn`, so editing or creating it re-validates us.
 */
import { refusalMessage } from '../../core/refAccess';
import { parseRef, valueAtPath } from '../../core/refs';
import { Severity } from '../../core/types';
import type { JsonPath } from '../../core/yamlAst';
import type { SemanticContext } from './semanticContext';
import { suggestRefs } from './refSuggestions';
import { collectRefs, documentRefSteps } from './walk';

export const REMOTE_REF_CODE = 'remote-ref-not-fetched';

type Outcome =
  { ok: true; uri: string; value: unknown } | { ok: false; remote?: boolean; message: string; pointer?: string; code?: string; suggestions?: string[] };

/** A reference that cannot be followed: its own code when the file was refused (refAccess.ts), else invalid-ref. */
interface Problem {
  remote?: boolean;
  message: string;
  code?: string;
}

/** References checked per step: a 10k-line spec's ~1,000 (3–7 ms in one piece) in several. */
export const REFS_PER_STEP = 200;

export function* checkRefs(sc: SemanticContext): Generator<void, void, void> {
  const resolver = new RefResolver(sc);
  let n = 0;
  for (const { holder, ref } of yield* documentRefSteps(sc.root)) {
    if (++n % REFS_PER_STEP === 0) yield;
    const path: JsonPath = [...holder, '$ref'];
    const outcome = resolver.resolve(ref, sc.feature.doc.uri);
    if (!outcome.ok) {
      if (outcome.remote) sc.report(path, REMOTE_REF_CODE, outcome.message, { severity: Severity.Information });
      else
        sc.report(path, outcome.code ?? 'invalid-ref', outcome.message, {
          data:
            outcome.pointer !== undefined || outcome.suggestions?.length
              ? { kind: 'unresolvedRef', pointer: outcome.pointer, suggestions: outcome.suggestions ?? [] }
              : undefined,
        });
      continue;
    }
    if (outcome.uri === sc.feature.doc.uri) continue;
    // A target in another file: check the references inside what it brings in.
    for (const problem of resolver.nestedProblems(outcome.uri, outcome.value)) {
      if (problem.remote) sc.report(path, REMOTE_REF_CODE, problem.message, { severity: Severity.Information });
      else sc.report(path, problem.code ?? 'invalid-ref', problem.message);
    }
  }
}

/** Resolves references against the store; remembers what it walked so shared targets are checked once. */
export class RefResolver {
  private readonly walked = new Map<string, Problem[]>();
  /** The same reference text from the same file resolves the same way within one pass. */
  private readonly outcomes = new Map<string, Outcome>();

  constructor(private readonly sc: SemanticContext) {}

  resolve(ref: string, baseUri: string): Outcome {
    const key = baseUri + '\n' + ref;
    let o = this.outcomes.get(key);
    if (!o) this.outcomes.set(key, (o = this.resolveUncached(ref, baseUri)));
    return o;
  }

  private resolveUncached(ref: string, baseUri: string): Outcome {
    const parsed = parseRef(ref, baseUri);
    if (!parsed) return { ok: false, message: `"${ref}" is not a valid reference: use a relative file path and/or "#/json/pointer".` };
    const { settings, store, doc, dependsOn } = this.sc.feature;
    if (parsed.remote) {
      if (!settings.resolveRemoteRefs)
        return {
          ok: false,
          remote: true,
          message: `Remote reference "${ref}" was not fetched, so its content is not checked. To resolve http(s) references, set "specsocket.resolveRemoteRefs": true.`,
        };
    }
    if (parsed.uri !== doc.uri) dependsOn.add(parsed.uri);
    const refused = store.refusal(parsed.uri);
    if (refused) return { ok: false, code: refused.code, message: refusalMessage(ref, refused) };
    const target = parsed.uri === doc.uri ? doc : store.get(parsed.uri);
    if (!target) {
      if (parsed.remote) return { ok: false, remote: true, message: `Remote reference "${ref}" could not be fetched; its content is not checked.` };
      const file = ref.slice(0, ref.indexOf('#') < 0 ? ref.length : ref.indexOf('#'));
      if (store.readDirectory(parsed.uri)) return { ok: false, message: `"${file}" is a folder, not a file. Reference a YAML or JSON file inside it.` };
      return { ok: false, message: `File "${file}" does not exist (looked for ${safeDecode(parsed.uri)}). Fix the path or create the file.` };
    }
    if (target.value === undefined)
      return { ok: false, message: `"${ref}" points into a file that cannot be read: ${target.valueError ?? 'not YAML or JSON'}.` };
    const value = valueAtPath(target.value, parsed.path);
    if (value === undefined) {
      // A local pointer inside another file (reached through it) names that file, not "".
      const file = parsed.local ? parsed.uri.slice(parsed.uri.lastIndexOf('/') + 1) : ref.slice(0, ref.indexOf('#'));
      const where = parsed.uri === doc.uri ? 'this document' : `"${safeDecode(file)}"`;
      const suggestions = suggestRefs(ref, target.value, parsed.path);
      const guess = suggestions.length ? ` Did you mean "${suggestions[0]}"?` : '';
      return {
        ok: false,
        message: `"#${parsed.pointer}" does not exist in ${where}.${guess} Fix the pointer or create what it names.`,
        pointer: parsed.local ? parsed.pointer : undefined,
        suggestions,
      };
    }
    return { ok: true, uri: parsed.uri, value };
  }

  /** Problems of the references inside a target in another file (transitively; cycles stop). */
  nestedProblems(uri: string, value: unknown): Problem[] {
    if (!value || typeof value !== 'object') return [];
    const key = uri + '#' + objectId(value);
    const done = this.walked.get(key);
    if (done) return done;
    const problems: Problem[] = [];
    // Registered before walking: a cycle back here sees the (still empty) list and stops.
    this.walked.set(key, problems);
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    for (const { ref } of collectRefs(value)) {
      const o = this.resolve(ref, uri);
      if (!o.ok) {
        problems.push({ remote: o.remote, code: o.code, message: o.remote ? `${o.message} (in ${name})` : `In ${name}: ${o.message}` });
        continue;
      }
      for (const p of this.nestedProblems(o.uri, o.value)) if (!problems.includes(p)) problems.push(p);
    }
    return problems;
  }
}

const ids = new WeakMap<object, number>();
let nextId = 0;
/** A stable identity for a plain object, so the same target reached by two pointers is walked once. */
function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++nextId));
  return id;
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

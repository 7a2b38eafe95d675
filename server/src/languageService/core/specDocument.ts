/**
 * One parsed spec file: parsed once per text version, with the YAML AST (offsets) and the plain JS value.
 * JSON files go through the same YAML 1.2 parser, which accepts JSON and reports the same way.
 */
import { isMap, type Document } from 'yaml';
import { LineIndex } from './lineIndex';
import { parseWhole } from './incrementalSections';
import { guardedConversion, valueProblems, type ValueProblem } from './plainValue';
import { findPair, keyText } from './yamlAst';
import { diffTexts, patchValue, reparseIncrementally, type ParseOpts, type Splice, type TextChange } from './incrementalParse';

/** `session`: a session file (`*.session.yaml`, docs/sessions.md), checked against the spec it names. */
export type SpecKind = 'asyncapi' | 'fern' | 'session' | 'other';

/** Aliases expanded beyond this count are refused (defends against "billion laughs" documents). */
const MAX_ALIAS_COUNT = 1000;

const PARSE_OPTIONS: ParseOpts = {
  keepSourceTokens: false,
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  // Keep timestamps and the like as strings: AsyncAPI/Fern never want YAML 1.1 type magic.
  schema: 'core',
  // A key that is a collection (broken JSON) made yaml print a process warning to the server's stderr on every
  // conversion: bad input is for diagnostics, never for the log.
  logLevel: 'error',
};

export class SpecDocument {
  readonly ast: Document;
  private js: unknown;
  private jsError: string | undefined;
  private jsDone = false;
  /** Circular aliases and collection keys (plainValue.ts); undefined until known. */
  private problems: ValueProblem[] | undefined;
  private lines: LineIndex | undefined;
  /** Set when this version was spliced from the previous one: its value is patched rather than rebuilt. */
  private splice: { prevValue: unknown; splice: Splice; prevClean: boolean } | undefined;
  /** The previous version's line index and the edit since, to update rather than rescan the text. */
  private prevLines: { lines: LineIndex; change: TextChange } | undefined;
  /**
   * The edit from the version this one was made from (change undefined: same text), so a caller can move
   * what it holds in that version's offsets (the server's last semantic diagnostics) instead of dropping it.
   */
  editFrom: { version: number; change: TextChange | undefined } | undefined;
  /**
   * Whether this version was parsed whole, in one parse or by sections (no previous version, or none of it could
   * be re-used): the server publishes the parser's findings of a large one first (server.ts, SYNTAX_FIRST_EDIT_CHARS).
   */
  readonly parsedWhole: boolean;

  /**
   * `previous` (an older version of the same file) lets the parse re-use its AST: only the edited block is
   * re-parsed (see incrementalParse.ts). The previous version must not be used afterwards: its AST moves here.
   */
  constructor(
    readonly uri: string,
    readonly text: string,
    readonly version: number,
    previous?: SpecDocument,
  ) {
    const reused = previous && this.reuse(previous);
    this.parsedWhole = !reused;
    this.ast = reused ?? parseWhole(text, PARSE_OPTIONS);
  }

  private reuse(prev: SpecDocument): Document | undefined {
    const change = diffTexts(prev.text, this.text);
    this.editFrom = { version: prev.version, change };
    if (!change) {
      this.adopt(prev);
      return prev.ast;
    }
    if (prev.lines) this.prevLines = { lines: prev.lines, change };
    const splice = reparseIncrementally(prev.ast, prev.text, this.text, change, PARSE_OPTIONS);
    if (!splice) return undefined;
    if (prev.jsDone && !prev.jsError) this.splice = { prevValue: prev.js, splice, prevClean: prev.problems?.length === 0 };
    return prev.ast;
  }

  /** Same text: share the already computed value and line index. */
  private adopt(prev: SpecDocument): void {
    this.js = prev.js;
    this.jsError = prev.jsError;
    this.jsDone = prev.jsDone;
    this.problems = prev.problems;
    this.lines = prev.lines;
    this.prevLines = prev.prevLines;
    this.splice = prev.splice;
  }

  /** The plain value (aliases resolved); undefined when conversion failed (see `valueError`). */
  get value(): unknown {
    this.ensureJs();
    return this.js;
  }

  get valueError(): string | undefined {
    this.ensureJs();
    return this.jsError;
  }

  /** Circular aliases and keys that are lists or mappings, each once (see plainValue.ts). */
  get valueProblems(): ValueProblem[] {
    this.ensureJs();
    return (this.problems ??= valueProblems(this.ast, this.text));
  }

  get lineIndex(): LineIndex {
    if (!this.lines && this.prevLines) {
      const { lines, change } = this.prevLines;
      this.prevLines = undefined;
      this.lines = LineIndex.afterEdit(lines, this.text, change.start, change.oldEnd, change.newEnd);
    }
    return (this.lines ??= new LineIndex(this.text));
  }

  get isJson(): boolean {
    return /\.json$/i.test(this.uri) || /^\s*[{[]/.test(this.text);
  }

  /** Value of a top-level key read straight from the AST (cheap; no full conversion). */
  topLevelScalar(key: string): string | undefined {
    const pair = findPair(this.ast.contents, key);
    const v = pair?.value as { value?: unknown } | undefined;
    return v && v.value !== undefined && v.value !== null && typeof v.value !== 'object' ? String(v.value) : undefined;
  }

  topLevelKeys(): string[] {
    const c = this.ast.contents;
    if (!isMap(c)) return [];
    return c.items.map((p) => keyText(p as never) ?? '');
  }

  private ensureJs(): void {
    if (this.jsDone) return;
    this.jsDone = true;
    try {
      if (this.splice) {
        const { prevValue, splice, prevClean } = this.splice;
        this.splice = undefined;
        const v = splice.value as { toJS?: (doc: Document, o: object) => unknown } | null;
        const guard = guardedConversion(v, this.text);
        const patched = patchValue(prevValue, splice, v?.toJS ? guard.run(() => v.toJS!(this.ast, { maxAliasCount: MAX_ALIAS_COUNT })) : null);
        if (patched !== undefined) {
          this.js = patched;
          // Nothing before and nothing in the edited block: nothing now (else a full walk, when asked).
          if (prevClean && !guard.problems.length) this.problems = [];
          return;
        }
      }
      const guard = guardedConversion(this.ast.contents, this.text, true);
      this.problems = guard.problems;
      this.js = guard.run(() => this.ast.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (e) {
      this.js = undefined;
      this.jsError = e instanceof Error ? e.message : String(e);
    }
  }
}

/** AsyncAPI when the top level has `asyncapi`; Fern when the file lives in a Fern definition folder or has a channel with a path. */
export function detectKind(doc: SpecDocument, fernGlobMatch?: (uri: string) => boolean | undefined): SpecKind {
  if (/\.session\.ya?ml$/i.test(doc.uri)) return 'session';
  const keys = doc.topLevelKeys();
  if (keys.includes('asyncapi')) return 'asyncapi';
  if (/\.ya?ml$/i.test(doc.uri)) {
    const byGlob = fernGlobMatch?.(doc.uri);
    if (byGlob !== undefined) return byGlob ? 'fern' : 'other';
    if (isFernDefinitionPath(doc.uri)) return 'fern';
    const channel = findPair(doc.ast.contents, 'channel');
    if (channel && findPair(channel.value, 'path')) return 'fern';
  }
  return 'other';
}

export function isFernDefinitionPath(uri: string): boolean {
  return /\/(fern\/(.+\/)?definition|\.mock\/definition)\/.+\.ya?ml$/i.test(uri);
}

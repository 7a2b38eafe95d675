/**
 * Parser for Fern type references (`optional<list<root.Turn>>`, `map<string, integer>`, `literal<"x">`).
 * Every name carries its span (offsets into the reference text), so a problem lands on the exact name.
 */

import { FERN_GENERICS, FERN_PRIMITIVES } from './builtins';

export { FERN_GENERICS, FERN_PRIMITIVES };

export interface RefSpan {
  start: number;
  end: number;
}

export type TypeRef =
  | { kind: 'primitive'; name: string; span: RefSpan }
  | { kind: 'named'; name: string; namespace?: string; span: RefSpan; nameSpan: RefSpan; namespaceSpan?: RefSpan }
  | { kind: 'container'; name: 'optional' | 'nullable' | 'list' | 'set' | 'map'; args: TypeRef[]; span: RefSpan; nameSpan: RefSpan }
  | { kind: 'literal'; value: string | boolean; span: RefSpan };

export interface TypeRefError {
  message: string;
  span: RefSpan;
}

export interface ParsedTypeRef {
  ref?: TypeRef;
  error?: TypeRefError;
}

const PRIMITIVE_SET = new Set<string>(FERN_PRIMITIVES);

/** Parses a whole reference; anything left over, unbalanced or empty is an error with the span to fix. */
export function parseTypeRef(text: string): ParsedTypeRef {
  const p = new Parser(text);
  try {
    const ref = p.type();
    p.skipSpace();
    if (p.pos < text.length) p.fail(`Unexpected '${text.slice(p.pos)}' after the type: remove it or close the brackets correctly.`, p.pos, text.length);
    return { ref };
  } catch (e) {
    if (e instanceof ParseError) return { error: { message: e.message, span: { start: e.start, end: Math.max(e.end, e.start) } } };
    throw e;
  }
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, start: number, end: number): never {
    throw new ParseError(message, start, end);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  type(): TypeRef {
    this.skipSpace();
    const start = this.pos;
    const word = this.identifier();
    if (!word) {
      const found = this.text[this.pos];
      this.fail(
        found === undefined ? 'Missing type: write a type such as `string` or a declared type name.' : `Unexpected '${found}': expected a type name.`,
        start,
        Math.min(this.text.length, start + 1) || start,
      );
    }
    const nameSpan = { start, end: this.pos };
    this.skipSpace();
    if (this.text[this.pos] === '<') return this.generic(word, nameSpan);
    if (word.includes('.')) {
      const dot = word.indexOf('.');
      const namespace = word.slice(0, dot);
      const name = word.slice(dot + 1);
      if (!namespace || !name || name.includes('.')) this.fail(`'${word}' is not a type name: write \`import.TypeName\` (one dot).`, start, nameSpan.end);
      return {
        kind: 'named',
        name,
        namespace,
        span: nameSpan,
        namespaceSpan: { start, end: start + dot },
        nameSpan: { start: start + dot + 1, end: nameSpan.end },
      };
    }
    if (PRIMITIVE_SET.has(word)) return { kind: 'primitive', name: word, span: nameSpan };
    if (word in FERN_GENERICS)
      this.fail(
        `'${word}' needs type arguments: write \`${word}<${word === 'map' ? 'string, T' : word === 'literal' ? '"value"' : 'T'}>\`.`,
        start,
        nameSpan.end,
      );
    return { kind: 'named', name: word, span: nameSpan, nameSpan };
  }

  /**
   * A name, which may hold spaces between its words (`User access`): fern-api 5.131.1 matches its containers with
   * regexes (FernContainerRegex in visitRawTypeReference.ts) and takes whatever else is written as a type name.
   */
  identifier(): string {
    const m = /^[A-Za-z_$][\w$-]*(?:[ \t]+[\w$-]+)*(\.[A-Za-z_$][\w$-]*(?:[ \t]+[\w$-]+)*)*\.?/.exec(this.text.slice(this.pos));
    if (!m) return '';
    this.pos += m[0].length;
    return m[0];
  }

  generic(word: string, nameSpan: RefSpan): TypeRef {
    const arity = FERN_GENERICS[word];
    if (arity === undefined) this.fail(`'${word}' is not a generic type: use optional, nullable, list, set, map or literal.`, nameSpan.start, nameSpan.end);
    const open = this.pos++;
    if (word === 'literal') return this.literal(nameSpan, open);
    const args: TypeRef[] = [];
    for (;;) {
      args.push(this.type());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '>') {
        this.pos++;
        break;
      }
      this.fail(
        c === undefined ? `Unclosed '<': add '>' to close \`${word}<…>\`.` : `Unexpected '${c}' in \`${word}<…>\`: expected ',' or '>'.`,
        c === undefined ? open : this.pos,
        c === undefined ? open + 1 : this.pos + 1,
      );
    }
    const span = { start: nameSpan.start, end: this.pos };
    if (args.length !== arity) this.fail(`\`${word}\` takes ${arity} type argument${arity > 1 ? 's' : ''}, found ${args.length}.`, span.start, span.end);
    return { kind: 'container', name: word as 'optional', args, span, nameSpan };
  }

  literal(nameSpan: RefSpan, open: number): TypeRef {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    const m = /^("([^"\\]|\\.)*"|true|false)/.exec(rest);
    if (!m) this.fail('A literal takes a quoted string or a boolean: write `literal<"value">`.', this.pos, Math.max(this.pos + 1, this.text.length));
    this.pos += m[0].length;
    this.skipSpace();
    if (this.text[this.pos] !== '>') this.fail(`Unclosed '<': add '>' to close \`literal<…>\`.`, open, open + 1);
    this.pos++;
    const value = m[0] === 'true' ? true : m[0] === 'false' ? false : (JSON.parse(m[0]) as string);
    return { kind: 'literal', value, span: { start: nameSpan.start, end: this.pos } };
  }
}

/** Every named reference inside a type (for resolution, references and rename). */
export function namedRefs(ref: TypeRef | undefined, out: Extract<TypeRef, { kind: 'named' }>[] = []): Extract<TypeRef, { kind: 'named' }>[] {
  if (!ref) return out;
  if (ref.kind === 'named') out.push(ref);
  else if (ref.kind === 'container') for (const a of ref.args) namedRefs(a, out);
  return out;
}

/** The reference written back as text (canonical spacing). */
export function typeRefToString(ref: TypeRef): string {
  switch (ref.kind) {
    case 'primitive':
      return ref.name;
    case 'named':
      return ref.namespace ? `${ref.namespace}.${ref.name}` : ref.name;
    case 'literal':
      return `literal<${JSON.stringify(ref.value)}>`;
    case 'container':
      return `${ref.name}<${ref.args.map(typeRefToString).join(', ')}>`;
  }
}

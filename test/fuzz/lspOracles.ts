/**
 * What every answer of the server must satisfy, whatever the input: positions inside the document they name
 * (LSP lines end at \n, \r\n or \r; a character is at most the line's length in UTF-16), locations only in
 * the workspace, completion edits on the cursor's line around the cursor, and no byte of the secret.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CompletionItem, Position, Range } from 'vscode-languageserver-protocol';
import { SECRET_MARK } from './workspace';

/** Each line's length (UTF-16 units, without its break). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

export interface OracleContext {
  /** The uri asked about and its lines at the version the answer is for. */
  uri: string;
  lines: number[];
  /** The workspace root's uri: a location elsewhere is a leak. */
  rootUri: string;
}

function isPosition(p: unknown): p is Position {
  return !!p && typeof (p as Position).line === 'number' && typeof (p as Position).character === 'number';
}

function isRange(r: unknown): r is Range {
  return !!r && typeof r === 'object' && isPosition((r as Range).start) && isPosition((r as Range).end);
}

function positionProblem(p: Position, lines: number[]): string | undefined {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `bad position ${JSON.stringify(p)}`;
  if (p.line >= lines.length) return `line ${p.line} past the last (${lines.length - 1})`;
  if (p.character > lines[p.line]) return `character ${p.character} past the end of line ${p.line} (${lines[p.line]})`;
  return undefined;
}

export function rangeProblem(r: Range, lines: number[]): string | undefined {
  const bad = positionProblem(r.start, lines) ?? positionProblem(r.end, lines);
  if (bad) return bad;
  const after = r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character);
  return after ? `range ends before it starts: ${JSON.stringify(r)}` : undefined;
}

const diskLines = new Map<string, number[]>();

/** The lines of another file a location names (read from disk); undefined when it is outside the workspace. */
function linesOf(uri: string, ctx: OracleContext): number[] | undefined {
  if (uri === ctx.uri) return ctx.lines;
  if (!uri.startsWith(ctx.rootUri + '/')) return undefined;
  if (!diskLines.has(uri)) diskLines.set(uri, lineLengths(readFileSync(fileURLToPath(uri), 'utf8')));
  return diskLines.get(uri);
}

/**
 * Problems of one answer: every range in it checked against the document its nearest enclosing `uri` (or a
 * workspace edit's key) names, and the secret's mark anywhere in it.
 */
export function answerProblems(answer: unknown, ctx: OracleContext): string[] {
  const problems: string[] = [];
  if (JSON.stringify(answer ?? null).includes(SECRET_MARK)) problems.push('the secret outside the workspace reached an answer');
  const walk = (v: unknown, uri: string, path: string): void => {
    if (!v || typeof v !== 'object') return;
    if (isRange(v)) {
      const lines = linesOf(uri, ctx);
      const bad = lines ? rangeProblem(v, lines) : `a location outside the workspace: ${uri}`;
      if (bad) problems.push(`${path}: ${bad}`);
      return;
    }
    const o = v as { uri?: unknown; targetUri?: unknown; textDocument?: { uri?: unknown } };
    const own = o.uri ?? o.targetUri ?? o.textDocument?.uri;
    const here = typeof own === 'string' ? own : uri;
    for (const [k, child] of Object.entries(v)) walk(child, path.endsWith('.changes') ? k : here, `${path}.${k}`);
  };
  walk(answer, ctx.uri, '$');
  return problems;
}

/** A completion's edits: each on the cursor's line, around the cursor (issue 13: single-line ranges that contain it). */
export function completionProblems(items: CompletionItem[], cursor: Position, ctx: OracleContext): string[] {
  const problems = answerProblems(items, ctx);
  for (const item of items) {
    const e = item.textEdit;
    const ranges = !e ? [] : 'range' in e ? [e.range] : [e.insert, e.replace];
    for (const r of ranges) {
      const contains =
        r.start.line === cursor.line && r.end.line === cursor.line && r.start.character <= cursor.character && cursor.character <= r.end.character;
      if (!contains)
        problems.push(
          `completion ${JSON.stringify(item.label)}: edit ${JSON.stringify(r)} is not a one-line range around the cursor ${JSON.stringify(cursor)}`,
        );
    }
  }
  return problems;
}

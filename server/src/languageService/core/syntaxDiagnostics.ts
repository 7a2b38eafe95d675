/** YAML/JSON syntax errors (every one the parser found, not only the first) and duplicate keys. */
import type { SpecDocument } from './specDocument';
import { Severity, type SpecDiagnostic } from './types';
import type { ValueProblem } from './plainValue';
import { MoreProblems } from './yamlParse';

export function syntaxDiagnostics(doc: SpecDocument): SpecDiagnostic[] {
  const out = parserDiagnostics(doc);
  for (const p of doc.valueProblems) out.push(valueProblem(p));
  if (doc.valueError && !doc.ast.errors.length) {
    out.push({
      start: 0,
      end: Math.min(doc.text.length, 1),
      severity: Severity.Error,
      code: 'syntax-unreadable',
      message: `The document cannot be read as data: ${doc.valueError}`,
    });
  }
  return out;
}

/**
 * What the parser itself reported (errors, warnings, duplicate keys), without the problems of converting the
 * document to plain data: that conversion costs a sixth of a large document's open (the server publishes these
 * first then, docs/performance.md "Opening a file").
 */
export function parserDiagnostics(doc: SpecDocument): SpecDiagnostic[] {
  const out: SpecDiagnostic[] = [];
  for (const e of doc.ast.errors) {
    const [start, end] = e.pos;
    // A duplicate key's error spans the whole key (yamlParse.ts): that is what the user must change.
    const duplicate = e.code === 'DUPLICATE_KEY';
    out.push({
      start,
      end: Math.max(end, start),
      severity: Severity.Error,
      // IMPOSSIBLE is yaml's "cannot happen"; ours marks a text its parser could not read at all (yamlParse.ts).
      code: duplicate
        ? 'duplicate-key'
        : e instanceof MoreProblems
          ? 'syntax-more-problems'
          : e.code === 'IMPOSSIBLE'
            ? 'syntax-unreadable'
            : 'syntax-' + e.code.toLowerCase().replace(/_/g, '-'),
      message: duplicate ? 'Duplicate key: remove or rename one of them (keys in a mapping must be unique).' : firstLine(e.message),
      ...(e instanceof MoreProblems ? { hidden: e.count } : {}),
    });
  }
  for (const w of doc.ast.warnings) {
    out.push({
      start: w.pos[0],
      end: w.pos[1],
      severity: Severity.Warning,
      code: 'syntax-' + w.code.toLowerCase().replace(/_/g, '-'),
      message: firstLine(w.message),
    });
  }
  return out;
}

function valueProblem(p: ValueProblem): SpecDiagnostic {
  const at = { start: p.start, end: p.end, severity: Severity.Error };
  if (p.kind === 'circular-alias') {
    return {
      ...at,
      code: 'circular-alias',
      message: `\`*${p.name}\` is inside the node it names (\`&${p.name}\`), so its value would contain itself; it is read as null. Write the value out, or use a \`$ref\`.`,
    };
  }
  return {
    ...at,
    code: 'collection-key',
    message: `A key must be a string, not a ${p.name}: specs are JSON data, whose keys are strings. Quote it if it is meant as text.`,
  };
}

function firstLine(s: string): string {
  // The yaml package appends a source excerpt after the first line; editors show the range themselves.
  const line = s.split('\n')[0];
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The fuzzed workspace: a copy of test/corpus in a temporary folder (relative `$ref`s between corpus files still
 * resolve), and beside it, outside the workspace root, a secret the server must never read (issue 13 item 1).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CORPUS, fileUri, walk } from '../helpers/fixtures';

/** Only in the secret files' contents (never in their names or pointers): any answer holding it leaked them. */
export const SECRET_MARK = 'c0ffee42';

const SECRET_YAML = `Secret:
  name: leaked-${SECRET_MARK}-name
  summary: leaked ${SECRET_MARK} summary
  payload:
    type: string
    enum: [leaked-${SECRET_MARK}-enum]
    examples: [leaked-${SECRET_MARK}-example]
types:
  Leaked_${SECRET_MARK}: string
${SECRET_MARK}_key: ${SECRET_MARK}
`;

export interface FuzzWorkspace {
  root: string;
  rootUri: string;
  /** Corpus documents in the copy, sorted (a case names one by its index, so a seed replays while the corpus stays). */
  docs: string[];
  /**
   * The document case number `n` works on: AsyncAPI and Fern in turn, whatever their counts (the Fern corpus is
   * most of the files, but not most of what is worth fuzzing).
   */
  docAt(n: number): string;
  /** Ways a `$ref` (or a Fern import) written in `doc` can name the secret: relative, absolute, file: URL, a symlink. */
  secretTargets(doc: string): string[];
  remove(): void;
}

export function fuzzWorkspace(): FuzzWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'specsocket-fuzz-'));
  const root = join(dir, 'ws');
  const outside = join(dir, 'outside');
  mkdirSync(outside);
  cpSync(CORPUS, root, { recursive: true });
  const secretYaml = join(outside, 'secret.yaml');
  const secretJson = join(outside, 'secret.json');
  writeFileSync(secretYaml, SECRET_YAML);
  writeFileSync(secretJson, JSON.stringify({ Secret: { name: SECRET_MARK, payload: { type: 'string', examples: [SECRET_MARK] } } }));
  const link = join(root, 'leak.yaml');
  symlinkSync(secretYaml, link);
  const docs = walk(root).filter((p) => !p.endsWith('leak.yaml'));
  const fern = docs.filter((p) => p.startsWith(join(root, 'fern') + '/'));
  const others = docs.filter((p) => !fern.includes(p));
  return {
    root,
    rootUri: fileUri(root),
    docs,
    docAt(n) {
      const list = n % 2 && fern.length ? fern : others;
      return list[Math.floor(n / 2) % list.length];
    },
    secretTargets(doc) {
      const rel = (to: string) => relative(dirname(doc), to);
      return [
        `${rel(secretYaml)}#/Secret`,
        rel(secretYaml),
        `${secretYaml}#/Secret`,
        `${fileUri(secretYaml)}#/Secret`,
        `${rel(secretJson)}#/Secret`,
        `${rel(link)}#/Secret`,
        `${'../'.repeat(24)}${secretYaml.slice(1)}#/Secret/payload`,
        `./${rel(secretYaml)}#/Secret/payload`,
      ];
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

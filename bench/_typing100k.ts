/**
 * Issue 17 item 6: CPU per keystroke at 100k lines, in-process (not part of `npm run bench`: leading `_`).
 * `node --import tsx bench/_typing100k.ts [lines] [edits]`. A generated 3.0 spec, the language service, one-character
 * inserts in description values spread over the file; per edit: CPU of the store update + parse (`store.get`) and
 * of the fast diagnostics after it, p50 / p95. CPU time (process.cpuUsage): the machine is shared.
 */
import { LanguageService } from '../server/src/languageService/languageService';
import { generateAsyncApi } from '../test/helpers/generate';

const lines = Number(process.argv[2] ?? 100000);
const edits = Number(process.argv[3] ?? 30);
const WARMUP = 3;
const fs = { readFile: () => undefined, readDirectory: () => undefined };

function cpuMs(fn: () => unknown): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const text = generateAsyncApi('3.0', lines);
const service = new LanguageService({ fs, onError: (f, e) => console.error(f, e) });
const uri = 'file:///bench/typing.yaml';
service.store.setOpen(uri, text, 1);
const diags = service.fastDiagnostics(uri);
const all = [...text.matchAll(/description: /g)].map((m) => m.index + m[0].length + 1);
const n = edits + WARMUP;
const offsets = Array.from({ length: n }, (_, i) => all[Math.floor(((i + 0.5) * all.length) / n)]);
let cur = text;
const parse: number[] = [];
const fast: number[] = [];
const total: number[] = [];
offsets.forEach((at, i) => {
  cur = cur.slice(0, at + i) + 'x' + cur.slice(at + i);
  const p = cpuMs(() => (service.store.setOpen(uri, cur, i + 2), service.store.get(uri)));
  const f = cpuMs(() => service.fastDiagnostics(uri));
  if (i < WARMUP) return;
  parse.push(p);
  fast.push(f);
  total.push(p + f);
});
const f = (xs: number[]) => `${pct(xs, 0.5).toFixed(1)} / ${pct(xs, 0.95).toFixed(1)} ms`;
console.log(`${text.split('\n').length} lines, ${edits} edits, ${diags.length} diagnostics at open`);
console.log(`store update + parse CPU p50 / p95: ${f(parse)}`);
console.log(`fast diagnostics CPU p50 / p95:     ${f(fast)}`);
console.log(`total CPU p50 / p95:                ${f(total)}`);

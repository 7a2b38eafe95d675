// The @asyncapi/parser anchor in a process of its own (the anchors' Node): `node parserRun.mjs <parserDir> <runs> <files...>`.
// Parses every file `runs` times in turn (parse + validate, with `source` so relative $refs resolve) and prints JSON:
// the module's load, the first pass over the files (cold: the parser compiles each version's schema on first use)
// and the median of the later passes, in ms of wall and of this process's CPU.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [parserDir, runs, ...files] = process.argv.slice(2);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const t0 = performance.now();
const { Parser } = createRequire(import.meta.url)(parserDir);
const parser = new Parser();
const load = performance.now() - t0;
const texts = files.map((f) => readFileSync(f, 'utf8'));
const passes = [];
for (let r = 0; r < Number(runs); r++) {
  const [w, c] = [performance.now(), cpu()];
  for (let i = 0; i < files.length; i++) await parser.parse(texts[i], { source: files[i] });
  passes.push({ wall: performance.now() - w, cpu: cpu() - c });
}
const later = passes.slice(1).sort((a, b) => a.cpu - b.cpu);
const median = later[Math.floor(later.length / 2)];
console.log(JSON.stringify({ load, first: passes[0], warm: median, processCpu: cpu() }));

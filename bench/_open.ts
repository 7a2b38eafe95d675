/**
 * Issue 17 items 3 and 4 over LSP, ours only (not part of `npm run bench`: leading `_`): open → first / last
 * diagnostics of the anchored table's generated specs (`bench/anchors/lspRows.ts` `open`), one fresh server per
 * open, on the anchors' Node (`NODE=` another), `SERVER_JS=` another build, `BENCH_SERVER_NODE_ARGS` extra flags,
 * `SERVER_NODE_ARGS` other flags instead of the product's; beside the main thread's CPU, all the server's threads'
 * (V8's GC helpers). `EDITS=n`: n edits after the open (CPU p50 / p95, RSS right after them); `RSS=1`: RSS settled
 * after the idle collection. `node --import tsx bench/_open.ts [flavour:lines …] [reps]`, e.g. `3.0:10000 2.6:1000 3`.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { SERVER_NODE_ARGS } from '../common/src/serverProcess';
import { BenchClient, SERVER_JS } from './lsp';
import { edits, open, plantExampleMismatch, settledRss, type Spec } from './anchors/lspRows';
import { ensureAnchors } from './anchors/install';
import { generateAsyncApi, type AsyncApiFlavour } from '../test/helpers/generate';

const args = process.argv.slice(2);
const reps = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const subjects = args.filter((a) => a.includes(':')).map((a) => a.split(':') as [AsyncApiFlavour, string]);
if (!subjects.length) subjects.push(['3.0', '1000'], ['2.6', '1000'], ['3.0', '10000'], ['2.6', '10000'], ['3.0', '100000']);

async function main(): Promise<void> {
  const node = process.env.NODE ?? ensureAnchors().node;
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  for (const [flavour, lines] of subjects) {
    const text = plantExampleMismatch(generateAsyncApi(flavour, Number(lines)));
    const spec: Spec = { uri: `file:///bench/open-${flavour}-${lines}.yaml`, text, json: false };
    const rows: string[] = [];
    for (let i = 0; i < reps; i++) {
      // SERVER_NODE_ARGS= replaces the server's flags (common/src/serverProcess.ts), for an A/B of them.
      const flags = process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? SERVER_NODE_ARGS;
      const client = new BenchClient({ node, args: [...flags, ...extra, process.env.SERVER_JS ?? SERVER_JS, '--stdio'] });
      await client.initialize(null);
      const load = loadavg()[0];
      const idle = client.nextLog(/^idle collection/, 30000);
      // All the server's threads (V8's GC helpers too): utime + stime of /proc/<pid>/stat, in clock ticks (10 ms).
      const all = () => {
        const f = readFileSync(`/proc/${client.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(f[11]) + Number(f[12])) * 10;
      };
      const a0 = all();
      let aFirst = NaN;
      // A listener, not a waiter: nextDiagnostics would claim the publication open() waits for.
      void client.nextPublishWhere((p) => p.uri === spec.uri).then(() => (aFirst = all() - a0));
      const t = await open(client, 'specsocket', spec);
      const aLast = all() - a0;
      // EDITS=n: n one-character edits after the open (bench/anchors/lspRows.ts `edits`), RSS right after them.
      let typed = '';
      if (process.env.EDITS) {
        const e = await edits(client, spec, Number(process.env.EDITS), 3);
        const sorted = [...e.cpu].sort((a, b) => a - b);
        typed = ` edits CPU p50/p95 ${sorted[Math.floor(sorted.length / 2)].toFixed(1)}/${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} RSS after them ${client.rssMb()?.toFixed(0)} MB, peak ${client.rssMb('VmHWM')?.toFixed(0)} MB`;
      }
      // RSS=1: also the settled RSS after the idle collection (settledRss in bench/anchors/lspRows.ts).
      const rss = process.env.RSS ? ` RSS ${(await settledRss(client, 'specsocket', idle))?.toFixed(0)} MB` : '';
      rows.push(
        `${t.first.toFixed(0)}/${t.last.toFixed(0)} ms CPU ${t.firstCpu.toFixed(0)}/${t.lastCpu.toFixed(0)} all threads ${aFirst}/${aLast}${typed}${rss} (load ${load.toFixed(1)})`,
      );
      await client.shutdown();
    }
    console.log(`${flavour} ${lines}: first/last wall, CPU: ${rows.join('; ')}`);
  }
}
void main().then(() => process.exit(0));

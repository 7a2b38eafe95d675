/**
 * The fuzz suite (issue 13): mutated corpus documents through the real server over stdio, and generated frames
 * against each mock process, each checked by its oracles. Seeded and time-boxed:
 *
 *   npm run fuzz -- --minutes 10 --seed 7               search (a new seed each run when none is given)
 *   npm run fuzz -- --suite lsp --seed 7 --path 42:3:1  replay a reproducer (test/fuzz/found/*.json says how)
 *
 * `npm run test:fuzz` is the short seeded run `npm test` includes. Exits 1 when a case failed.
 */
import { parseArgs } from 'node:util';
import { lspCaseArb, LspFuzzer, type LspCase } from './lspCase';
import { frameCaseArb, type Protocol } from './frames';
import { FrameFuzzer } from './frameCase';
import { search, writeReport, type Suite } from './search';
import { FuzzStats } from './stats';
import { fuzzWorkspace, type FuzzWorkspace } from './workspace';
import { finalText } from './replayText';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string' },
    suite: { type: 'string' },
    path: { type: 'string' },
  },
});
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const totalMs = Number(values.minutes) * 60_000;
/** The LSP suite takes most of the time: its cases are the slow ones (an edit waits for the server). */
const SHARES: Record<string, number> = { lsp: 0.6, ws: 0.4 / 3, stomp: 0.4 / 3, socketio: 0.4 / 3 };
const names = values.suite ? [values.suite] : Object.keys(SHARES);

async function main(): Promise<number> {
  const stats = new FuzzStats();
  const ws = fuzzWorkspace();
  const found: string[] = [];
  console.log(`fuzz: seed ${seed}, ${values.minutes} min, suites ${names.join(', ')}; ${ws.docs.length} corpus documents`);
  try {
    for (const name of names) {
      const share = values.suite ? 1 : SHARES[name];
      const o = { seed, searchMs: totalMs * share, shrinkMs: Math.min(120_000, Math.max(20_000, totalMs * share)), path: values.path };
      const r = name === 'lsp' ? await fuzzLsp(ws, stats, o) : await fuzzFrames(name as Protocol, stats, o);
      console.log(`[${name}] ${r.runs} cases${r.found ? `, FAILED: ${r.found}` : ''}`);
      if (r.found) found.push(r.found);
    }
  } finally {
    ws.remove();
  }
  console.log(`seed ${seed}:\n${stats.summary()}`);
  if (stats.overBudget.length) console.log(`  the over-budget cases and their inputs: ${writeReport(`over-budget-seed${seed}.json`, stats.overBudget)}`);
  if (found.length) console.log(`failures (replay with the command in each):\n  ${found.join('\n  ')}`);
  return found.length ? 1 : 0;
}

async function fuzzLsp(ws: FuzzWorkspace, stats: FuzzStats, o: Parameters<typeof search>[1]) {
  const fuzzer = new LspFuzzer(ws, stats);
  const suite: Suite<LspCase> = {
    name: 'lsp',
    arb: lspCaseArb,
    check: (c) => fuzzer.run(c),
    extras: (c) => ({ [`.${ws.docAt(c.doc).split('.').pop()}`]: finalText(ws, c) }),
  };
  try {
    return await search(suite, o);
  } finally {
    await fuzzer.stop();
  }
}

async function fuzzFrames(protocol: Protocol, stats: FuzzStats, o: Parameters<typeof search>[1]) {
  const fuzzer = new FrameFuzzer(protocol, stats);
  try {
    return await search({ name: protocol, arb: frameCaseArb(protocol), check: (c) => fuzzer.run(c) }, o);
  } finally {
    await fuzzer.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);

/**
 * Try it figures: building the model (generated 10k/50k-line specs, corpus Kraken) and matching incoming
 * frames (match + validate per message, text frames parsed included; the budget is ≤ 20 µs on average).
 * Run: node --import tsx bench/tryIt.ts [model|match]
 */
import { LanguageService } from '../server/src/languageService/languageService';
import type { FileSystem } from '../server/src/languageService/core/types';
import { createMessageMatcher, receivableMessages, type MatchInput } from '../common/src/tryit/messageMatcher';
import { generatePayload } from '../common/src/tryit/payloadSamples';
import { generateAsyncApi, type AsyncApiFlavour } from '../test/helpers/generate';
import { KRAKEN, modelOf, seed } from '../test/helpers/tryItModels';
import type { TryItModel } from '../common/src/tryItModel';
import { cpus, loadavg } from 'node:os';

const noFs: FileSystem = { readFile: () => undefined, readDirectory: () => undefined };

function modelBuild(flavour: AsyncApiFlavour, lines: number): void {
  const service = new LanguageService({ fs: noFs, onError: (f, e) => console.error(f, e) });
  const uri = 'file:///bench/a.yaml';
  const text = generateAsyncApi(flavour, lines);
  const times: number[] = [];
  let model: TryItModel | undefined;
  for (let i = 0; i < 5; i++) {
    service.store.setOpen(uri, text, i + 1); // a new version each time: the model is built from scratch
    void service.store.get(uri)!.value; // parse + toJS are the store's, not the model's
    const t = performance.now();
    model = service.tryItModel(uri);
    times.push(performance.now() - t);
  }
  const msgs = model!.channels.reduce((n, c) => n + c.operations.reduce((k, o) => k + o.messages.length, 0), 0);
  const size = JSON.stringify(model).length;
  console.log(
    `model ${flavour} ${lines} lines: median ${median(times).toFixed(1)} ms, ${model!.channels.length} channels, ${msgs} messages, ${(size / 1024).toFixed(0)} KiB JSON`,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function matchBench(label: string, model: TryItModel, frames: MatchInput[], rounds = 20000): void {
  const receivable = receivableMessages(model);
  const t0 = performance.now();
  const matcher = createMessageMatcher(receivable);
  matcher.warm();
  const compileMs = performance.now() - t0;
  let matched = 0;
  for (let i = 0; i < 2000; i++) matcher.match(frames[i % frames.length]); // JIT warm-up
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < rounds; i++) if (matcher.match(frames[i % frames.length]).messageId) matched++;
  const used = process.cpuUsage(cpu);
  const us = ((performance.now() - t) * 1000) / rounds;
  // CPU time as well as wall time: on a shared, loaded machine the wall clock mostly measures waiting.
  const cpuUs = (used.user + used.system) / rounds;
  console.log(
    `match ${label}: ${receivable.length} receivable messages, compile ${compileMs.toFixed(1)} ms, ${us.toFixed(2)} µs/frame wall, ${cpuUs.toFixed(2)} µs/frame CPU, ${((matched / rounds) * 100).toFixed(0)}% matched`,
  );
}

/** Frames for every receivable message: its examples and a generated payload, as text, plus an unknown one. */
function framesFor(model: TryItModel, socketIo = false): MatchInput[] {
  const frames: MatchInput[] = [];
  for (const r of receivableMessages(model)) {
    const payloads = [...r.message.examples.map((e) => e.payload), generatePayload(r.message.payload)];
    for (const p of payloads) frames.push(socketIo ? { event: r.message.eventName, data: p } : { data: JSON.stringify(p) });
  }
  frames.push(socketIo ? { event: 'unknown', data: {} } : { data: '{"event":"unknown","x":1}' });
  return frames;
}

// `model` or `match` runs one half (each in a fresh process gives steadier figures on a shared machine).
const only = process.argv[2];
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`,
);
if (only !== 'match') for (const f of ['2.6', '3.0'] as const) for (const lines of [10000, 50000]) modelBuild(f, lines);
if (only === 'model') process.exit(0);
const kraken = modelOf(KRAKEN);
const t = performance.now();
for (let i = 0; i < 20; i++) modelOf(KRAKEN);
console.log(`model Kraken (corpus, 388 lines): ${((performance.now() - t) / 20).toFixed(2)} ms including parse`);

matchBench('Kraken (const discriminators)', kraken, framesFor(kraken));
const invalid: MatchInput[] = [{ data: '{"event":"pong","reqid":"x"}' }, { data: '{"event":"systemStatus","status":"sleeping"}' }, { data: 'not json' }];
matchBench('Kraken invalid/unknown frames', kraken, invalid);
const ws = modelOf(seed('websocket-service.yaml'));
matchBench('seed 004 (type discriminators)', ws, framesFor(ws));
const chat = modelOf(seed('chatapp.yaml'));
matchBench('seed 001 ChatApp (Socket.IO events)', chat, framesFor(chat, true));
const airy = modelOf(seed('airy-stomp.yaml'));
matchBench(
  'seed 003 Airy (STOMP destinations)',
  airy,
  receivableMessages(airy).map((r) => ({ destination: r.address!, data: JSON.stringify(generatePayload(r.message.payload)) })),
);
const service = new LanguageService({ fs: noFs, onError: () => undefined });
service.store.setOpen('file:///bench/g.yaml', generateAsyncApi('2.6', 10000), 1);
const big = service.tryItModel('file:///bench/g.yaml')!;
matchBench('generated 2.6 10k lines (no discriminators: schemas tried in turn)', big, framesFor(big), 2000);

/**
 * The slow pass's steps at 10k lines, in-process: how long each step of the pass after an edit takes (a request
 * that arrives mid-step waits for it; server/src/slowPass.ts), which functions the long ones spend their time in,
 * and the CPU of a hover and a `$ref` completion on the edited version.
 * Run: `node --import tsx bench/slowSteps.ts [lines] [edits] [--profile] [--long=<ms>]`; with `--expose-gc
 * --min-semi-space-size=256 --max-semi-space-size=256` before `--import`, also the MB each pass allocates. Figures: docs/performance.md,
 * "Requests during the slow pass, and the CLI's start".
 *
 * Step times: the kernel counts a running thread's CPU time only at its ticks (4 ms), and the clock counts the
 * time the thread was preempted on a loaded machine. With --profile a step's time is its share of the inspector's
 * samples (every 100 µs, delivered only while the thread runs) times the pass's CPU time (procfs, over the whole
 * pass); without, it is the clock.
 */
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { LanguageService } from '../server/src/languageService/languageService';
import { nodeFileSystem } from '../server/src/languageService/core/nodeFileSystem';
import { generateAsyncApi } from '../test/helpers/generate';
import { plantExampleMismatch, editPositions } from './anchors/lspRows';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const LINES = Number(args[0] ?? 10000);
const EDITS = Number(args[1] ?? 10);
const PROFILE = process.argv.includes('--profile');
const INTERVAL_US = 100;
/** Steps longer than this are listed (ms; `--long=<ms>`). */
const LONG_MS = Number(process.argv.find((a) => a.startsWith('--long='))?.slice('--long='.length) ?? 3);

/** This (main) thread's CPU time, at the tick's resolution: for whole passes. */
const cpuMs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

interface Step {
  ms: number;
  from: number;
  to: number;
  where: string;
}

/**
 * With `node --expose-gc --min-semi-space-size=256 --max-semi-space-size=256` no collection runs during a pass,
 * so the heap's growth over it is what the pass allocated (after a full collection before it).
 */
const gc = (globalThis as { gc?: () => void }).gc;

function pass(service: LanguageService, uri: string): { steps: Step[]; cpu: number; allocMb: number } {
  gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const gen = service.slowDiagnosticSteps(uri);
  const steps: Step[] = [];
  const c0 = cpuMs();
  for (;;) {
    const from = nowUs();
    const r = gen.next();
    const to = nowUs();
    steps.push({ ms: (to - from) / 1000, from, to, where: '' });
    if (r.done) break;
  }
  const cpu = cpuMs() - c0;
  return { steps, cpu, allocMb: (process.memoryUsage().heapUsed - h0) / 1e6 };
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

/**
 * Each step's share of the pass's CPU time by its samples, and the project functions its samples were in
 * (inclusive), wrappers left out.
 */
function attribute(profile: Profile, steps: Step[], passCpuMs: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const skip = /^(slowDiagnosticSteps|guardSteps|semanticDiagnostics|pass|next|__name|)$/;
  const per = steps.map(() => new Map<string, number>());
  const counts = steps.map(() => 0);
  let t = profile.startTime;
  let w = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    while (w < steps.length && steps[w].to < t) w++;
    if (w >= steps.length || t < steps[w].from) return;
    counts[w]++;
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf.startsWith('(')) per[w].set(leaf, (per[w].get(leaf) ?? 0) + 1); // (garbage collector), (program)
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/server\/src\//.test(f.url) || skip.test(f.functionName) || seen.has(f.functionName)) continue;
      seen.add(f.functionName);
      per[w].set(f.functionName, (per[w].get(f.functionName) ?? 0) + 1);
    }
  });
  const total = counts.reduce((a, b) => a + b, 0);
  steps.forEach((s, j) => {
    s.ms = (counts[j] / Math.max(1, total)) * passCpuMs;
    s.where = [...per[j]]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, n]) => `${k} ${Math.round((100 * n) / Math.max(1, counts[j]))}%`)
      .join(', ');
  });
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r as T))));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const f1 = (x: number) => x.toFixed(1);

/** Offsets of hover targets (keys) and of `$ref` completion (right after `#/components/…/`), as bench/anchors asks. */
function requestOffsets(text: string): { hover: number[]; refs: number[] } {
  const hover: number[] = [];
  const refs: number[] = [];
  let offset = 0;
  for (const l of text.split('\n')) {
    const k = /^(\s+)(type|description|payload): /.exec(l);
    if (k) hover.push(offset + k[1].length + 2);
    const r = /\$ref: '#\/components\/(schemas|messages)\//.exec(l);
    if (r) refs.push(offset + r.index + r[0].length);
    offset += l.length + 1;
  }
  return { hover, refs };
}

async function main(): Promise<void> {
  const text = plantExampleMismatch(generateAsyncApi('3.0', LINES));
  const uri = 'file:///bench/slowSteps.yaml';
  const service = new LanguageService({ fs: nodeFileSystem });
  service.store.setOpen(uri, text, 1);
  service.fastDiagnostics(uri);
  service.warmUp(uri);
  const first = pass(service, uri);
  console.log(`${text.split('\n').length} lines; first pass: ${first.steps.length} steps, ${first.cpu.toFixed(0)} ms CPU`);
  const session = new Session();
  if (PROFILE) {
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: INTERVAL_US });
  }
  const at = requestOffsets(text);
  let current = text;
  const steps: Step[] = [];
  const cpus: number[] = [];
  const allocs: number[] = [];
  /** The edit's parse and fast diagnostics, before the pass. */
  const editAllocs: number[] = [];
  const hover: number[] = [];
  const completion: number[] = [];
  for (const [i, p] of editPositions({ uri, text, json: false }, EDITS).entries()) {
    const lines = current.split('\n');
    lines[p.line] = lines[p.line].slice(0, p.character) + 'x' + lines[p.line].slice(p.character);
    current = lines.join('\n');
    gc?.();
    const h0 = process.memoryUsage().heapUsed;
    service.store.update(uri, current, i + 2);
    service.fastDiagnostics(uri);
    editAllocs.push((process.memoryUsage().heapUsed - h0) / 1e6);
    if (PROFILE) await post(session, 'Profiler.start');
    const r = pass(service, uri);
    if (PROFILE) attribute((await post<{ profile: Profile }>(session, 'Profiler.stop')).profile, r.steps, r.cpu);
    cpus.push(r.cpu);
    allocs.push(r.allocMb);
    steps.push(...r.steps);
    // Requests on the edited version, timed by the thread's CPU over 20 of each (offsets past the edit move by one).
    let c = cpuMs();
    for (let k = 0; k < 20; k++) service.hover(uri, at.hover[(k * 13 + i) % at.hover.length]);
    hover.push((cpuMs() - c) / 20);
    c = cpuMs();
    for (let k = 0; k < 20; k++) service.completions(uri, at.refs[(k * 7 + i) % at.refs.length]);
    completion.push((cpuMs() - c) / 20);
  }
  const ms = steps.map((s) => s.ms);
  const long = steps.filter((s) => s.ms > LONG_MS).sort((a, b) => b.ms - a.ms);
  console.log(
    `after ${EDITS} edits: pass CPU p50 ${f1(pct(cpus, 0.5))} ms, max ${f1(Math.max(...cpus))} ms; ${steps.length / EDITS} steps a pass; ` +
      `step (${PROFILE ? 'CPU by samples' : 'clock'}) p50 ${f1(pct(ms, 0.5))} / p95 ${f1(pct(ms, 0.95))} / max ${f1(Math.max(...ms))} ms; ${long.length} steps > ${LONG_MS} ms; ` +
      `steps' sum per pass ${f1(ms.reduce((a, b) => a + b, 0) / EDITS)} ms`,
  );
  if (gc)
    console.log(
      `allocated per pass (MB): p50 ${f1(pct(allocs, 0.5))}, min ${f1(Math.min(...allocs))}, max ${f1(Math.max(...allocs))}; ` +
        `by the edit's parse and fast diagnostics before it: p50 ${f1(pct(editAllocs, 0.5))}, max ${f1(Math.max(...editAllocs))}`,
    );
  console.log(
    `mean CPU per request: hover p50 ${f1(pct(hover, 0.5))} / max ${f1(Math.max(...hover))} ms; $ref completion p50 ${f1(pct(completion, 0.5))} / max ${f1(Math.max(...completion))} ms`,
  );
  for (const l of long.slice(0, 20)) console.log(`  ${f1(l.ms)} ms  ${l.where}`);
}

void main();

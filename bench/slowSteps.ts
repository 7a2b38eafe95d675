/**
 * The slow pass's steps at 10k lines, in-process: how long each step of the pass after an edit takes (a request
 * that arrives mid-step waits for it; server/src/slowPass.ts), which functions the long ones spend their time in
 * (the inspector's sampling profiler over the step's window), and the CPU of a hover and a `$ref` completion.
 * Run: `node --import tsx bench/slowSteps.ts [lines] [edits] [--profile]`. Figures: docs/performance.md,
 * "Requests during the slow pass, and the CLI's start".
 */
import { Session } from 'node:inspector';
import { LanguageService } from '../server/src/languageService/languageService';
import { nodeFileSystem } from '../server/src/languageService/core/nodeFileSystem';
import { generateAsyncApi } from '../test/helpers/generate';
import { plantExampleMismatch, editPositions } from './anchors/lspRows';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const LINES = Number(args[0] ?? 10000);
const EDITS = Number(args[1] ?? 10);
const PROFILE = process.argv.includes('--profile');
/** Steps longer than this are listed (ms). */
const LONG_MS = 3;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

interface Step {
  ms: number;
  from: number;
  to: number;
}

/** Pulls a pass's steps one by one, timing each (CPU time: the machine is shared). */
function pass(service: LanguageService, uri: string): { steps: Step[]; cpu: number } {
  const gen = service.slowDiagnosticSteps(uri);
  const steps: Step[] = [];
  const c0 = cpuMs();
  for (;;) {
    const [from, c] = [nowUs(), cpuMs()];
    const r = gen.next();
    steps.push({ ms: cpuMs() - c, from, to: nowUs() });
    if (r.done) break;
  }
  return { steps, cpu: cpuMs() - c0 };
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

/** For each window, the project functions its samples spent most time in (inclusive), outermost wrappers left out. */
function attribute(profile: Profile, windows: Step[]): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const skip = /^(slowDiagnosticSteps|guardSteps|semanticDiagnostics|pass|next|)$/;
  let t = profile.startTime;
  const per = windows.map(() => new Map<string, number>());
  const counts = windows.map(() => 0);
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const w = windows.findIndex((s) => t >= s.from && t <= s.to);
    if (w < 0) return;
    counts[w]++;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/server\/src\//.test(f.url) || skip.test(f.functionName)) continue;
      const key = `${f.functionName}@${f.url.replace(/.*server\/src\//, '')}:${f.lineNumber + 1}`;
      if (!seen.has(key)) (per[w].set(key, (per[w].get(key) ?? 0) + 1), seen.add(key));
    }
  });
  return per.map((m, w) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, n]) => `${k} ${Math.round((100 * n) / Math.max(1, counts[w]))}%`)
      .join(', '),
  );
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, r) => (err ? reject(err) : resolve(r as T))));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

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
    await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  }
  let current = text;
  const all: number[] = [];
  const cpus: number[] = [];
  const hover: number[] = [];
  const completion: number[] = [];
  const lines = current.split('\n');
  const hoverAt: number[] = [];
  const refAt: number[] = [];
  let offset = 0;
  for (const l of lines) {
    const k = /^(\s+)(type|description|payload): /.exec(l);
    if (k) hoverAt.push(offset + k[1].length + 2);
    const r = /\$ref: '#\/components\/(schemas|messages)\//.exec(l);
    if (r) refAt.push(offset + r.index + r[0].length);
    offset += l.length + 1;
  }
  const long: { ms: number; where: string }[] = [];
  for (const [i, p] of editPositions({ uri, text, json: false }, EDITS).entries()) {
    const ls = current.split('\n');
    ls[p.line] = ls[p.line].slice(0, p.character) + 'x' + ls[p.line].slice(p.character);
    current = ls.join('\n');
    service.store.update(uri, current, i + 2);
    service.fastDiagnostics(uri);
    if (PROFILE) await post(session, 'Profiler.start');
    const r = pass(service, uri);
    // Requests on the edited version (offsets before the edit's line are unchanged; later ones move by one).
    for (let k = 0; k < 4; k++) {
      const h = hoverAt[(k * 13 + i) % hoverAt.length];
      let c = cpuMs();
      service.hover(uri, h);
      hover.push(cpuMs() - c);
      const q = refAt[(k * 7 + i) % refAt.length];
      c = cpuMs();
      service.completions(uri, q);
      completion.push(cpuMs() - c);
    }
    cpus.push(r.cpu);
    all.push(...r.steps.map((s) => s.ms));
    const longOnes = r.steps.filter((s) => s.ms > LONG_MS);
    if (PROFILE) {
      const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
      attribute(profile, longOnes).forEach((where, j) => long.push({ ms: longOnes[j].ms, where }));
    } else long.push(...longOnes.map((s) => ({ ms: s.ms, where: '' })));
  }
  const f = (x: number) => x.toFixed(1);
  console.log(
    `after ${EDITS} edits: pass CPU p50 ${f(pct(cpus, 0.5))} ms, max ${f(Math.max(...cpus))} ms; ${all.length / EDITS} steps a pass; ` +
      `step p50 ${f(pct(all, 0.5))} / p95 ${f(pct(all, 0.95))} / max ${f(Math.max(...all))} ms; ${long.length} steps > ${LONG_MS} ms`,
  );
  if (process.argv.includes('--requests')) console.log('hover', hover.map(f).join(' '), '\ncompletion', completion.map(f).join(' '));
  console.log(
    `hover CPU p50 ${f(pct(hover, 0.5))} / max ${f(Math.max(...hover))} ms; $ref completion CPU p50 ${f(pct(completion, 0.5))} / max ${f(Math.max(...completion))} ms`,
  );
  for (const l of long.sort((a, b) => b.ms - a.ms).slice(0, 25)) console.log(`  ${f(l.ms)} ms  ${l.where}`);
}

void main();

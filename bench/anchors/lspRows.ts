/**
 * What the anchored table measures over LSP, the same way for both servers: open → first / last diagnostics,
 * edit → fresh diagnostics, hover and `$ref` completion while the diagnostics work of an edit runs, settled RSS.
 */
import { spawn } from 'node:child_process';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { BenchClient } from '../lsp';
import type { ServerKind } from './servers';

type Position = { line: number; character: number };

/** A spec on disk-less URI with its text; `json` decides the edit positions and the languageId. */
export interface Spec {
  uri: string;
  text: string;
  json: boolean;
}

/** Our server's pause before its slow (semantic) pass (server/src/validationScheduler.ts). */
const SLOW_DELAY_MS = 250;
/** How often the requests row asks (hover and completion alternating): a busy user, 50 requests a second. */
const REQUEST_PACE_MS = 20;

/**
 * The last diagnostics of an open: ours publishes the semantic (slow) pass last, recognised by the example
 * mismatch planted for it (`plantExampleMismatch`); yaml-language-server publishes once per validation.
 */
const isLast = (kind: ServerKind, uri: string) => (p: PublishDiagnosticsParams) =>
  p.uri === uri && (kind === 'yaml-ls' || p.diagnostics.some((d) => /message-examples$/.test(String(d.code))));

/** Changes the last message example's `kind` to a value its payload's enum does not allow (a semantic finding). */
export function plantExampleMismatch(yaml: string): string {
  const at = yaml.lastIndexOf('kind: created');
  return yaml.slice(0, at) + 'kind: bogus' + yaml.slice(at + 'kind: created'.length);
}

/** Wall time from didOpen to the first and the last diagnostics, and the server's main-thread CPU time up to each. */
export interface OpenTimes {
  first: number;
  last: number;
  firstCpu: number;
  lastCpu: number;
}

export async function open(client: BenchClient, kind: ServerKind, spec: Spec): Promise<OpenTimes> {
  const [t, c] = [performance.now(), client.mainThreadCpuMs()];
  let firstCpu = NaN;
  const first = client.nextDiagnostics(spec.uri).then((at) => ((firstCpu = client.mainThreadCpuMs() - c), at));
  const last = client.nextPublishWhere(isLast(kind, spec.uri));
  await client.open(spec.uri, spec.text, kind === 'specsocket' && spec.json ? 'json' : 'yaml');
  const times = { first: (await first) - t, last: (await last) - t };
  return { ...times, firstCpu, lastCpu: client.mainThreadCpuMs() - c };
}

/** `n` positions inside description values, one per line, spread over the document. */
export function editPositions(spec: Spec, n: number): Position[] {
  const all: Position[] = [];
  spec.text.split('\n').forEach((l, line) => {
    if (!/^\s*"?description"?: /.test(l)) return;
    // Inside the value: before a JSON string's closing quote, before a plain scalar's last character.
    all.push({ line, character: spec.json ? l.lastIndexOf('"') : l.length - 1 });
  });
  return Array.from({ length: n }, (_, i) => all[Math.floor(((i + 0.5) * all.length) / n)]);
}

export interface EditTimes {
  wall: number[];
  /** The server's main-thread CPU time from the edit to the publication. */
  cpu: number[];
}

/** Edit → the next publication, per one-character insert; the first `warmup` are not counted. */
export async function edits(client: BenchClient, spec: Spec, n: number, warmup: number): Promise<EditTimes> {
  const times: EditTimes = { wall: [], cpu: [] };
  for (const [i, p] of editPositions(spec, n + warmup).entries()) {
    const fresh = client.nextDiagnostics(spec.uri);
    const [t, c] = [performance.now(), client.mainThreadCpuMs()];
    await client.edit(spec.uri, p.line, p.character, 0, 'x');
    const at = await fresh;
    if (i < warmup) continue;
    times.wall.push(at - t);
    times.cpu.push(client.mainThreadCpuMs() - c);
  }
  return times;
}

/** `edits` with one other CPU-bound process running beside the server (a busy loop, stopped after). */
export async function editsBesideBusyLoop(client: BenchClient, spec: Spec, n: number, warmup: number): Promise<EditTimes> {
  const busy = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
  try {
    return await edits(client, spec, n, warmup);
  } finally {
    busy.kill();
  }
}

/** Hover positions on keys and completion positions right after `#/components/…/` in `$ref` values. */
function requestPositions(text: string): { hover: Position[]; refs: Position[] } {
  const hover: Position[] = [];
  const refs: Position[] = [];
  text.split('\n').forEach((l, line) => {
    const k = /^(\s+)(type|description|payload): /.exec(l);
    if (k) hover.push({ line, character: k[1].length + 2 });
    const r = /\$ref: '#\/components\/(schemas|messages)\//.exec(l);
    if (r) refs.push({ line, character: r.index + r[0].length });
  });
  return { hover, refs };
}

/**
 * Hover and `$ref` completion latencies for requests sent while the diagnostics work of an edit runs: ours, its
 * slow pass (from the 250 ms pause's end to the pass's publication); yaml-language-server, its validation (from
 * the edit to its publication; it has one pass). A request goes out every REQUEST_PACE_MS, or once the previous
 * one is answered if that takes longer; a round is one edit. Stops after `rounds` edits.
 */
export async function requestsWhileValidating(
  client: BenchClient,
  kind: ServerKind,
  spec: Spec,
  rounds: number,
): Promise<{ hover: number[]; completion: number[] }> {
  const { hover, refs } = requestPositions(spec.text);
  const out = { hover: [] as number[], completion: [] as number[] };
  let k = 0;
  for (const [round, p] of editPositions(spec, rounds).entries()) {
    const mark = client.published.length; // publications after it belong to this round
    const publishes = (count: number) =>
      client.nextPublishWhere((q) => q.uri === spec.uri && client.published.slice(mark).filter((x) => x.uri === spec.uri).length >= count);
    const done = publishes(kind === 'specsocket' ? 2 : 1);
    const sent = performance.now();
    await client.edit(spec.uri, p.line, p.character, 0, 'x');
    const windowStart = sent + (kind === 'specsocket' ? SLOW_DELAY_MS : 0);
    let over = false;
    let windowEnd = Infinity;
    void done.then((at) => ((over = true), (windowEnd = at)));
    while (!over) {
      const completion = k++ % 2 === 1;
      const at = completion ? refs[(k * 7 + round) % refs.length] : hover[(k * 13 + round) % hover.length];
      const t = performance.now();
      const method = completion ? 'textDocument/completion' : 'textDocument/hover';
      const answered = client.request(method, { textDocument: { uri: spec.uri }, position: at }).then(() => {
        if (t >= windowStart && t <= windowEnd) (completion ? out.completion : out.hover).push(performance.now() - t);
      });
      // The next request once this one is answered and the pace allows (a user waits for what they asked for).
      await Promise.all([answered, new Promise((r) => setTimeout(r, REQUEST_PACE_MS))]);
    }
  }
  return out;
}

/** RSS once settled: ours after its idle collection (idleCollector.ts), the anchor once it stops falling. */
export async function settledRss(client: BenchClient, kind: ServerKind, idle: Promise<string | undefined>): Promise<number | undefined> {
  if (kind === 'specsocket') await idle;
  return client.settledRssMb();
}

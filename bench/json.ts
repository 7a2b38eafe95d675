// bench-timeout: 300
/**
 * JSON specs on the typing path (issue 13 item 13): generated AsyncAPI 3.0 JSON of ~14k and ~70k lines.
 * In-process: CPU time of a full parse, and of an edit (one character typed into a description) through the
 * store and the fast diagnostics, with how many edits were spliced. Over LSP (dist/server.js): edit → fresh
 * diagnostics, and a burst of five keystrokes sent back to back followed by documentSymbol (the versions
 * published and when, and when the symbols arrive). CPU time, not wall time: the machine is shared.
 * Run: node --import tsx bench/json.ts
 */
import { LanguageService } from '../server/src/languageService/languageService';
import { SpecDocument } from '../server/src/languageService/core/specDocument';
import { LineIndex } from '../server/src/languageService/core/lineIndex';
import { generateAsyncApiJson } from '../test/helpers/generate';
import { BenchClient } from './lsp';

const fs = { readFile: () => undefined, readDirectory: () => undefined };

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

function cpuMs(fn: () => unknown): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/** Offsets inside description strings spread over the text, where the edits go. */
function editOffsets(text: string, n: number): number[] {
  const all = [...text.matchAll(/"description": "/g)].map((m) => m.index + m[0].length + 1);
  return Array.from({ length: n }, (_, i) => all[Math.floor(((i + 0.5) * all.length) / n)]);
}

function inProcess(text: string, lines: number): string[] {
  const full = [0, 1, 2].map(() => cpuMs(() => new SpecDocument('file:///bench/full.json', text, 1))).sort((a, b) => a - b)[1];
  const service = new LanguageService({ fs, onError: (f, e) => console.error(f, e) });
  const uri = 'file:///bench/a.json';
  service.store.setOpen(uri, text, 1);
  service.fastDiagnostics(uri);
  let cur = text;
  let spliced = 0;
  const times: number[] = [];
  editOffsets(text, 40).forEach((at, i) => {
    cur = cur.slice(0, at + i) + 'x' + cur.slice(at + i); // after the i characters typed before it
    const prevAst = service.store.get(uri)!.ast;
    times.push(cpuMs(() => (service.store.setOpen(uri, cur, i + 2), service.fastDiagnostics(uri))));
    if (service.store.get(uri)!.ast === prevAst) spliced++;
  });
  return [
    `| full parse CPU (median of 3) | JSON, ${lines} lines | ${full.toFixed(0)} ms |`,
    `| in-process edit → fast diagnostics CPU p50 / p95 | JSON, ${lines} lines | ${pct(times, 0.5).toFixed(1)} / ${pct(times, 0.95).toFixed(1)} ms (${spliced}/40 spliced) |`,
  ];
}

async function overLsp(text: string, lines: number): Promise<string[]> {
  const client = new BenchClient();
  await client.initialize();
  const uri = 'file:///bench/lsp.json';
  const opened = client.nextDiagnostics(uri);
  await client.open(uri, text);
  await opened;
  const index = new LineIndex(text);
  const times: number[] = [];
  const offsets = editOffsets(text, 30);
  // One character on each of 30 lines: positions in the original text stay valid (no line added).
  for (const at of offsets) {
    const p = index.position(at);
    const fresh = client.nextDiagnostics(uri);
    const t = performance.now();
    await client.edit(uri, p.line, p.character, 0, 'x');
    times.push((await fresh) - t);
  }
  // A burst: five keystrokes in one place, then documentSymbol, all sent without waiting.
  const p = index.position(offsets[offsets.length - 1] + 1);
  const from = client.published.length;
  const t0 = performance.now();
  for (let k = 0; k < 5; k++) void client.edit(uri, p.line, p.character + k, 0, 'y');
  const lastVersion = offsets.length + 6;
  const last = client.nextDiagnostics(uri, lastVersion);
  const symbolMs = await client.request('textDocument/documentSymbol', { textDocument: { uri } }).then(() => performance.now() - t0);
  await last;
  const burst = client.published.slice(from).filter((x) => x.uri === uri && x.version! <= lastVersion);
  await client.shutdown();
  return [
    `| edit → fresh diagnostics (LSP) p50 / p95 | JSON, ${lines} lines | ${pct(times, 0.5).toFixed(0)} / ${pct(times, 0.95).toFixed(0)} ms |`,
    `| burst of 5 keystrokes: versions published (ms after sending) | JSON, ${lines} lines | ${burst.map((x) => `v${x.version! - offsets.length - 1} +${(x.at - t0).toFixed(0)}`).join(', ')} |`,
    `| burst of 5 keystrokes: documentSymbol answered after | JSON, ${lines} lines | ${symbolMs.toFixed(0)} ms |`,
  ];
}

async function main(): Promise<void> {
  const rows = ['| metric | subject | measured |', '|---|---|---|'];
  for (const lines of [14000, 70000]) {
    const text = generateAsyncApiJson('3.0', lines);
    const n = text.split('\n').length - 1;
    rows.push(...inProcess(text, n), ...(await overLsp(text, n)));
  }
  console.log(rows.join('\n'));
}

void main();

/**
 * Replays the edits of a fuzz run's over-budget report (test/fuzz/found/over-budget-seed<S>.json) in process, as
 * the server runs them: `store.setOpen` (the parse) and `fastDiagnostics`, CPU time of each (process.cpuUsage),
 * and whether the parse went by sections. Not part of `npm run bench` (its name starts with `_`). With `--lsp`,
 * each case runs as the fuzz suite runs it, through dist/server.js (`npm run build` first): the worst CPU per kind.
 * Run: node --import tsx bench/_overBudgetReplay.ts <report.json> [runs] [--lsp]
 */
import { readFileSync } from 'node:fs';
import { LanguageService } from '../server/src/languageService/languageService';
import { hasSections } from '../server/src/languageService/core/incrementalSections';
import { nodeFileSystem } from '../server/src/languageService/core/nodeFileSystem';
import { resolveEdit } from '../test/fuzz/edits';
import { fuzzWorkspace } from '../test/fuzz/workspace';
import { fileUri } from '../test/helpers/fixtures';
import { LspFuzzer, type LspCase } from '../test/fuzz/lspCase';
import { FuzzStats } from '../test/fuzz/stats';

function cpuMs(fn: () => unknown): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const lsp = process.argv.includes('--lsp');
const [reportPath, runsArg] = process.argv.slice(2).filter((a) => a !== '--lsp');
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
  what: string;
  timing: { cpuMs: number };
  input: { doc: string; what: string; case: LspCase };
}[];
const runs = Number(runsArg ?? 1);
const ws = fuzzWorkspace();

async function overLsp(): Promise<void> {
  for (const [n, o] of report.entries()) {
    console.log(`#${n} ${o.input.doc}: ${o.input.what}, was ${o.timing.cpuMs} ms CPU`);
    for (let run = 0; run < runs; run++) {
      const stats = new FuzzStats();
      const fuzzer = new LspFuzzer(ws, stats);
      try {
        await fuzzer.run(o.input.case);
      } finally {
        await fuzzer.stop();
      }
      console.log(`  run ${run}:\n${stats.summary()}`);
    }
  }
}

function inProcess(): void {
  for (const [n, o] of report.entries()) {
    const c = o.input.case;
    const path = ws.docAt(c.doc);
    console.log(`#${n} ${o.input.doc}: ${o.input.what}, LSP ${o.timing.cpuMs} ms CPU`);
    for (let run = 0; run < runs; run++) {
      const service = new LanguageService({ fs: nodeFileSystem, onError: (f, e) => console.error(f, e) });
      service.workspaceFolders = [ws.rootUri];
      const uri = fileUri(path);
      let text = readFileSync(path, 'utf8');
      service.store.setOpen(uri, text, 1);
      service.fastDiagnostics(uri);
      const row: string[] = [];
      c.steps.forEach((step, i) => {
        const r = resolveEdit(step.edit, text, ws.secretTargets(path));
        text = text.slice(0, r.start) + r.text + text.slice(r.end);
        const version = i + 2;
        const prev = service.store.get(uri)!.ast;
        const parse = cpuMs(() => service.store.setOpen(uri, text, version));
        const doc = service.store.get(uri)!;
        const syntax = cpuMs(() => service.parserDiagnostics(uri));
        let count = 0;
        const fast = cpuMs(() => (count = service.fastDiagnostics(uri).length));
        const how = doc.ast === prev ? (hasSections(doc.ast) ? 'sections' : 'splice') : hasSections(doc.ast) ? 'whole, by sections' : 'whole';
        row.push(
          `v${version} ${step.edit.kind} ${text.length}: parse ${parse.toFixed(0)} (${how}) + syntax ${syntax.toFixed(0)} + fast ${fast.toFixed(0)} ms, ${count} diags`,
        );
      });
      console.log(`  run ${run}:\n    ${row.join('\n    ')}`);
    }
  }
}

(lsp ? overLsp() : Promise.resolve(inProcess())).finally(() => ws.remove());

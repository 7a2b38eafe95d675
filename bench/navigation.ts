// bench-timeout: 240
/**
 * Navigation figures on generated 10k/50k-line specs: each request on a fresh document version (the ref
 * index is built by the first request after an edit) and warm (index cached). Parsing is excluded: the
 * store parses a version once, before any feature runs. Run: node --import tsx bench/navigation.ts
 */
import { LanguageService } from '../server/src/languageService/languageService';
import type { FileSystem } from '../server/src/languageService/core/types';
import { generateAsyncApi, type AsyncApiFlavour } from '../test/helpers/generate';

const fs: FileSystem = { readFile: () => undefined, readDirectory: () => ['a.yaml', 'common.yaml'] };

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function run(flavour: AsyncApiFlavour, lines: number): void {
  const text = generateAsyncApi(flavour, lines);
  const uri = 'file:///bench/a.yaml';
  const service = new LanguageService({ fs, onError: (f, e) => console.error(f, e) });
  const refAt = text.indexOf("$ref: '#/components/") + 12;
  const keyAt = text.indexOf('\n    Schema1:') + 6;
  const requests: Record<string, () => unknown> = {
    definition: () => service.definition(uri, refAt),
    references: () => service.references(uri, keyAt, true),
    rename: () => service.rename(uri, keyAt, 'Renamed'),
    hover: () => service.hover(uri, refAt),
    refCompletion: () => service.completions(uri, refAt),
    symbols: () => service.symbols(uri),
  };
  const rows: string[] = [];
  let version = 1;
  for (const [name, fn] of Object.entries(requests)) {
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < 15; i++) {
      service.store.setOpen(uri, text + ' '.repeat(i % 2), ++version);
      cold.push(time(fn));
      for (let j = 0; j < 5; j++) warm.push(time(fn));
    }
    rows.push(`| ${flavour} | ${lines} | ${name} | ${p95(cold).toFixed(2)} | ${p95(warm).toFixed(2)} |`);
  }
  console.log(rows.join('\n'));
}

console.log('| spec | lines | request | p95 first after edit (ms) | p95 warm (ms) |\n|---|---|---|---|---|');
for (const lines of [10_000, 50_000]) for (const f of ['2.6', '3.0'] as AsyncApiFlavour[]) run(f, lines);

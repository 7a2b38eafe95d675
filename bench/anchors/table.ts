/** The anchored table: one row per measurement and subject, ours beside the anchor, with the ratio and the load. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Anchors } from './install';

export function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] ?? NaN;
}

export const fmt = (x: number): string => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) + ' ms' : 'n/a');

interface Cell {
  kind: string;
  text: string;
  /** What the ratio compares (p95, CPU, MB). */
  value: number;
  /** CPU time beside a wall-time `value`, where one was measured. */
  cpu?: number;
  load: number;
}

export class Table {
  private readonly rows = new Map<string, { metric: string; subject: string; budget: string; cells: Cell[] }>();

  record(metric: string, subject: string, kind: string, text: string, value: number, load: number, budget = '', cpu?: number): void {
    const key = `${metric}\u0000${subject}`;
    const row = this.rows.get(key) ?? { metric, subject, budget, cells: [] };
    row.cells.push({ kind, text, value, cpu, load });
    row.budget ||= budget;
    this.rows.set(key, row);
    console.error(`  ${metric} | ${subject} | ${kind}: ${text} (load ${load.toFixed(1)})`);
  }

  /** Installed versions, read from the packages themselves. */
  versions(a: Anchors): string {
    const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    const cliDir = join(a.asyncapiBin, '..', '..');
    return `yaml-language-server ${version(join(a.yamlLsBin, '..', '..'))}, @asyncapi/cli ${version(cliDir)}, @asyncapi/parser ${version(a.parserDir)}`;
  }

  markdown(): string {
    const lines = ['| what | subject | budget | SpecSocket | anchor | anchor ÷ ours | load (1 min) |', '|---|---|---|---|---|---|---|'];
    for (const r of this.rows.values()) {
      const ours = r.cells.find((c) => c.kind === 'specsocket');
      for (const other of r.cells.filter((c) => c !== ours)) {
        const ratio = ours && ours.value > 0 ? `${(other.value / ours.value).toFixed(1)}×` : '';
        const cpuRatio = ours?.cpu && other.cpu !== undefined ? `; CPU ${(other.cpu / ours.cpu).toFixed(1)}×` : '';
        const load = [ours?.load, other.load].filter((x) => x !== undefined).map((x) => x!.toFixed(1));
        lines.push(
          `| ${r.metric} | ${r.subject} | ${r.budget} | ${ours?.text ?? ''} | ${other.kind}: ${other.text} | ${ratio}${cpuRatio} | ${load.join(' / ')} |`,
        );
      }
    }
    return lines.join('\n');
  }
}

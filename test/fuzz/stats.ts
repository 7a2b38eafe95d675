/** What a fuzz run did and how long the server took: counts, the worst CPU per kind, the slowest wall times. */
import { BUDGET_MS, overBudget, type Timing } from './budget';

export class FuzzStats {
  private readonly counts = new Map<string, number>();
  private readonly worst = new Map<string, Timing>();
  /** Wall times over budget whose CPU was under it: the machine's load, reported, not failed. */
  private readonly slow: { what: string; timing: Timing }[] = [];
  /** Over the budget by the server's CPU (short of a stall): for the owner, with the input that did it. */
  readonly overBudget: { what: string; timing: Timing; input: unknown }[] = [];

  count(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }

  /** `input`: the case, for timings the budget covers (edits and requests; not opening a document). */
  time(what: string, timing: Timing, input?: unknown): void {
    this.count(what);
    if (input !== undefined && overBudget(timing)) this.overBudget.push({ what, timing, input });
    const w = this.worst.get(what);
    if (!w || (timing.cpuMs ?? timing.wallMs) > (w.cpuMs ?? w.wallMs)) this.worst.set(what, timing);
    if (timing.wallMs > BUDGET_MS && (timing.cpuMs ?? 0) <= BUDGET_MS) this.slow.push({ what, timing });
  }

  summary(): string {
    const ms = (t: Timing) => `${t.cpuMs === undefined ? '?' : t.cpuMs.toFixed(0)} ms CPU / ${t.wallMs.toFixed(0)} ms wall`;
    const lines = [...this.counts].map(([k, v]) => `  ${k}: ${v}${this.worst.has(k) ? `, worst ${ms(this.worst.get(k)!)}` : ''}`);
    const slowest = [...this.slow].sort((a, b) => b.timing.wallMs - a.timing.wallMs).slice(0, 5);
    if (this.slow.length)
      lines.push(`  wall over ${BUDGET_MS} ms (CPU under: load): ${this.slow.length}; slowest ${slowest.map((s) => `${s.what} ${ms(s.timing)}`).join('; ')}`);
    const over = [...this.overBudget].sort((a, b) => b.timing.cpuMs! - a.timing.cpuMs!).slice(0, 5);
    if (over.length)
      lines.push(
        `  over budget (${BUDGET_MS} ms server CPU), reported: ${this.overBudget.length}; worst ${over.map((o) => `${o.what} ${ms(o.timing)}`).join('; ')}`,
      );
    return lines.join('\n');
  }
}

/**
 * A seeded, time-boxed fast-check search: first runs until the time is up or a case fails (no shrinking on the
 * clock of the search), then shrinks the failure by replaying its seed and path within its own time. A failure
 * is written as a reproducer (test/fuzz/found/, git-ignored) with the command that replays it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

export const FOUND_DIR = join(__dirname, 'found');

export interface SearchOptions {
  seed: number;
  searchMs: number;
  shrinkMs: number;
  /** Replay (and shrink) this counterexample path of `seed` instead of searching. */
  path?: string;
}

export interface Suite<T> {
  name: string;
  arb: fc.Arbitrary<T>;
  /** Throws (with what went wrong) when a case breaks a rule. */
  check: (t: T) => Promise<void>;
  /** Files that help a reader of the reproducer (the mutated document), by file name suffix. */
  extras?: (t: T) => Record<string, string>;
}

/** The search's outcome: the runs made, and the reproducer's path when a case failed. */
export async function search<T>(suite: Suite<T>, o: SearchOptions): Promise<{ runs: number; found?: string }> {
  const property = fc.asyncProperty(suite.arb, suite.check);
  let path = o.path;
  let runs = 0;
  let first: { error: string; counterexample: T | undefined } | undefined;
  if (path === undefined) {
    const found = await fc.check(property, {
      seed: o.seed,
      numRuns: Number.MAX_SAFE_INTEGER,
      endOnFailure: true,
      plugins: [fc.interruptAfterTimeLimit(o.searchMs)],
    });
    runs = found.numRuns;
    if (!found.failed) return { runs };
    path = found.counterexamplePath!;
    first = { error: errorText(found.errorInstance), counterexample: (found.counterexample as [T] | null)?.[0] };
    console.log(`[${suite.name}] failed at run ${runs} (seed ${o.seed}, path ${path}); shrinking for up to ${(o.shrinkMs / 1000).toFixed(0)} s`);
  }
  const shrunk = await fc.check(property, { seed: o.seed, path, plugins: [fc.interruptAfterTimeLimit(o.shrinkMs)] });
  if (!shrunk.failed) {
    console.log(`[${suite.name}] seed ${o.seed} path ${path} did not fail again (flaky?)`);
    // Kept as found: a failure that depends on the state earlier cases left (a long-running server's heap) is news too.
    const error = `${first?.error ?? 'replayed'}\n(did not fail again when replayed alone)`;
    return { runs, found: first ? writeReproducer(suite, o.seed, path, first.counterexample, error) : undefined };
  }
  const counterexample = (shrunk.counterexample as [T] | null)?.[0];
  return { runs, found: writeReproducer(suite, o.seed, shrunk.counterexamplePath ?? path, counterexample, errorText(shrunk.errorInstance)) };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function writeReproducer<T>(suite: Suite<T>, seed: number, path: string, counterexample: T | undefined, error: string): string {
  mkdirSync(FOUND_DIR, { recursive: true });
  const base = join(FOUND_DIR, `${suite.name}-seed${seed}-${path.replace(/:/g, '_').slice(0, 60)}`);
  const replay = `npm run fuzz -- --suite ${suite.name} --seed ${seed} --path ${path}`;
  writeFileSync(`${base}.json`, JSON.stringify({ suite: suite.name, seed, path, replay, error, counterexample }, bytesAsHex, 2) + '\n');
  if (counterexample !== undefined) for (const [suffix, text] of Object.entries(suite.extras?.(counterexample) ?? {})) writeFileSync(`${base}${suffix}`, text);
  console.log(`[${suite.name}] FAILED: ${error}\n  reproducer: ${base}.json\n  replay: ${replay}`);
  return `${base}.json`;
}

/** Frames' bytes as hex and big lengths as strings, so a reproducer is plain JSON a reader can follow. */
function bytesAsHex(_key: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return { hex: Buffer.from(v).toString('hex') };
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/** A JSON report beside the reproducers (the over-budget cases); returns its path. */
export function writeReport(name: string, data: unknown): string {
  mkdirSync(FOUND_DIR, { recursive: true });
  const path = join(FOUND_DIR, name);
  writeFileSync(path, JSON.stringify(data, bytesAsHex, 2) + '\n');
  return path;
}

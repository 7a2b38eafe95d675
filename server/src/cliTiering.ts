/**
 * V8's tiers for a CLI run. A `check` run is short (a file: ~0.15 s, the test corpus of 69 files: ~1 s) and
 * meets most of its code a few hundred times at most: TurboFan, V8's top tier, spends more CPU compiling that
 * code (on its own threads: a third of a corpus run's CPU) than its code saves before the process exits. Maglev,
 * the mid tier (V8 ≥ 12, Node ≥ 22, on x64 and arm64), optimizes cheaply enough on its own. Figures (Node 24,
 * CPU, docs/performance.md, "The corpus check"): a 1k-line spec 150 → 140 ms, the corpus 1.03 → 0.88 s, two
 * 50k-line specs 2.5 → 2.2 s; at ~6 s of work (eight of them) TurboFan wins back ~5 %, a size CI rarely checks
 * in one run. Without Maglev (Node 20) only the baseline tier would be left, and the 50k-line specs took 40 %
 * longer: nothing is changed there.
 */
export function shortRunFlags(command: string | undefined, v8Version: string, arch: string): string | undefined {
  // `mock` serves until stopped, and `test` waits on a server: their code runs long enough to earn TurboFan.
  if (command !== 'check') return undefined;
  const major = Number(v8Version.split('.')[0]);
  return major >= 12 && (arch === 'x64' || arch === 'arm64') ? '--no-turbofan' : undefined;
}

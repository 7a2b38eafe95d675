/**
 * A minimal test harness for the extension host (no mocha needed): named async tests run in order; results go
 * to the file the launcher names (SPECSOCKET_E2E_RESULTS) and to the console; `run()` rejects when any failed.
 */
import { appendFileSync } from 'node:fs';

type TestFn = () => Promise<void>;
const tests: { name: string; fn: TestFn }[] = [];

export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn });
}

function report(line: string): void {
  console.log(line);
  if (process.env.SPECSOCKET_E2E_RESULTS) appendFileSync(process.env.SPECSOCKET_E2E_RESULTS, line + '\n');
}

export async function runAll(): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const started = Date.now();
    try {
      await t.fn();
      passed++;
      report(`✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      report(`✖ ${t.name}\n  ${e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, '\n  ') : String(e)}`);
    }
  }
  report(`e2e: ${passed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} e2e test(s) failed`);
}

/** Resolves when `pred` holds, re-checking whenever `subscribe`'s event fires; rejects after `timeoutMs`. */
export function waitFor<T>(
  check: () => T | undefined,
  subscribe: (listener: () => void) => { dispose(): void },
  what: string,
  timeoutMs = 30000,
): Promise<T> {
  const now = check();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const sub = subscribe(() => {
      const v = check();
      if (v !== undefined) {
        clearTimeout(timer);
        sub.dispose();
        resolve(v);
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
  });
}
